import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { runImport, runTail, type PipelineInput, type PipelineResult } from '../../src/core/import/pipeline';
import { findSplit, isPlannedTail, packTail, SPLIT_AT, unpackTail, type PlannedTail } from '../../src/core/import/split';
import type { Client, ClientId } from '../../src/core/model/client';
import { defaultClient } from '../../src/core/model/client';
import { unwrap } from '../../src/core/util/result';
import { CHUNK_ROWS } from '../../src/core/model/purchase';

// A file planned in two parts at once (split.ts) must give the plan and the chunks of one pass,
// byte for byte; where the parts cannot be joined, the lead reads the rest itself.

const SPLIT_FROM = 1024;
const MAPPING = {
  'Дата': 'date', 'Заказ': 'orderId', 'Код': 'clientExternalId', 'Клиент': 'clientName', 'Email': 'clientEmail',
  'Товар': 'product', 'Кол-во': 'qty', 'Сумма': 'amount',
} as const;
const HEADER = Object.keys(MAPPING).join(';');

const cp1251 = (text: string): Uint8Array => {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    out[i] = c < 128 ? c : c === 0x401 ? 0xa8 : c === 0x451 ? 0xb8 : c >= 0x410 && c <= 0x44f ? c - 0x410 + 0xc0 : 0x3f;
  }
  return out;
};

type Row = { day: number; order: number; ext: string; name: string; email: string; product: string; qty: string; amount: string };

/** Rows from small pools, so keys repeat across the split and collide by name or e-mail alone. */
const rowArb: fc.Arbitrary<Row> = fc.record({
  day: fc.integer({ min: 1, max: 28 }),
  order: fc.integer({ min: 0, max: 400 }),
  ext: fc.oneof(fc.constant(''), fc.integer({ min: 0, max: 60 }).map((i) => `C-${i}`)),
  name: fc.constantFrom('', 'ООО «Ромашка»', 'Ромашка', 'Пекарня', 'ИП Иванов', 'Ёлка'),
  email: fc.constantFrom('', 'a@x.ru', 'b@x.ru', 'not-an-email', 'A@X.RU'),
  product: fc.constantFrom('', 'Хлеб', 'Булка', 'Молоко "3,2%"', 'Сыр'),
  qty: fc.constantFrom('1', '2', '-1', '', 'x'),
  amount: fc.constantFrom('10,50', '1 200,00', '-5,00', '0', 'abc', ''),
});

function csvOf(rows: readonly Row[], eol = '\r\n', extra: (i: number) => string | null = () => null): string {
  const lines = [HEADER];
  rows.forEach((r, i) => {
    const special = extra(i);
    if (special !== null) { lines.push(special); return; }
    const day = r.day === 28 && r.order < 100 ? '31.02.2024' : `${String(r.day).padStart(2, '0')}.03.2024`;
    const product = r.product.includes('"') ? `"${r.product.replace(/"/g, '""')}"` : r.product;
    lines.push([day, `З-${r.order}`, r.ext, r.name, r.email, product, r.qty, r.amount].join(';'));
  });
  return lines.join(eol) + eol;
}

const existing: Client[] = [{ ...defaultClient('cli_existing0000000000000000' as ClientId, '2024-01-01T00:00:00.000Z', ''), name: 'Пекарня', externalId: 'C-7' }];

function input(bytes: Uint8Array): PipelineInput {
  return {
    file: new Blob([bytes as Uint8Array<ArrayBuffer>]), fileName: 'sales.csv', csv: {},
    plan: { entity: 'purchases', mapping: { ...MAPPING }, defaultCountry: 'RU', now: '2024-05-01T00:00:00.000Z', by: '' },
    existing: { clients: existing },
  };
}

