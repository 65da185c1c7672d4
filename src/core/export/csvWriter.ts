/**
 * CSV writing that opens right in Excel: UTF-8 with BOM (else Excel reads cp1251/cp1252),
 * `;` with decimal comma for locales whose Excel uses one (ru, mk, …), `,` with a point otherwise,
 * CRLF line ends, RFC 4180 quoting.
 */
export interface CsvFormat {
  delimiter: ';' | ',';
  decimal: ',' | '.';
}

/** Locales whose Excel list separator is `;` because the decimal separator is a comma. */
const COMMA_LOCALES = new Set(['ru', 'mk', 'uk', 'be', 'bg', 'sr', 'de', 'fr', 'es', 'it', 'pt', 'nl', 'pl', 'cs', 'tr', 'kk', 'sq']);

/** The CSV dialect for a UI locale ("ru", "mk-MK", "en-US"…). */
export function csvFormatFor(locale: string): CsvFormat {
  const lang = locale.toLowerCase().split(/[-_]/)[0] ?? '';
  return csvFormatWith(COMMA_LOCALES.has(lang) ? ';' : ',');
}

/** The dialect of a separator: Excel lists with `;` where the decimal separator is a comma. */
export const csvFormatWith = (delimiter: CsvFormat['delimiter']): CsvFormat =>
  (delimiter === ';' ? { delimiter: ';', decimal: ',' } : { delimiter: ',', decimal: '.' });

/**
 * Cells Excel would not show as the text they are get a leading apostrophe:
 * - formula injection (OWASP; ASVS 5.0 1.2.10): a cell starting with = + - @ runs as a formula, TAB,
 *   CR and NUL too. Also when white space comes first: LibreOffice's "Trim spaces" import option
 *   and scripts that trim cells turn " =HYPERLINK(…)" into a formula. (Full-width ＝＋－＠ are left
 *   alone: no spreadsheet evaluates them when reading a file, and OWASP/ASVS do not list them.)
 * - digit strings Excel reads as numbers and so loses: leading zeros (ИНН of regions 01–09, codes,
 *   "070…" phones kept as typed) and 12+ digits (an ИП's ИНН, ЕДБ, EAN: shown and saved back as
 *   7,70123E+11). 11 digits and fewer are shown and saved whole.
 * A text that already starts with apostrophes before one of those gets one more, so
 * `restoreFormulaText` (applied by our import) returns the exact original: it removes exactly one
 * apostrophe from a cell that, without it, still matches.
 */
const RISKY = /^'*(?:[\t\r\0]|\s*[=+\-@]|0\d+$|\d{12,}$)/;
export const neutraliseFormula = (s: string): string => (RISKY.test(s) ? `'${s}` : s);
export const restoreFormulaText = (s: string): string => (s.startsWith("'") && RISKY.test(s.slice(1)) ? s.slice(1) : s);

/**
 * A number in the dialect (no grouping, so it reads back exactly); NaN/∞ → empty. Exactly three
 * decimals get a trailing zero: "1.234" alone in a column reads as 1 234 wherever the comma is the
 * decimal separator (our import's team-country fallback, Excel in such a locale); "1.2340" cannot.
 */
export function formatNumber(n: number, fmt: CsvFormat): string {
  if (!Number.isFinite(n)) return '';
  let s = String(n);
  if (/^-?\d+\.\d{3}$/.test(s)) s += '0';
  return fmt.decimal === ',' ? s.replace('.', ',') : s;
}

export type CsvCell = string | number | null | undefined;

function cellText(v: CsvCell, fmt: CsvFormat): string {
  if (v === null || v === undefined) return '';
  // Numbers are numbers: a negative amount must stay a number in Excel, so no apostrophe.
  if (typeof v === 'number') return formatNumber(v, fmt);
  return neutraliseFormula(v);
}

function quote(s: string, delimiter: string): string {
  return s.includes('"') || s.includes(delimiter) || s.includes('\n') || s.includes('\r') || /^\s|\s$/.test(s)
    ? `"${s.replace(/"/g, '""')}"` : s;
}

/** CSV text (without BOM) for a table; the first row is usually the header. */
export function toCsv(rows: readonly (readonly CsvCell[])[], fmt: CsvFormat): string {
  return rows.map((r) => r.map((v) => quote(cellText(v, fmt), fmt.delimiter)).join(fmt.delimiter)).join('\r\n') + '\r\n';
}

/** The bytes to download: UTF-8 with BOM. */
export function csvBytes(text: string): Uint8Array {
  const body = new TextEncoder().encode(text);
  const out = new Uint8Array(body.length + 3);
  out.set([0xef, 0xbb, 0xbf]);
  out.set(body, 3);
  return out;
}
