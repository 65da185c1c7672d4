import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { MemberId } from '../../src/core/model/member';
import { compactRecord } from '../../src/core/model/records';
import { validateClient, validateClientField, validateAddress, defaultClient, clientDisplayName, fullClient, leanClient, compactClient, CLIENT_FIELDS, type Client, type ClientId } from '../../src/core/model/client';
import { validateContact } from '../../src/core/model/contact';
import { validateMember } from '../../src/core/model/member';
import { validateFieldDef, validateCustomValue, type FieldDef, type FieldDefId } from '../../src/core/model/fieldDef';
import { validateInteraction } from '../../src/core/model/interaction';
import { validateTask } from '../../src/core/model/task';
import { validatePlan } from '../../src/core/model/plan';
import { validateBatchInfo, batchIdFor, isBatchId } from '../../src/core/model/batch';
import { deterministicId, hashBytes, isIdShape, randomId } from '../../src/core/model/ids';
import { chunkLines, decodeChunk, lineAt, validatePurchaseLine, type PurchaseLine } from '../../src/core/model/purchase';
import { encodeChunk } from '../../src/core/model/purchaseEncode';
import { dayToIso, isoToDay } from '../../src/core/util/day';
import { unwrap } from '../../src/core/util/result';

const CID = 'cli_0123456789abcdefghjkmnpqr' as ClientId;
const HOSTILE = ['<script>alert(1)</script>', '"; DROP TABLE clients; --', '\u0000\u202e\uFEFF', '__proto__', 'x'.repeat(100_000), '🙂‍↔️ ё Ё ѓ'];

