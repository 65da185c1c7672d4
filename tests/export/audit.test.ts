import { readdirSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clientsCsv, clientsToVcard, contactsCsv, contactsToVcard, csvBytes, csvFormatFor, purchasesCsv, tasksToIcs, toVcards, type VcardEntry } from '../../src/core/export';
import { buildClientIndex, parseCsv, parseVcards, planVcards, type ImportPlan } from '../../src/core/import';
import { defaultClient, type Client, type ClientId } from '../../src/core/model/client';
import { defaultContact, type Contact, type ContactId } from '../../src/core/model/contact';
import { hashBytes } from '../../src/core/model/ids';
import type { PurchaseLine } from '../../src/core/model/purchase';
import type { Task, TaskId } from '../../src/core/model/task';
import { hasReal, real, realDir, utf8 } from '../import/helpers';
import { applyClients, NOW, planFile } from '../import/planHelpers';

/** Regression tests for the export/vCard audit; each `it` names its defect. */

const vcf = (...cards: string[][]) => utf8(cards.map((c) => ['BEGIN:VCARD', 'VERSION:3.0', ...c, 'END:VCARD'].join('\r\n')).join('\r\n'));
function plan(bytes: Uint8Array, existing: Client[] = [], contacts: Contact[] = [], country: 'MK' | 'US' = 'MK'): ImportPlan {
  const cards = parseVcards(bytes);
  if (!cards.ok) throw new Error(cards.error.message);
  const r = planVcards(cards.value, { fileName: 'x.vcf', fileHash: hashBytes(bytes), defaultCountry: country, index: buildClientIndex(existing, contacts), now: NOW, by: '' });
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}
const company = (id: string, over: Partial<Client> = {}): Client => ({ ...defaultClient(`cli_${id.padEnd(25, 'a')}` as ClientId, '', ''), name: 'Firma', ...over });
const person = (id: string, clientId: ClientId, over: Partial<Contact> = {}): Contact => ({ ...defaultContact(`con_${id.padEnd(25, 'b')}` as ContactId, clientId, '', ''), name: 'Ana', ...over });
/** Content lines must hold no raw CR/LF or other control character (TAB aside). */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const cleanLines = (text: string) => text.split('\r\n').every((l) => !/[\u0000-\u0008\u000a-\u001f\u007f]/.test(l));

describe('1. every value written is escaped or cleaned', () => {
  it('a website with a line break gives one URL line, cut at the break', () => {
    const c = company('u', { website: 'https://a.mk\nhttps://b.mk' });
    const text = contactsToVcard([person('u', c.id)], new Map([[c.id, c]]), '3.0');
    expect(cleanLines(text)).toBe(true);
    expect(text).toContain('\r\nURL:https://a.mk\r\n');
  });

  it('a CSV Website cell cannot inject a second card', () => {
    const evil = 'https://a.mk\r\nNOTE:injected\r\nEND:VCARD\r\nBEGIN:VCARD\r\nVERSION:3.0\r\nFN:Evil';
    const { plan: p } = planFile(utf8(`Name,Website\nGood,"${evil}"\n`), 'clients');
    const base = applyClients([], p);
    for (const v of ['3.0', '4.0'] as const) {
      for (const text of [clientsToVcard(base, v), contactsToVcard([person('e', base[0]!.id)], new Map(base.map((c) => [c.id, c])), v)]) {
        const cards = parseVcards(utf8(text));
        expect(cards.ok && cards.value.map((c) => [c.fn, c.urls, c.note])).toEqual([[expect.any(String), ['https://a.mk'], '']]);
      }
    }
  });

  it('import: an escaped line break ends a URL', () => {
    const r = parseVcards(vcf(['FN:X', 'URL:http://beta.mk\\nBDAY:1990-01-01']));
    expect(r.ok && r.value[0]!.urls).toEqual(['http://beta.mk']);
  });

  it('any text in any vCard field stays inside its own line and reads back', () => {
    const text = fc.string({ unit: fc.constantFrom('a', 'ё', ' ', ',', ';', ':', '\\', '\r', '\n', '\r\n', '\u0000', '\u000b', '\u007f', '\t', 'END:VCARD') as fc.Arbitrary<string>, maxLength: 20 });
    const entry = fc.record({ fullName: text, org: text, title: text, phone: text, email: text, line: text, city: text, url: text, note: text, uid: fc.oneof(text, fc.constant('con_\uD800x')) });
    // eslint-disable-next-line no-control-regex -- matching control characters is the point
    const plain = (s: string) => s.replace(/\r\n|\r/g, '\n').replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '');
    fc.assert(fc.property(entry, fc.constantFrom('3.0', '4.0' as const), (e, v) => {
      const en: VcardEntry = { uid: e.uid, fullName: e.fullName, family: '', given: '', org: e.org, title: e.title, phones: [e.phone], emails: [e.email],
        address: { line: e.line, city: e.city, postalCode: '', country: '' }, url: e.url, birthday: '', note: e.note };
      const out = toVcards([en], v as '3.0' | '4.0');
      expect(cleanLines(out)).toBe(true);
      const r = parseVcards(utf8(out));
      expect(r.ok && r.value.length).toBe(1);
      if (!r.ok) return;
      expect(r.value[0]!.fn).toBe(plain(e.fullName).trim());
      expect(r.value[0]!.note).toBe(plain(e.note));
      expect(r.value[0]!.org).toBe(plain(e.org).trim());
    }), { numRuns: 300 });
  });

  it('ics: control characters and line breaks in any field stay escaped', () => {
    const c = company('i', { name: 'A\u000bB\r\nEND:VEVENT', phones: ['+1\n2'], emails: ['x@y.mk\rZ'] });
    const t: Task = { id: 'tsk_1\r\nX' as TaskId, clientId: c.id, due: '2026-02-28', about: 'a\u0000b', assigneeId: '', doneAt: '', deletedAt: '', createdAt: '', createdBy: '', updatedAt: '', updatedBy: '' };
    const ics = tasksToIcs([t], new Map([[c.id, c]]), { now: new Date('2026-01-02T00:00:00Z'), calendarName: 'Cal\nX' });
    expect(cleanLines(ics)).toBe(true);
    expect(ics.match(/^END:VEVENT$/gm)).toHaveLength(1);
  });
});

