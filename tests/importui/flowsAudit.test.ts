import { describe, expect, it } from 'vitest';
import { parseCsv, sniffCsv, type CsvOptions } from '../../src/core/import/csv';
import { hashBytes } from '../../src/core/model/ids';
import { pastedCells } from '../../src/ui/areas/import/actions';
import { strictTsv } from '../../src/core/import/paste';

// Pasted spreadsheet cells as the import reads them (the browser flows are in
// tests/e2e/import-flows-audit.e2e.ts; DOMParser, for HTML-only pastes, is tested there).

const table = (rows: string[][]) => `<table>${rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('')}</table>`;

async function read(text: string, html = ''): Promise<{ bytes: Uint8Array; csv: CsvOptions }> {
  const p = pastedCells(text, html);
  if (!p) throw new Error('no cells');
  return { bytes: new Uint8Array(await p.file.arrayBuffer()), csv: p.csv };
}

async function rows(text: string, html = ''): Promise<string[][]> {
  const { bytes, csv } = await read(text, html);
  const r = parseCsv(bytes, csv);
  if (!r.ok) throw new Error(r.error.message);
  expect(r.value.errors).toEqual([]);
  return [r.value.header, ...r.value.rows];
}

describe('pasted cells', () => {
  it('are the same bytes from Excel (CRLF, last newline) and Google Sheets (LF, none)', async () => {
    const excel = await read('Customer\tProduct\tSales\r\nAlpha\t"Box\nlarge"\t10,5\r\nBeta\tPen\t7\r\n');
    const sheets = await read('Customer\tProduct\tSales\nAlpha\t"Box\nlarge"\t10,5\nBeta\tPen\t7');
    expect(hashBytes(sheets.bytes)).toBe(hashBytes(excel.bytes));
    expect(await rows('Customer\tProduct\tSales\nAlpha\t"Box\nlarge"\t10,5\nBeta\tPen\t7')).toEqual([['Customer', 'Product', 'Sales'], ['Alpha', 'Box\nlarge', '10,5'], ['Beta', 'Pen', '7']]);
  });

  it('are split at the tabs only: decimal commas, one column with commas or spaces', async () => {
    const dec = await read('Alpha\t1,5\nBeta\t2,5\nGamma\t3,25\n');
    const s = sniffCsv(dec.bytes, dec.csv);
    expect(s.ok && s.value.rows).toEqual([['Alpha', '1,5'], ['Beta', '2,5'], ['Gamma', '3,25']]);
    expect(s.ok && s.value.hasHeader).toBe(false);
    // One column: no TAB in the text, the spreadsheet's HTML table tells.
    expect(await rows('Клиент\r\nИванов, Иван\r\nПетров, Пётр\r\n', table([['Клиент'], ['Иванов, Иван'], ['Петров, Пётр']]))).toEqual([['Клиент'], ['Иванов, Иван'], ['Петров, Пётр']]);
    const names = await read('Иванов Иван Иванович\nПетров Пётр Петрович\nСидоров Сидор Сидорович\n', table([['Иванов Иван Иванович'], ['Петров Пётр Петрович'], ['Сидоров Сидор Сидорович']]));
    const n = sniffCsv(names.bytes, names.csv);
    expect(n.ok && n.value.header.length).toBe(1);
  });

  it('keep a cell that starts with a quote Excel did not escape, and read quoted ones', async () => {
    // Excel and Google Sheets quote a cell only when it has a line break.
    expect(await rows('Name\tCity\r\n"Рога и копыта", ООО\tМосква\r\nООО "Вектор"\tТверь\r\n"Заря"\tОмск\r\n')).toEqual([
      ['Name', 'City'], ['"Рога и копыта", ООО', 'Москва'], ['ООО "Вектор"', 'Тверь'], ['Заря', 'Омск'],
    ]);
    // LibreOffice quotes cells with quotes, doubling them.
    expect(await rows('Name\tCity\n"""Рога"" ООО"\tМосква\n')).toEqual([['Name', 'City'], ['"Рога" ООО', 'Москва']]);
    expect(strictTsv('a\t"b\r\nc"\t\r\n\r\n')).toBe('a\t"b\nc"\t\n');
  });

  it('leave CSV text pasted without tabs to the delimiter detection', async () => {
    const { bytes, csv } = await read('Name;Email\r\nAlpha;a@x.ru\r\n');
    expect(csv).toEqual({});
    const s = sniffCsv(bytes, csv);
    expect(s.ok && s.value.delimiter).toBe(';');
  });

  it('are none when the clipboard has no text and no table', () => {
    expect(pastedCells('', '<p>a picture</p>')).toBeNull();
    expect(pastedCells('  \n', '')).toBeNull();
  });
});
