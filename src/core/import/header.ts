import { isKnownHeader } from './aliases';

/** A header cell that had to be renamed so every column has a unique, non-empty name. */
export interface HeaderProblem {
  column: number; // 0-based
  original: string;
  renamed: string;
  reason: 'empty' | 'duplicate';
}

const NUMBER = /^[-+(]?[\d\s.,'’\u00a0\u202f]+\)?%?$/u;
const DATE = /^\d{1,4}[./-]\d{1,2}[./-]\d{1,4}/;
const EMAIL = /@[^@\s]+\.[^@\s]+$/;
const PHONE = /^\+?[\d\s()-]{6,}$/;
const looksLikeData = (s: string) => NUMBER.test(s) || DATE.test(s) || EMAIL.test(s) || PHONE.test(s);
/**
 * Data that no header has, even next to a known column name: a bare 1–4 digit number is left out,
 * as header rows have year or period columns ("Клиент;2023;2024").
 */
const surelyData = (s: string) => DATE.test(s) || EMAIL.test(s) || PHONE.test(s) || (NUMBER.test(s) && !/^\d{1,4}$/.test(s));

/**
 * Whether the first record is a header. Yes when most cells are known column names (any language);
 * no when a cell is surely data (date, amount, e-mail, phone) — a data row may hold a word that is
 * also a column name ("…;Телефон;…" as a contact channel); yes when a cell is a known column name;
 * no when any cell looks like data (any number) or cells are empty or repeated; otherwise yes
 * (nearly every export has a header, and a wrong "yes" is visible and overridable).
 */
export function detectHeader(first: readonly string[], next: readonly (readonly string[])[]): boolean {
  const cells = first.map((c) => c.trim());
  const filled = cells.filter((c) => c !== '').length;
  const known = first.filter((c) => isKnownHeader(c)).length;
  if (known * 2 > filled) return true;
  if (cells.some(surelyData)) return false;
  if (known > 0) return true;
  if (cells.some(looksLikeData)) return false;
  if (cells.some((c) => c === '') || new Set(cells).size !== cells.length) {
    // Blank or repeated titles are rare in headers and common in data, unless the data below differ in kind.
    return next.some((r) => r.some((c) => looksLikeData(c.trim())));
  }
  return true;
}

/**
 * Makes header names unique and non-empty: empty → "Column N", repeats → "Name (2)", "Name (3)".
 * A leftover BOM and surrounding spaces are removed (Excel adds both).
 */
export function normaliseHeader(raw: readonly string[]): { header: string[]; problems: HeaderProblem[] } {
  const problems: HeaderProblem[] = [];
  const used = new Set<string>();
  const header = raw.map((h, i) => {
    const t = h.replace(/^\ufeff/, '').trim();
    let name = t || `Column ${i + 1}`;
    if (!t) problems.push({ column: i, original: h, renamed: name, reason: 'empty' });
    if (used.has(name.toLowerCase())) {
      let k = 2;
      while (used.has(`${t} (${k})`.toLowerCase())) k++;
      name = `${t} (${k})`;
      problems.push({ column: i, original: h, renamed: name, reason: 'duplicate' });
    }
    used.add(name.toLowerCase());
    return name;
  });
  return { header, problems };
}

/** Column names for a file without a header: "Column 1", "Column 2", … */
export const genericHeader = (n: number): string[] => Array.from({ length: n }, (_, i) => `Column ${i + 1}`);