describe('ids', () => {
  it('random ids have the shape their validator expects and differ', () => {
    const a = randomId('cli'), b = randomId('cli');
    expect(isIdShape(a, 'cli')).toBe(true);
    expect(a).not.toBe(b);
    expect(isIdShape(a, 'con')).toBe(false);
  });
  it('deterministic ids depend on every part and on the part boundaries', () => {
    expect(deterministicId('bat', 'a', 'b')).toBe(deterministicId('bat', 'a', 'b'));
    expect(deterministicId('bat', 'a', 'b')).not.toBe(deterministicId('bat', 'ab', ''));
    // Ids never change between versions: two laptops importing one file must meet on the same ids.
    expect([deterministicId('cli', 'ext', 'CUST-7'), deterministicId('cli', 'row', 'f'.repeat(64), 'name:ромашка ооо'), deterministicId('con', 'x'.repeat(200)), deterministicId('bat')])
      .toEqual(['cli_nk9vxnc76hznvr1644d9aabrs', 'cli_b88av9ay3padhtwx011jm6shr', 'con_n8gc4fhj061m0m37krerh50vk', 'bat_werc8gmrzge196qvyk49jvxs4']);
    // One reused hasher gives what a fresh one gives, call after call (any lengths: one block or several).
    fc.assert(fc.property(fc.array(fc.string({ maxLength: 150 }), { maxLength: 4 }), (parts) => {
      const hex = hashBytes(new TextEncoder().encode(parts.join('\u001f')));
      const again = deterministicId('x', ...parts);
      expect(again).toBe(deterministicId('x', ...parts));
      expect(again).toBe(`x_${base32Hex(hex)}`);
    }), { numRuns: 300 });
    expect(isBatchId(batchIdFor('h', 'm'))).toBe(true);
    expect(batchIdFor('h', 'm')).not.toBe(batchIdFor('h', 'n'));
  });
  it('hashBytes is hex sha-256', () => {
    expect(hashBytes(new TextEncoder().encode('abc'))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
  it('rejects ids with the wrong prefix, characters or type', () => {
    for (const bad of [undefined, null, 42, '', 'cli_', 'cli_SHOUTING12345', 'cli_../../etc/passwd', 'cli_abc', { id: 'x' }]) expect(isIdShape(bad, 'cli')).toBe(false);
  });
});

describe('validateClient', () => {
  it('accepts a complete record unchanged', () => {
    const c = { ...defaultClient(CID, '2026-01-01T00:00:00.000Z', ''), name: 'Альфа', tags: ['VIP'], phones: ['+79161234567'], addresses: [{ id: 'a1', kind: 'office' as const, line: 'ул. Ленина, 1', city: 'Москва', postalCode: '101000', country: 'RU' }], custom: { f: 3, g: 'x', h: true } };
    const v = unwrap(validateClient(c));
    expect(v).toMatchObject(c); // every field kept (fields added later are filled with defaults)
    expect(unwrap(validateClient(v))).toEqual(v); // and validation is idempotent
  });
  it('refuses records without a valid id', () => {
    for (const raw of [null, 'x', [], {}, { id: 'con_0123456789abcdef', name: 'x' }, { id: 42 }]) expect(validateClient(raw).ok).toBe(false);
  });
  it('repairs wrong types to defaults instead of failing', () => {
    const r = unwrap(validateClient({ id: CID, name: 7, kind: 'alien', tags: ['ok', 3, null], isKey: 'yes', phones: 'x', addresses: [{ id: 'a', kind: 'moon' }, { nope: 1 }, 'str'], custom: { a: NaN, b: Infinity, c: { deep: 1 }, d: 'fine' }, deletedAt: 5 }));
    expect(r.name).toBe('');
    expect(r.kind).toBe('company');
    expect(r.tags).toEqual(['ok']);
    expect(r.isKey).toBe(false);
    expect(r.phones).toEqual([]);
    expect(r.addresses).toEqual([{ id: 'a', kind: 'other', line: '', city: '', postalCode: '', country: '' }]);
    expect(r.custom).toEqual({ a: null, b: null, c: null, d: 'fine' });
    expect(r.deletedAt).toBe('');
  });
  it('keeps hostile strings as inert text and never pollutes prototypes', () => {
    for (const s of HOSTILE) {
      const r = unwrap(validateClient(JSON.parse(JSON.stringify({ id: CID, name: s, notes: s, custom: { [s]: s } }))));
      expect(r.name).toBe(s);
      expect(r.notes).toBe(s);
    }
    const r = unwrap(validateClient(JSON.parse(`{"id":"${CID}","name":"x","__proto__":{"polluted":1},"custom":{"__proto__":{"polluted":1}}}`)));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((r as unknown as Record<string, unknown>).polluted).toBeUndefined();
  });
  it('never throws on arbitrary input', () => {
    fc.assert(fc.property(fc.anything(), (x) => { validateClient(x); validateClient({ ...(typeof x === 'object' && x ? x : {}), id: CID }); }), { numRuns: 300 });
  });
  it('validates single-field edits by type', () => {
    expect(validateClientField('name', '  ')).toMatchObject({ ok: false });
    expect(validateClientField('name', ' Альфа ')).toEqual({ ok: true, value: 'Альфа' });
    expect(validateClientField('kind', 'robot').ok).toBe(false);
    expect(validateClientField('isKey', 'true').ok).toBe(false);
    expect(validateClientField('phones', [' +7 916 ', '', '  ']).ok && unwrap(validateClientField('phones', [' +7 916 ', '', '  ']))).toEqual(['+7 916']);
    expect(validateClientField('emails', ['a', 1]).ok).toBe(false);
    expect(validateClientField('notes', { x: 1 }).ok).toBe(false);
  });
  it('addresses need an id', () => {
    expect(validateAddress({ kind: 'legal' }).ok).toBe(false);
    expect(unwrap(validateAddress({ id: 'a', kind: 'legal', city: 3 })).city).toBe('');
  });
  it('display name shows the legal form for companies only', () => {
    expect(clientDisplayName({ name: 'Альфа', legalForm: 'ООО', kind: 'company' })).toBe('ООО «Альфа»');
    expect(clientDisplayName({ name: 'Иван', legalForm: 'ООО', kind: 'person' })).toBe('Иван');
  });
});

describe('other validators', () => {
  it('contact: needs its id and client id; bad birthday dropped', () => {
    expect(validateContact({ id: 'con_0123456789ab', clientId: 'nope' }).ok).toBe(false);
    expect(validateContact({ id: 'bad', clientId: CID }).ok).toBe(false);
    const c = unwrap(validateContact({ id: 'con_0123456789ab', clientId: CID, birthday: '1990-02-30', phones: [1, '+7'] }));
    expect(c.birthday).toBe('');
    expect(c.phones).toEqual(['+7']);
    expect(unwrap(validateContact({ id: 'con_0123456789ab', clientId: CID, birthday: '1990-02-28' })).birthday).toBe('1990-02-28');
  });
  it('member: name required, colour repaired', () => {
    expect(validateMember({ id: 'mem_0123456789ab', name: '  ' }).ok).toBe(false);
    const m = unwrap(validateMember({ id: 'mem_0123456789ab', name: 'Анна', colour: 'red' }));
    expect(m.colour).toMatch(/^#[0-9a-f]{6}$/);
    expect(m.active).toBe(true);
  });
  it('field defs and custom values', () => {
    expect(validateFieldDef({ id: 'fld_0123456789ab', label: '' }).ok).toBe(false);
    expect(unwrap(validateFieldDef({ id: 'fld_0123456789ab', label: 'X', type: 'weird' })).type).toBe('text');
    const def = (type: FieldDef['type']): FieldDef => ({ id: 'fld_0123456789ab' as FieldDefId, label: 'x', type, choices: ['a', 'b'], order: 0, archived: false });
    expect(validateCustomValue(def('number'), '3').ok).toBe(false);
    expect(validateCustomValue(def('number'), NaN).ok).toBe(false);
    expect(validateCustomValue(def('number'), 3)).toEqual({ ok: true, value: 3 });
    expect(validateCustomValue(def('date'), '2026-13')).toMatchObject({ ok: false });
    expect(validateCustomValue(def('choice'), 'c').ok).toBe(false);
    expect(validateCustomValue(def('choice'), 'a').ok).toBe(true);
    expect(validateCustomValue(def('text'), '')).toEqual({ ok: true, value: null });
  });
  it('interactions, tasks and plans refuse bad dates and client ids', () => {
    expect(validateInteraction({ id: 'int_0123456789ab', clientId: CID, date: '2026-02-29' }).ok).toBe(false);
    expect(unwrap(validateInteraction({ id: 'int_0123456789ab', clientId: CID, date: '2024-02-29', kind: 'telepathy' })).kind).toBe('note');
    expect(validateTask({ id: 'tsk_0123456789ab', clientId: CID, due: 'tomorrow' }).ok).toBe(false);
    expect(validateTask({ id: 'tsk_0123456789ab', clientId: 'x', due: '2026-01-01' }).ok).toBe(false);
    expect(unwrap(validatePlan({ id: 'pln_0123456789ab', clientId: CID, date: '2026-01-01', probability: 7 })).probability).toBe(1);
  });
  it('batch info repairs counts and client lists', () => {
    const b = unwrap(validateBatchInfo({ id: batchIdFor('h', 'm'), rowsRead: 'x', createdClientIds: [CID, 3], entity: 'weird' }));
    expect(b.rowsRead).toBe(0);
    expect(b.createdClientIds).toEqual([CID]);
    expect(b.entity).toBe('purchases');
    expect(validateBatchInfo({ id: 'bat_x' }).ok).toBe(false);
  });
});

describe('days', () => {
  it('round-trips and refuses impossible dates', () => {
    fc.assert(fc.property(fc.integer({ min: -100_000, max: 100_000 }), (d) => isoToDay(dayToIso(d)) === d));
    for (const bad of ['2026-02-30', '2026-1-01', 'abcd-ef-gh', '', '2026/01/01']) expect(isoToDay(bad)).toBeNaN();
  });
});

const isoDay = fc.integer({ min: -30_000, max: 60_000 }).map(dayToIso);
const lineArb: fc.Arbitrary<PurchaseLine> = fc.record({
  clientId: fc.constantFrom('cli_aaaaaaaaaaaa', 'cli_bbbbbbbbbbbb', 'cli_cccccccccccc').map((s) => s as ClientId),
  date: isoDay,
  amount: fc.double({ noNaN: true, noDefaultInfinity: true }),
  qty: fc.double({ noNaN: true, noDefaultInfinity: true }),
  cost: fc.oneof(fc.constant(NaN), fc.double({ noNaN: true, noDefaultInfinity: true })),
  orderId: fc.oneof(fc.constant(''), fc.string({ unit: 'grapheme', maxLength: 6 })),
  product: fc.oneof(fc.constant(''), fc.string({ unit: 'grapheme', maxLength: 10 })),
  category: fc.oneof(fc.constant(''), fc.constantFrom('Хлеб', 'Напитки', '"quoted"', '\\')),
});

const same = (a: PurchaseLine, b: PurchaseLine) => Object.is(a.amount, b.amount) && Object.is(a.qty, b.qty) && Object.is(a.cost, b.cost) &&
  a.clientId === b.clientId && a.date === b.date && a.orderId === b.orderId && a.product === b.product && a.category === b.category;

describe('purchase chunk codec', () => {
  it('decode(encode(lines)) gives the same lines (NaN cost and -0 preserved)', () => {
    fc.assert(fc.property(fc.array(lineArb, { maxLength: 60 }), (lines) => {
      const d = decodeChunk(encodeChunk(lines));
      if (!d.ok) return false;
      const back = chunkLines(d.value);
      return back.length === lines.length && back.every((l, i) => same(l, lines[i]!));
    }), { numRuns: 400 });
  });
  it('a chunk with no known cost stores no cost column; a mixed one keeps NaN per row', () => {
    const base: PurchaseLine = { clientId: CID, date: '2026-01-02', amount: 10, qty: 1, cost: NaN, orderId: '', product: 'p', category: '' };
    const noCost = unwrap(decodeChunk(encodeChunk([base, base])));
    expect(noCost.cost).toBeNull();
    expect(lineAt(noCost, 1).cost).toBeNaN();
    const mixed = unwrap(decodeChunk(encodeChunk([base, { ...base, cost: 7 }])));
    expect(mixed.cost).not.toBeNull();
    expect(lineAt(mixed, 0).cost).toBeNaN();
    expect(lineAt(mixed, 1).cost).toBe(7);
    expect(encodeChunk([base, { ...base, cost: 7 }]).byteLength).toBeGreaterThan(encodeChunk([base, base]).byteLength);
  });
  it('decodes a chunk sitting at an odd offset inside a bigger buffer', () => {
    const enc = encodeChunk([{ clientId: CID, date: '2026-01-02', amount: 1.5, qty: 2, cost: 1, orderId: 'o', product: 'p', category: 'c' }]);
    const big = new Uint8Array(enc.length + 3);
    big.set(enc, 3);
    expect(chunkLines(unwrap(decodeChunk(big.subarray(3))))[0]!.amount).toBe(1.5);
  });
  it('rejects truncated, extended and garbage bytes with an error value, never a throw', () => {
    const lines = fc.sample(fc.array(lineArb, { minLength: 1, maxLength: 20 }), { numRuns: 20, seed: 7 });
    for (const ls of lines) {
      const enc = encodeChunk(ls);
      for (let cut = 0; cut < enc.length; cut += Math.max(1, Math.floor(enc.length / 50))) expect(decodeChunk(enc.subarray(0, cut)).ok).toBe(false);
      const longer = new Uint8Array(enc.length + 8); longer.set(enc);
      expect(decodeChunk(longer).ok).toBe(false);
    }
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => { decodeChunk(bytes); }), { numRuns: 1000 });
  });
  it('rejects bad dictionary indices and out-of-range days; mutated chunks never throw and always read back', () => {
    const ls: PurchaseLine[] = [{ clientId: CID, date: '2026-01-02', amount: 1, qty: 1, cost: NaN, orderId: 'o', product: 'p', category: 'c' }];
    const width: Record<string, number> = { f64: 8, f32: 4, c32: 4, i32: 4, i16: 2, u16: 2 };
    const order = ['amount', 'qty', 'cost', 'client', 'day', 'order', 'product', 'category'];
    const names = ['client', 'day', 'order', 'product', 'category'];
    /** `bytes` with one line's cell of column `col` set to `v`, located from the chunk's own header (KPC2 stores each column in its narrowest type). */
    const patchOf = (bytes: Uint8Array, col: number, v: number) => {
      const dv = new DataView(bytes.buffer);
      const hlen = dv.getUint32(4, true);
      const head = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + hlen))) as { t: Record<string, string> };
      let off = (8 + hlen + 7) & ~7;
      for (const c of order) { if (c === names[col]) break; const t = head.t[c]; if (t) off = (off + ls.length * width[t]! + 7) & ~7; }
      const b = bytes.slice();
      const bd = new DataView(b.buffer);
      const t = head.t[names[col]!]!;
      if (t === 'i32') bd.setInt32(off, v, true); else if (t === 'i16') bd.setInt16(off, v, true); else bd.setUint16(off, v & 0xffff, true);
      return { bytes: b, type: t };
    };
    const enc = encodeChunk(ls);
    const patch = (col: number, v: number) => patchOf(enc, col, v).bytes;
    expect(decodeChunk(patch(0, 1)).ok).toBe(false); // client index past the dictionary
    expect(decodeChunk(patch(0, 65_535)).ok).toBe(false); // a line must have a client (u16: no -1)
    expect(decodeChunk(patch(2, 5)).ok).toBe(false); // order index past the dictionary
    expect(decodeChunk(patch(3, -7)).ok).toBe(false); // product index below -1
    // Days of 1880–2059 take 16 bits (no value of which is out of range); a later date keeps 32.
    expect(patchOf(enc, 1, 0).type).toBe('i16');
    const far = patchOf(encodeChunk([{ ...ls[0]!, date: '2100-01-02' }]), 1, 2_000_000_000);
    expect(far.type).toBe('i32');
    expect(decodeChunk(far.bytes).ok).toBe(false); // a day no calendar can show
    expect(decodeChunk(patch(4, -1)).ok).toBe(true); // -1 = empty category is legal
    // Random byte flips: decode never throws, and whatever decodes can be read line by line.
    fc.assert(fc.property(fc.array(fc.tuple(fc.nat(enc.length - 1), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }), (flips) => {
      const b = enc.slice();
      for (const [i, v] of flips) b[i] = v;
      const d = decodeChunk(b);
      if (d.ok) chunkLines(d.value);
    }), { numRuns: 2000 });
  });
  it('validatePurchaseLine refuses lines the codec cannot store faithfully', () => {
    const l: PurchaseLine = { clientId: CID, date: '2026-01-02', amount: 1, qty: 1, cost: NaN, orderId: '', product: '', category: '' };
    expect(validatePurchaseLine(l).ok).toBe(true);
    expect(validatePurchaseLine({ ...l, clientId: '' as ClientId }).ok).toBe(false);
    expect(validatePurchaseLine({ ...l, date: '2026-02-30' }).ok).toBe(false);
    expect(validatePurchaseLine({ ...l, amount: Infinity }).ok).toBe(false);
    expect(validatePurchaseLine({ ...l, qty: NaN }).ok).toBe(false);
  });
});

