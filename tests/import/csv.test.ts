import { describe, expect, it } from 'vitest';
import { parseCsv, sniffCsv } from '../../src/core/import';
import { fixture, utf16, utf8 } from './helpers';

describe('sniffCsv / parseCsv', () => {
  it('reads a cp1251 Excel export with ; and an empty line, keeping Excel row numbers', () => {
    const r = parseCsv(fixture('clients_cp1251.csv'));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const v = r.value;
    expect([v.encoding, v.delimiter, v.lineEnding, v.hasHeader]).toEqual(['windows-1251', ';', '\r\n', true]);
    expect(v.header[0]).toBe('Наименование');
    expect(v.rows[0]![0]).toBe('ООО «Ромашка»');
    expect(v.rows[2]![0]).toBe('ДООЕЛ Ѓорѓи');
    expect(v.rowNumbers).toEqual([2, 3, 5]); // row 4 is the empty line
  });

  it.each([
    ['a,b,c\n1,2,3\n4,5,6\n', ','], ['a;b;c\n1,5;2;3\n4;5,5;6\n', ';'], ['a\tb\tc\n1\t2\t3\n', '\t'], ['a|b|c\n1|2|3\n', '|'],
  ])('detects the delimiter of %j', (text, d) => {
    const r = sniffCsv(utf8(text));
    expect(r.ok && r.value.delimiter).toBe(d);
  });

  it('handles quotes, delimiters and newlines inside fields', () => {
    const r = parseCsv(fixture('quotes_newlines.csv'));
    expect(r.ok && r.value.rows).toEqual([['Acme, Inc.', 'He said "hi"\nand left', '1,234.50'], ['Beta', 'plain', '7']]);
  });

  it('reads CR-only line ends (old Mac Excel)', () => {
    const r = parseCsv(fixture('cr_only.csv'));
    expect(r.ok && r.value.lineEnding).toBe('\r');
    expect(r.ok && r.value.rows).toEqual([['Alpha', 'Skopje\rCentar'], ['Beta', 'Ohrid']]);
  });

  it('reads UTF-16 LE with BOM', () => {
    const r = parseCsv(utf16('Имя,Город\r\nАнна,Скопје\r\n', true));
    expect(r.ok && r.value.rows).toEqual([['Анна', 'Скопје']]);
  });

  it('names columns "Column N" when there is no header', () => {
    const r = parseCsv(utf8('John Doe,John,Doe,john@doe.invalid\nJane Doe,Jane,Doe,jane@doe.invalid\n'));
    expect(r.ok && r.value.hasHeader).toBe(false);
    expect(r.ok && r.value.header).toEqual(['Column 1', 'Column 2', 'Column 3', 'Column 4']);
    expect(r.ok && r.value.rows.length).toBe(2);
  });

  it('renames duplicate and empty headers and reports them', () => {
    const r = parseCsv(fixture('duplicates.csv'));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.header).toEqual(['Customer ID', 'Name', 'Email', 'Email (2)', 'Column 5']);
    expect(r.value.headerProblems.map((p) => p.reason)).toEqual(['duplicate', 'empty']);
  });

  it('reports ragged rows with their row number and keeps the rest', () => {
    const r = parseCsv(utf8('a,b,c\n1,2,3\n1,2\n1,2,3,4\n7,8,9,,\n'));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.rows).toEqual([['1', '2', '3'], ['7', '8', '9']]);
    expect(r.value.errors.map((e) => e.row)).toEqual([3, 4]);
    expect(r.value.errors[0]!.reason).toMatch(/ragged/);
  });

  it('reports an unterminated quote', () => {
    const r = parseCsv(fixture('unterminated.csv'));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.rows).toEqual([['Alpha', 'ok']]);
    expect(r.value.errors.some((e) => /unterminated quote/.test(e.reason) && e.row === 3)).toBe(true);
  });

  it('refuses empty, binary and header-only files as values', () => {
    expect(parseCsv(new Uint8Array())).toMatchObject({ ok: false, error: { code: 'empty' } });
    expect(parseCsv(fixture('binary.csv'))).toMatchObject({ ok: false, error: { code: 'binary' } });
    expect(parseCsv(fixture('header_only.csv'))).toMatchObject({ ok: false, error: { code: 'no-data-rows' } });
    expect(parseCsv(utf8('\n\n\n'))).toMatchObject({ ok: false, error: { code: 'no-data-rows' } });
  });

  it('lets the user override encoding, delimiter and header', () => {
    const bytes = fixture('clients_cp1251.csv');
    const r = parseCsv(bytes, { encoding: 'ibm866', delimiter: ',', hasHeader: false });
    expect(r.ok && [r.value.encoding, r.value.delimiter, r.value.hasHeader]).toEqual(['ibm866', ',', false]);
  });

  it('parses a whitespace-aligned dump without a header', () => {
    const r = parseCsv(utf8(' 00004 0001 19970101  2   29.33\r\n 00004 0001 19970118  2   29.73\r\n 00018 0002 19970101  2   14.96\r\n'));
    expect(r.ok && r.value.delimiter).toBe('whitespace');
    expect(r.ok && r.value.rows[1]).toEqual(['00004', '0001', '19970118', '2', '29.73']);
  });
});