interface Run { result: PipelineResult; chunks: Uint8Array[]; ahead: Client[] | null }
async function plan(bytes: Uint8Array, tail?: (inp: PipelineInput) => Promise<PlannedTail | null>): Promise<Run> {
  const chunks: Uint8Array[] = [];
  const inp = input(bytes);
  let ahead: Client[] | null = null;
  const result = unwrap(await runImport(inp, {
    chunk: (seq, b) => { chunks[seq] = b; },
    splitFrom: SPLIT_FROM,
    // Cloned when given, as the worker's message is.
    created: (clients) => { ahead = structuredClone([...clients]); },
    ...(tail ? { tail: () => tail(inp) } : {}),
  }));
  return { result, chunks, ahead };
}
const tailOf = (inp: PipelineInput) => runTail({ file: inp.file, csv: inp.csv, plan: inp.plan }, { splitFrom: SPLIT_FROM });
/** As between two workers: packed, cloned, unpacked and checked. */
const tailByMessage = async (inp: PipelineInput) => {
  const t = await tailOf(inp);
  if (!t) return null;
  const { packed, transfer } = packTail(t);
  return unpackTail(structuredClone(packed, { transfer }));
};

async function expectSameAsOnePass(bytes: Uint8Array, tail = tailOf): Promise<1 | 2> {
  const one = await plan(bytes);
  const two = await plan(bytes, tail);
  expect(one.result.parts).toBe(1);
  expect(two.result.plan).toEqual(one.result.plan);
  expect(two.chunks).toEqual(one.chunks);
  // The clients sent ahead (the lead's, before the tail is joined) are where the plan starts, as they are there.
  expect(one.ahead).toBeNull();
  expect(two.ahead).not.toBeNull();
  expect(two.result.sentAheadChanged).toBe(false);
  expect(two.result.plan.clientsToCreate.slice(0, two.ahead!.length)).toEqual(two.ahead);
  return two.result.parts;
}

/** Enough rows that the head alone decides the formats (DECIDE_ROWS) before the split. */
const bulk = (rows: readonly Row[], n: number): Row[] => Array.from({ length: n }, (_, i) => rows[i % rows.length]!);