export { HOSTILE };

/** The first 125 bits of a hex digest in Crockford base32 (lower case): written apart from ids.ts, by BigInt. */
function base32Hex(hex: string): string {
  let v = BigInt(`0x${hex}`) >> 131n;
  let out = '';
  for (let i = 0; i < 25; i++) { out = '0123456789abcdefghjkmnpqrstvwxyz'[Number(v & 31n)]! + out; v >>= 5n; }
  return out;
}

describe('lean clients (the import worker\'s messages)', () => {
  const NOW = '2026-02-03T04:05:06.000Z';
  it('keeps only what differs from the defaults, and gives back the same client, key order included', () => {
    const text = fc.constantFrom('', 'Ромашка', 'x');
    const clientArb = fc.record({
      kind: fc.constantFrom('company', 'person'), name: text, legalForm: fc.constantFrom('', 'ООО'), externalId: text, taxId: text,
      isKey: fc.boolean(), tags: fc.array(text, { maxLength: 2 }), phones: fc.array(text, { maxLength: 2 }),
      custom: fc.dictionary(fc.constantFrom('a', 'b'), fc.oneof(fc.string(), fc.boolean())),
      createdAt: fc.constantFrom(NOW, '2020-01-01T00:00:00.000Z'), createdBy: fc.constantFrom('', 'mem_a'),
    }, { requiredKeys: [] });
    fc.assert(fc.property(clientArb, fc.constantFrom('', 'mem_a'), (fields, by) => {
      const c: Client = { ...defaultClient(CID, NOW, by as ''), ...fields } as Client;
      const lean = leanClient(c, NOW, by as '');
      const back = fullClient(structuredClone(lean), NOW, by as '');
      expect(back).toEqual(c);
      expect(Object.keys(back)).toEqual(Object.keys(c));
      const d = defaultClient(CID, NOW, by as '') as unknown as Record<string, unknown>;
      for (const [k, v] of Object.entries(lean)) if (k !== 'id') expect(v).not.toEqual(d[k]);
    }), { numRuns: 300 });
  });

  it('compactClient stores what compactRecord of the stamped client stores, byte for byte', () => {
    // Any value in any field (also values of other types than Client says), set fields in CLIENT_FIELDS order.
    const value = fc.oneof(fc.constantFrom('', 'x', 0, 1, false, true, null, undefined), fc.constant([]), fc.constant(['a']), fc.constant({}), fc.constant({ a: 1 }));
    const fieldsArb = fc.dictionary(fc.constantFrom(...Object.keys(CLIENT_FIELDS)), value, { maxKeys: 12 });
    const stampArb = fc.option(fc.record({ createdAt: fc.constantFrom('', NOW), createdBy: fc.constantFrom('', 'mem_b'), updatedAt: fc.constantFrom('', NOW), updatedBy: fc.constantFrom('', 'mem_b') }), { nil: null });
    fc.assert(fc.property(fieldsArb, stampArb, (fields, stamp) => {
      const c = { ...defaultClient(CID, '2020-01-01T00:00:00.000Z', '') } as Record<string, unknown>;
      for (const k of Object.keys(CLIENT_FIELDS)) if (k in fields) c[k] = fields[k];
      const want = compactRecord(stamp ? { ...c, ...stamp } : c);
      const got = compactClient(c as unknown as Client, stamp);
      expect(JSON.stringify(got)).toBe(JSON.stringify(want));
      expect(Object.keys(got)).toEqual(Object.keys(want));
    }), { numRuns: 500 });
  });

  it('carries every field of a Client that differs from the default, one at a time', () => {
    // leanClient/fullClient name the fields one by one: a field they miss would come back as its default.
    const d = defaultClient(CID, NOW, 'mem_a' as MemberId) as unknown as Record<string, unknown>;
    const other = (v: unknown): unknown => (typeof v === 'boolean' ? !v : Array.isArray(v) ? ['x'] : typeof v === 'object' && v !== null ? { a: 1 } : 'x-other');
    const keys = Object.keys(CLIENT_FIELDS).filter((k) => k !== 'id');
    expect(keys.length).toBeGreaterThan(30);
    for (const k of keys) {
      const c = { ...d, [k]: other(d[k]) } as unknown as Client;
      const lean = leanClient(c, NOW, 'mem_a' as MemberId);
      expect(Object.keys(lean), k).toEqual(['id', k]);
      expect(fullClient(structuredClone(lean), NOW, 'mem_a' as MemberId), k).toEqual(c);
    }
    expect(leanClient(defaultClient(CID, NOW, 'mem_a' as MemberId), NOW, 'mem_a' as MemberId)).toEqual({ id: CID });
  });
});
