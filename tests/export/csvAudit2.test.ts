import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clientsCsv, contactsCsv, csvBytes, csvFormatFor, neutraliseFormula, purchasesCsv, restoreFormulaText, toCsv } from '../../src/core/export';
import { parseCsv, suggestMapping } from '../../src/core/import';
import { defaultClient, type Client, type ClientId } from '../../src/core/model/client';
import { defaultContact, type ContactId } from '../../src/core/model/contact';
import type { PurchaseLine } from '../../src/core/model/purchase';
import { applyClients, planFile } from '../import/planHelpers';
import { HAVE_REAL, REAL_DIR } from '../analytics/realDataDir';
import { readFileSync } from 'node:fs';
import path from 'node:path';

/** Second export audit (CSV): each `it` names the defect it reproduces. */

const client = (id: string, over: Partial<Client> = {}): Client => ({ ...defaultClient(`cli_${id.padEnd(25, 'a')}` as ClientId, '', ''), name: 'Firma', ...over });
/** The raw cells of an export, as Excel gets them (no import-side restoring). */
function rawCells(text: string, delimiter: string): string[][] {
  return text.trimEnd().split('\r\n').map((l) => l.split(delimiter));
}
const line = (clientId: ClientId, over: Partial<PurchaseLine> = {}): PurchaseLine =>
  ({ clientId, date: '2024-05-01', amount: 10, qty: 1, cost: NaN, orderId: 'O1', product: 'P', category: '', ...over });

describe('phones', () => {
  it("a client's second phone is not lost on re-import (one number per cell)", () => {
    const c = client('p', { name: 'Alfa', phones: ['+38970123456', '+38971222333'], emails: ['a@alfa.mk', 'b@alfa.mk'] });
    const { plan } = planFile(csvBytes(clientsCsv([c], csvFormatFor('ru'))), 'clients');
    expect(plan.clientsToCreate.map((x) => [x.phones, x.emails])).toEqual([[['+38970123456', '+38971222333'], ['a@alfa.mk', 'b@alfa.mk']]]);
    expect(plan.warnings).toEqual([]);
  });

  it("a contact's phones get one column each, named as the contact's", () => {
    const c = client('q', { name: 'Alfa' });
    const people = [0, 1, 2].map((i) => ({ ...defaultContact(`con_${String(i).padEnd(25, 'c')}` as ContactId, c.id, '', ''), name: `P${i}`, phones: ['+38970123456', '+38971222333'].slice(0, i) }));
    const text = contactsCsv(people, new Map([[c.id, c]]), csvFormatFor('en'));
    const [header, ...rows] = rawCells(text, ',');
    expect(header).toEqual(['Customer ID', 'Customer name', 'Contact name', 'Contact title', 'Contact phone', 'Contact phone 2', 'Contact email', 'Contact birthday', 'Contact notes']);
    expect(rows.map((r) => r.slice(4, 6))).toEqual([['', ''], ["'+38970123456", ''], ["'+38970123456", "'+38971222333"]]);
  });
});