describe('planning a file in two parts', () => {
  it('gives the plan and chunks of one pass for files whose keys, errors and remarks straddle the split', async () => {
    await fc.assert(fc.asyncProperty(fc.array(rowArb, { minLength: 50, maxLength: 300 }), fc.array(rowArb, { minLength: 1, maxLength: 300 }), async (headRows, tailRows) => {
      const rows = [...bulk(headRows, 16_000), ...tailRows];
      // Keys first seen in the tail, a ragged row and an empty line in the tail too.
      const bytes = cp1251(csvOf(rows, '\r\n', (i) => (i === rows.length - 5 ? 'ragged;row' : i === rows.length - 3 ? '' : null)));
      expect(await expectSameAsOnePass(bytes, tailByMessage)).toBe(2);
    }), { numRuns: 12, endOnFailure: true });
  }, 120_000);

  it('gives the chunks of one pass when the tail fills several chunks (its own, from the split on)', async () => {
    const rows = bulk(fc.sample(rowArb, { numRuns: 3000, seed: 11 }), 6 * CHUNK_ROWS);
    const bytes = cp1251(csvOf(rows));
    expect(await expectSameAsOnePass(bytes, tailByMessage)).toBe(2);
    const one = await plan(bytes);
    // Chunks end at the split, then every CHUNK_ROWS lines: the lead's part, then the tail's.
    expect(one.chunks.length).toBeGreaterThanOrEqual(4);
  }, 120_000);

  it('joins files with LF and CR-only line ends', async () => {
    const rows = fc.sample(rowArb, { numRuns: 16_000, seed: 7 });
    for (const eol of ['\n', '\r']) expect(await expectSameAsOnePass(cp1251(csvOf(rows, eol)))).toBe(2);
  }, 60_000);

  it('reads the rest in one pass when the split falls inside a quoted field', async () => {
    const rows = fc.sample(rowArb, { numRuns: 16_000, seed: 3 });
    const text = csvOf(rows);
    const bytes = cp1251(text);
    const at = unwrap(await runImport(input(bytes), {})).sniff; // the sniff the split is found with
    const split = await findSplit(new Blob([bytes as Uint8Array<ArrayBuffer>]), at, 'purchases', SPLIT_FROM);
    expect(split).not.toBeNull();
    // A product with many line breaks inside quotes, inserted at the line the split fell on: the
    // split of the longer file moves by 45 % of the insert, so it lands inside the quoted field.
    const before = text.lastIndexOf('\r\n', split! - 3);
    const quoted = `${text.slice(0, before + 2)}01.03.2024;З-1;C-1;;;"Хлеб${'\r\nс маком'.repeat(200)}";1;1,00\r\n${text.slice(before + 2)}`;
    expect(await expectSameAsOnePass(cp1251(quoted))).toBe(1);
  }, 60_000);

  it('reads the rest in one pass when the tail fails or hands over bad indices', async () => {
    const bytes = cp1251(csvOf(fc.sample(rowArb, { numRuns: 16_000, seed: 5 })));
    expect(await expectSameAsOnePass(bytes, async () => null)).toBe(1);
    const tampered = async (inp: PipelineInput) => {
      const t = await tailOf(inp);
      if (!t) return null;
      expect(isPlannedTail(t)).toBe(true);
      t.chunks[0]!.clients[0] = t.firstSeen.length + 3;
      return t;
    };
    expect(await expectSameAsOnePass(bytes, tampered)).toBe(1);
    // Cells that name no client under a key said to name one, for a key first seen in the tail:
    // the lead, reading them, does not join (for keys it knows it never reads the cells).
    const fresh = { day: 3, order: 1, ext: 'C-NEW', name: 'Новый', email: '', product: 'Хлеб', qty: '1', amount: '10,50' };
    const withNew = cp1251(csvOf([...fc.sample(rowArb, { numRuns: 16_000, seed: 5 }), fresh]));
    const blankCells = async (inp: PipelineInput) => {
      const t = await tailOf(inp);
      return t && { ...t, firstSeen: t.firstSeen.map((e) => ({ ...e, cells: e.cells.map(() => '') })) };
    };
    expect(await expectSameAsOnePass(withNew, tailOf)).toBe(2);
    expect(await expectSameAsOnePass(withNew, blankCells)).toBe(1);
    const otherFormats = async (inp: PipelineInput) => {
      const t = await tailOf(inp);
      return t && { ...t, formats: { ...t.formats, date: 'mdy' as const } };
    };
    expect(await expectSameAsOnePass(bytes, otherFormats)).toBe(1);
  }, 60_000);

  it('refuses malformed tail messages', async () => {
    const t = await tailOf(input(cp1251(csvOf(fc.sample(rowArb, { numRuns: 16_000, seed: 9 })))));
    expect(t).not.toBeNull();
    const { packed } = packTail(t!);
    expect(unpackTail({ ...packed, json: packed.json.slice(0, -1) })).toBeNull();
    expect(unpackTail({ ...packed, json: packed.json.replace('"firstSeen":[', '"firstSeen":[{"key":1},') })).toBeNull();
    expect(unpackTail({ ...packed, chunks: packed.chunks.map((k) => ({ ...k, clients: new Float64Array(1) })) })).toBeNull();
    expect(unpackTail({ ...packed, chunks: packed.chunks.slice(1) })).toBeNull();
    expect(unpackTail('x')).toBeNull();
    expect(isPlannedTail(null)).toBe(false);
    expect(isPlannedTail({ start: 1, records: 1, rowsRead: 1, formats: { date: null, decimal: {} }, parseErrors: [], rowErrors: [], firstSeen: [], chunks: [{ rows: 1 }] })).toBe(false);
    expect(isPlannedTail({ start: 1, records: 1, rowsRead: 1, formats: { date: null, decimal: {} }, parseErrors: [], rowErrors: [], firstSeen: [{ key: 1 }], chunks: [] })).toBe(false);
  });

  it('does not split small files, other entities or UTF-16', async () => {
    const blob = new Blob([new Uint8Array(4096)]);
    const s = { encoding: 'utf-8', lineEnding: '\n', delimiter: ';' } as const;
    expect(await findSplit(blob, s, 'purchases', 8192)).toBeNull();
    expect(await findSplit(blob, s, 'clients', 10)).toBeNull();
    expect(await findSplit(blob, { ...s, encoding: 'utf-16le' }, 'purchases', 10)).toBeNull();
    expect(await findSplit(new Blob(['a;b\n'.repeat(1000)]), s, 'purchases', 10)).toBe(Math.floor(4000 * SPLIT_AT / 4) * 4 + 4);
  });
});