describe('2–5. vCard import planning', () => {
  it('2. namesakes at two companies keep their own phones, e-mails and birthday', () => {
    const p = plan(vcf(['FN:Иван Петров', 'ORG:Альфа', 'TEL:+38970111111', 'EMAIL:ivan@alfa.mk', 'BDAY:1980-01-01'],
      ['FN:Иван Петров', 'ORG:Бета', 'TEL:+38970222222', 'EMAIL:ivan@beta.mk', 'BDAY:1990-02-02']));
    const nameOf = new Map(p.clientsToCreate.map((c) => [c.id, c.name]));
    expect(p.contactsToCreate.map((c) => [nameOf.get(c.clientId), c.phones, c.emails, c.birthday])).toEqual([
      ['Альфа', ['+38970111111'], ['ivan@alfa.mk'], '1980-01-01'], ['Бета', ['+38970222222'], ['ivan@beta.mk'], '1990-02-02']]);
  });

  it('3. an invalid phone never links two cards', () => {
    const p = plan(vcf(['FN:Ann Lee', 'TEL:123456'], ['FN:Bob Roe', 'ORG:Bobco', 'TEL:123456']));
    expect(p.clientsToCreate.map((c) => [c.name, c.phones])).toEqual([['Ann Lee', ['123456']], ['Bobco', ['123456']]]);
    expect(p.contactsToCreate.map((c) => [c.name, c.clientId, c.phones])).toEqual([['Bob Roe', p.clientsToCreate[1]!.id, ['123456']]]);
    expect(p.warnings.filter((w) => w.value === '123456')).toHaveLength(2);
  });

  it.skipIf(!hasReal)('3. re-importing any real vCard file changes nothing', () => {
    const files = ['vcard', 'thunderbird'].flatMap((d) => readdirSync(path.join(realDir, d)).filter((f) => f.endsWith('.vcf')).map((f) => `${d}/${f}`));
    for (const f of files) {
      const first = plan(real(f), [], [], 'US');
      const base = applyClients([], first);
      // Another file hash: the same cards must link by their keys, not by the batch id.
      const again = plan(new Uint8Array([...real(f), 0x0a]), base, first.contactsToCreate, 'US');
      expect([again.clientsToCreate.map((c) => c.name), again.clientsToUpdate, again.contactsToCreate.map((c) => c.name)], f).toEqual([[], [], []]);
    }
  });

  it.skipIf(!hasReal)('3. the Android file: Bob (invalid phone 123456, ORG) is not merged into another card', () => {
    const p = plan(real('vcard/ezvcard_John_Doe_ANDROID.vcf'), [], [], 'US');
    expect(p.clientsToCreate.some((c) => c.emails.includes('bob@company.com') && c.name === 'ÑÑÑÑÑÑÑÑÑÑÑÑ')).toBe(true);
    expect(p.warnings.some((w) => /same client as an earlier row/.test(w.reason))).toBe(false);
  });

  it('4. a card without ORG is a person client', () => {
    const p = plan(vcf(['FN:Ana Petrova', 'N:Petrova;Ana;;;', 'EMAIL:ana@x.mk'], ['FN:Solo', 'EMAIL:solo@x.mk'], ['FN:Bo', 'ORG:Co', 'EMAIL:bo@co.mk']));
    expect(p.clientsToCreate.map((c) => [c.name, c.kind, c.firstName, c.lastName])).toEqual([
      ['Ana Petrova', 'person', 'Ana', 'Petrova'], ['Solo', 'person', '', ''], ['Co', 'company', '', '']]);
  });

  it.skipIf(!hasReal)('4. Thunderbird address book cards (no ORG) are people', () => {
    const p = plan(real('thunderbird/tb_basic_vcard_addressbook.vcf'), [], [], 'US');
    expect(p.clientsToCreate.length).toBeGreaterThan(0);
    expect(p.clientsToCreate.every((c) => c.kind === 'person')).toBe(true);
  });

  it('5. ORG departments are one company; the department goes on the contact', () => {
    const p = plan(vcf(['FN:Ana', 'ORG:Firma;Sales', 'TITLE:Manager'], ['FN:Bo', 'ORG:Firma;Support'], ['FN:Cy', 'ORG:Firma']));
    expect(p.clientsToCreate.map((c) => c.name)).toEqual(['Firma']);
    expect(p.contactsToCreate.map((c) => [c.name, c.role])).toEqual([['Ana', 'Manager, Sales'], ['Bo', 'Support'], ['Cy', '']]);
  });
});