describe('cells Excel would turn into numbers', () => {
  const codes = { externalId: '00123', taxId: '0101012345', postal: '01000', inn12: '770123456789', edb: '4030009501234', typed: '012' };

  it('codes with leading zeros and 12+ digit numbers are written as text (apostrophe) and import back unchanged', () => {
    const c = client('z', { externalId: codes.externalId, taxId: codes.taxId, phones: [codes.typed],
      addresses: [{ id: 'a', kind: 'legal', line: 'ул. 1', city: 'Скопје', postalCode: codes.postal, country: 'MK' }] });
    const p = client('y', { externalId: codes.inn12, taxId: codes.edb, name: 'Beta' });
    const fmt = csvFormatFor('ru');
    const text = clientsCsv([c, p], fmt);
    const rows = rawCells(text, ';');
    expect(rows[1]!.slice(0, 7)).toEqual(["'00123", 'Firma', '', '', '', "'0101012345", "'012"]);
    expect(rows[1]![rows[0]!.indexOf('Postal code')]).toBe("'01000");
    expect([rows[2]![0], rows[2]![5]]).toEqual(["'770123456789", "'4030009501234"]);
    const { plan } = planFile(csvBytes(text), 'clients');
    expect(plan.clientsToCreate.map((x) => [x.externalId, x.taxId, x.phones, x.addresses[0]?.postalCode ?? ''])).toEqual([
      ['00123', '0101012345', ['012'], '01000'], ['770123456789', '4030009501234', [], '']]);
  });

  it('an order id with a leading zero stays text; 11-digit and short numbers are left as they are', () => {
    const c = client('o', { externalId: '79161234567' });
    const text = purchasesCsv([line(c.id, { orderId: '000451' }), line(c.id, { orderId: '0' })], new Map([[c.id, c]]), csvFormatFor('en'));
    expect(rawCells(text, ',').slice(1).map((r) => [r[0], r[3]])).toEqual([['79161234567', "'000451"], ['79161234567', '0']]);
    const p = planFile(csvBytes(text), 'purchases', { existing: [c] }).plan;
    expect(p.purchases.map((l) => [l.clientId, l.orderId])).toEqual([[c.id, '000451'], [c.id, '0']]);
  });

  it('numbers keep their sign and stay numbers (a refund is no formula)', () => {
    expect(toCsv([[-12.5, 0, -0.25, '-12,5']], csvFormatFor('ru'))).toBe("-12,5;0;-0,25;'-12,5\r\n");
  });

  it('an amount with exactly three decimals reads back as itself, not ×1000 (en export, team in a decimal-comma country)', () => {
    const c = client('t', { name: 'Alfa' });
    const text = purchasesCsv([line(c.id, { amount: 1.234 }), line(c.id, { amount: 12.345, orderId: 'O2' })], new Map([[c.id, c]]), csvFormatFor('en'));
    const p = planFile(csvBytes(text), 'purchases', { existing: [c] }).plan;
    expect(p.purchases.map((l) => l.amount)).toEqual([1.234, 12.345]);
    expect(toCsv([[1.234, -0.5, 1.5e-7, 1234]], csvFormatFor('ru'))).toBe('1,2340;-0,5;1,5e-7;1234\r\n');
  });
});

describe('formula injection', () => {
  it('white space before a trigger, and NUL, are neutralised too (LibreOffice "Trim spaces" makes " =…" a formula)', () => {
    const cells = [' =HYPERLINK("http://x")', '\u00a0+1', '\n-2', ' @SUM(A1)', '\u0000x', ' plain', 'a=b', '－1', '＝1'];
    expect(cells.map(neutraliseFormula)).toEqual([`' =HYPERLINK("http://x")`, "'\u00a0+1", "'\n-2", "' @SUM(A1)", "'\u0000x", ' plain', 'a=b', '－1', '＝1']);
  });

  it('neutralise then restore is the identity for any text (the import undoes exactly what the export did)', () => {
    const unit = fc.constantFrom("'", '=', '+', '-', '@', '\t', '\r', '\n', '\u0000', ' ', '\u00a0', '0', '1', '9', 'a', 'ё');
    fc.assert(fc.property(fc.string({ unit, maxLength: 16 }), (s) => {
      expect(restoreFormulaText(neutraliseFormula(s))).toBe(s);
      // What Excel would see: never a trigger or a bare number-like code in front.
      // eslint-disable-next-line no-control-regex -- NUL is one of the triggers
      expect(/^(?:[=+\-@\t\r\u0000]|\s+[=+\-@]|0\d+$|\d{12,}$)/.test(neutraliseFormula(s))).toBe(false);
    }), { numRuns: 2000 });
  });

  it('any table of such texts reads back the same through our import (both dialects)', () => {
    const unit = fc.constantFrom("'", '=', '+', '-', '@', '\t', '"', ';', ',', '\r\n', '\n', ' ', '0', '7', 'ж', '😀');
    const text = fc.string({ unit, maxLength: 14 });
    fc.assert(fc.property(fc.array(fc.array(text, { minLength: 3, maxLength: 3 }).filter((r) => r.some((c) => c.trim() !== '')), { minLength: 1, maxLength: 6 }),
      fc.constantFrom('ru', 'mk', 'en'), (rows, locale) => {
        const fmt = csvFormatFor(locale);
        const r = parseCsv(csvBytes(toCsv([['Name', 'Notes', 'Code'], ...rows], fmt)), { delimiter: fmt.delimiter, hasHeader: true });
        expect(r.ok && r.value.rows).toEqual(rows);
      }), { numRuns: 300 });
  });
});

