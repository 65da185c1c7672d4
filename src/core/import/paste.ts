/**
 * Cells pasted from a spreadsheet (the import page's paste; pure, so Node tests run it). Excel,
 * LibreOffice and Google Sheets put TAB-separated text on the clipboard in a dialect of their own:
 * papaparse reads strict TSV, so the text is written again as that first.
 */

/** A cell quoted as strict TSV needs it (a quote, TAB or line break inside). */
export const tsvCell = (c: string): string => (/["\t\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c);

/**
 * Spreadsheet TSV as the clipboard has it, written again with strict quoting. Excel and Google
 * Sheets quote a cell only when it holds a line break, so `"Рога и копыта", ООО` comes unquoted
 * and a CSV reader takes its first quote for an opening one (the rows after it were lost). Here a
 * quote opens a quoted cell only where the cell starts with it and its closing quote ends the cell.
 */
export function strictTsv(text: string): string {
  const rows: string[][] = [];
  let row: string[] = [];
  let i = 0;
  const n = text.length;
  const endsCell = (j: number) => j >= n || text[j] === '\t' || text[j] === '\n' || text[j] === '\r';
  while (i <= n) {
    let cell: string | null = null;
    if (text[i] === '"') {
      // A quoted cell: up to a quote not doubled, which must end the cell.
      let j = i + 1, v = '';
      for (;;) {
        const q = text.indexOf('"', j);
        if (q < 0) break;
        if (text[q + 1] === '"') { v += text.slice(j, q + 1); j = q + 2; continue; }
        if (endsCell(q + 1)) { cell = v + text.slice(j, q); i = q + 1; }
        break;
      }
    }
    if (cell === null) {
      let j = i;
      while (!endsCell(j)) j++;
      cell = text.slice(i, j);
      i = j;
    }
    row.push(cell.replace(/\r\n?/g, '\n'));
    if (i >= n) { rows.push(row); break; }
    const c = text[i];
    i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
    if (c !== '\t') { rows.push(row); row = []; if (i >= n) break; }
  }
  return rows.map((r) => r.map(tsvCell).join('\t')).join('\n');
}

