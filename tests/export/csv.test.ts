import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clientsCsv, csvBytes, csvFormatFor, purchasesCsv, toCsv, neutraliseFormula, restoreFormulaText } from '../../src/core/export';
import { parseCsv } from '../../src/core/import';
import { defaultClient, type ClientId } from '../../src/core/model/client';
import type { PurchaseLine } from '../../src/core/model/purchase';
import { applyClients, planFile } from '../import/planHelpers';

describe('CSV export', () => {
  it('uses ; and decimal comma for ru/mk, , and point otherwise; UTF-8 BOM; CRLF', () => {
    expect(csvFormatFor('ru')).toEqual({ delimiter: ';', decimal: ',' });
    expect(csvFormatFor('mk-MK')).toEqual({ delimiter: ';', decimal: ',' });
    expect(csvFormatFor('en-US')).toEqual({ delimiter: ',', decimal: '.' });
    expect(toCsv([['a', 1.5], ['b;c', -2]], csvFormatFor('ru'))).toBe('a;1,5\r\n"b;c";-2\r\n');
    expect(toCsv([['a', 1.5]], csvFormatFor('en'))).toBe('a,1.5\r\n');
    expect([...csvBytes('x').slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  });

  it('neutralises formula-like text but not numbers, and import undoes it exactly', () => {
    expect(toCsv([['=SUM(A1)', '+7 916', '-x', '@cmd', '\tz', 'ok', -5]], csvFormatFor('en'))).toBe(`'=SUM(A1),'+7 916,'-x,'@cmd,'\tz,ok,-5\r\n`);
    for (const s of ['=1', "'=1", "''+2", "'plain", 'plain']) expect(restoreFormulaText(neutraliseFormula(s))).toBe(s);
  });

  it('exported clients and purchases import back (mapping recognised, ids link back)', () => {
    const { plan } = planFile(new TextEncoder().encode('Customer ID;Name;Phone;Email\n1;Alpha;+7 916 555-12-34;a@x.ru\n2;=Beta;;\n'), 'clients');
    const base = applyClients([], plan);
    const fmt = csvFormatFor('ru');
    const again = planFile(csvBytes(clientsCsv(base, fmt)), 'clients', { existing: base }).plan;
    expect([again.clientsToCreate.length, again.clientsToUpdate.length, again.counts.skip]).toEqual([0, 0, 2]);
    const own = { ...defaultClient('cli_0000000000000000000000000' as ClientId, '', ''), name: 'Own' };
    const lines: PurchaseLine[] = [{ clientId: own.id, date: '2024-05-01', amount: -12.5, qty: -1, cost: NaN, orderId: 'C1', product: '=HYPERLINK()', category: '' }];
    const p = planFile(csvBytes(purchasesCsv(lines, new Map([[own.id, own]]), fmt)), 'purchases', { existing: [own] }).plan;
    expect(p.purchases).toEqual([{ ...lines[0], cost: NaN }]);
  });
});

describe('CSV round trip (property)', () => {
  const special = fc.constantFrom('"', ',', ';', '\n', '\r', '\r\n', '\t', '=', '+', '-', '@', "'", ' ', '\u00a0', 'ё', 'Ѓ', '€', '😀');
  const char = fc.oneof(special, fc.string({ minLength: 1, maxLength: 1 }).filter((c) => c >= ' ' || c === '\t'));
  const text = fc.array(char, { maxLength: 12 }).map((a) => a.join(''));
  const table = fc.integer({ min: 1, max: 5 }).chain((cols) => fc.record({
    header: fc.uniqueArray(fc.stringMatching(/^[A-Za-zА-Яа-я][A-Za-zА-Яа-я0-9 ]{0,8}[A-Za-zА-Яа-я0-9]$/), { minLength: cols, maxLength: cols, selector: (s) => s.toLowerCase() }),
    // An all-blank row is an empty line to the importer (Excel's empty rows are skipped by design).
    rows: fc.array(fc.array(text, { minLength: cols, maxLength: cols }).filter((r) => r.some((c) => c.trim() !== '')), { minLength: 1, maxLength: 8 }),
  }));

  it('any table written by our export reads back with the same values', () => {
    fc.assert(fc.property(table, fc.constantFrom('ru', 'en'), ({ header, rows }, locale) => {
      const fmt = csvFormatFor(locale);
      const bytes = csvBytes(toCsv([header, ...rows], fmt));
      const r = parseCsv(bytes, { delimiter: fmt.delimiter, hasHeader: true });
      expect(r.ok).toBe(true);
      if (!r.ok) return;
      expect(r.value.encoding).toBe('utf-8');
      expect(r.value.header).toEqual(header);
      expect(r.value.rows).toEqual(rows);
      expect(r.value.errors).toEqual([]);
    }), { numRuns: 400 });
  });

  it('the sniffer finds delimiter and header of our exports on its own', () => {
    fc.assert(fc.property(table.filter((t) => t.header.length >= 2), fc.constantFrom('ru', 'en'), ({ header, rows }, locale) => {
      const fmt = csvFormatFor(locale);
      const r = parseCsv(csvBytes(toCsv([['Customer ID', ...header.slice(1)], ...rows], fmt)));
      expect(r.ok && r.value.delimiter).toBe(fmt.delimiter);
      expect(r.ok && r.value.rows).toEqual(rows);
    }), { numRuns: 200 });
  });
});