describe('merged clients', () => {
  it("a merged client's purchases carry the survivor's Customer ID, so a re-import does not bring the loser back", () => {
    const survivor = client('s', { name: 'Survivor', externalId: 'S-1' });
    const loser = client('l', { name: 'Loser', externalId: 'L-9', mergedInto: survivor.id, deletedAt: '2026-01-01T00:00:00Z' });
    const all = new Map([[survivor.id, survivor], [loser.id, loser]]);
    const fmt = csvFormatFor('mk');
    const text = purchasesCsv([line(survivor.id), line(loser.id, { orderId: 'O2' })], all, fmt);
    expect(rawCells(text, ';').slice(1).map((r) => r.slice(0, 2))).toEqual([['S-1', 'Survivor'], ['S-1', 'Survivor']]);
    // Into a new workspace: clients first, then purchases.
    const base = applyClients([], planFile(csvBytes(clientsCsv([...all.values()], fmt)), 'clients').plan);
    expect(base.map((c) => c.name)).toEqual(['Survivor']);
    const p = planFile(csvBytes(text), 'purchases', { existing: base }).plan;
    expect([p.clientsToCreate.map((c) => c.name), new Set(p.purchases.map((l) => l.clientId)).size]).toEqual([[], 1]);
  });

  it('a merge cycle (two laptops offline) resolves to the smallest id, as queries/aliases.ts does', () => {
    const a = client('a', { name: 'A', mergedInto: `cli_${'b'.padEnd(25, 'a')}` });
    const b = client('b', { name: 'B', mergedInto: a.id });
    const text = purchasesCsv([line(b.id)], new Map([[a.id, a], [b.id, b]]), csvFormatFor('en'));
    expect(rawCells(text, ',')[1]!.slice(0, 2)).toEqual([a.id, 'A']);
  });
});

describe('contacts file', () => {
  it("the contact's own columns are not suggested as the client's with full confidence", () => {
    const c = client('c', { name: 'Alfa' });
    const p = { ...defaultContact(`con_${'x'.padEnd(25, 'c')}` as ContactId, c.id, '', ''), name: 'Ana', phones: ['+38970999999'], emails: ['ana@alfa.mk'], notes: 'n' };
    const r = parseCsv(csvBytes(contactsCsv([p], new Map([[c.id, c]]), csvFormatFor('ru'))));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const sure = suggestMapping(r.value.header, 'clients').filter((s) => s.score === 1).map((s) => s.field);
    // The contact's phone, e-mail, birthday and notes have fields of their own (never the client's phone/email/notes).
    expect(sure).toEqual(['externalId', 'name', 'contactName', 'contactTitle', 'contactPhone', 'contactEmail', 'contactBirthday', 'contactNotes']);
  });
});

describe('real file', () => {
  it.skipIf(!HAVE_REAL)('Northwind customers: imported, exported (ru) and imported again into a new workspace give the same clients', () => {
    const first = applyClients([], planFile(new Uint8Array(readFileSync(path.join(REAL_DIR, 'northwind_customers.csv'))), 'clients').plan);
    const text = clientsCsv(first, csvFormatFor('ru'));
    // Mexico's postal codes "05021", "05023" would open in Excel as 5021, 5023.
    expect(text).toContain(";'05021;");
    const again = planFile(csvBytes(text), 'clients').plan.clientsToCreate;
    const shape = (cs: readonly Client[]) => cs.map((c) => [c.externalId, c.name, c.kind, c.taxId, c.phones, c.emails,
      c.addresses.map((a) => [a.line, a.city, a.postalCode, a.country])]).sort((a, b) => String(a[0]).localeCompare(String(b[0])));
    expect(again.length).toBe(first.length);
    expect(shape(again)).toEqual(shape(first));
  });
});