describe('6–7. vCard structure', () => {
  it('6. a name or address part ending in a backslash does not shift the fields', () => {
    const c = company('b', { addresses: [{ id: 'a', kind: 'legal', line: 'Street 1\\', city: 'Skopje\\;', postalCode: '1000', country: 'MK' }] });
    const r = parseVcards(utf8(contactsToVcard([person('b', c.id)], new Map([[c.id, c]]), '3.0')));
    expect(r.ok && r.value[0]!.adrs[0]).toMatchObject({ street: 'Street 1\\', city: 'Skopje\\;', postalCode: '1000', country: 'MK' });
    const p = { ...company('p'), kind: 'person' as const, name: 'Ana Pet\\', firstName: 'Ana', lastName: 'Pet\\' };
    const back = parseVcards(utf8(clientsToVcard([p], '4.0')));
    expect(back.ok && [back.value[0]!.family, back.value[0]!.given]).toEqual(['Pet\\', 'Ana']);
  });

  it('7. vCard 4.0: a company card is KIND:org with an empty N, a person KIND:individual', () => {
    const text = clientsToVcard([company('k', { name: 'Firma' }), { ...company('l'), kind: 'person', name: 'Ana P', firstName: 'Ana', lastName: 'P' }], '4.0');
    const [org, per] = text.split('END:VCARD');
    expect(org).toContain('\r\nKIND:org\r\n');
    expect(org).toContain('\r\nN:;;;;\r\n');
    expect(per).toContain('\r\nKIND:individual\r\n');
    expect(per).toContain('\r\nN:P;Ana;;;\r\n');
  });
});

describe('8–9. what the exports include and how they name clients', () => {
  const live = company('l', { name: 'Live' });
  const gone = company('g', { name: 'Gone', deletedAt: '2026-01-01T00:00:00Z' });
  const task = (id: string, clientId: ClientId): Task => ({ id: id as TaskId, clientId, due: '2026-02-28', about: id, assigneeId: '', doneAt: '', deletedAt: '', createdAt: '', createdBy: '', updatedAt: '', updatedBy: '' });

  it('8. records of deleted or missing clients are left out of ics, contacts vCard and contacts CSV', () => {
    const byId = new Map([[live.id, live], [gone.id, gone]]);
    const missing = 'cli_zzzzzzzzzzzzzzzzzzzzzzzzz' as ClientId;
    const ics = tasksToIcs([task('tsk_live', live.id), task('tsk_gone', gone.id), task('tsk_none', missing)], byId);
    expect(ics.match(/^UID:.*$/gm)).toEqual(['UID:tsk_live@kartoteka']);
    const contacts = [person('l', live.id, { name: 'L' }), person('g', gone.id, { name: 'G' }), person('m', missing, { name: 'M' })];
    const cards = parseVcards(utf8(contactsToVcard(contacts, byId, '3.0')));
    expect(cards.ok && cards.value.map((c) => c.fn)).toEqual(['L']);
    const csv = parseCsv(csvBytes(contactsCsv(contacts, byId, csvFormatFor('en'))));
    expect(csv.ok && csv.value.rows.map((r) => r[2])).toEqual(['L']);
  });

  it('9. every export writes the same Customer ID (source id, else ours), and purchases link back by it', () => {
    const ext = company('x', { name: 'Ext', externalId: 'C-001' });
    const own = company('o', { name: 'Own' });
    const byId = new Map([[ext.id, ext], [own.id, own]]);
    const fmt = csvFormatFor('en');
    const ids = (text: string) => { const r = parseCsv(csvBytes(text)); return r.ok ? r.value.rows.map((row) => row[0]) : null; };
    const lines: PurchaseLine[] = [ext, own].map((c, i) => ({ clientId: c.id, date: '2024-05-01', amount: 10 + i, qty: 1, cost: NaN, orderId: `O${i}`, product: 'P', category: '' }));
    expect(ids(clientsCsv([ext, own], fmt))).toEqual(['C-001', own.id]);
    expect(ids(contactsCsv([person('x', ext.id), person('o', own.id)], byId, fmt))).toEqual(['C-001', own.id]);
    expect(ids(purchasesCsv(lines, byId, fmt))).toEqual(['C-001', own.id]);
    const p = planFile(csvBytes(purchasesCsv(lines, byId, fmt)), 'purchases', { existing: [ext, own] }).plan;
    expect([p.purchases.map((l) => l.clientId), p.clientsToCreate]).toEqual([[ext.id, own.id], []]);
  });
});
