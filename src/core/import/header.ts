import { isKnownHeader } from './aliases';

/** A header cell that had to be renamed so every column has a unique, non-empty name. */
export interface HeaderProblem {
  column: number; // 0-based
  original: string;
  renamed: string;
  reason: 'empty' | 'duplicate';
}

const DATA_LIKE = [
  /^[-+(]?[\d\s.,'’\u00a0\u202f]+\)?%?$/u, // numbers
  /^\d{1,4}[./-]\d{1,2}[./-]\d{1,4}/, // dates
  /@[^@\s]+\.[^@\s]+$/, // e-mails
  /^\+?[\d\s()-]{6,}$/, // phones
];
const looksLikeData = (s: string) => DATA_LIKE.some((re) => re.test(s.trim()));

/**
 * Whether the first record is a header. Yes when a cell is a known column name (any language);
 * no when any cell looks like data (number, date, e-mail, phone) or cells are empty or repeated;
 * otherwise yes (nearly every export has a header, and a wrong "yes" is visible and overridable).
 */
export function detectHeader(first: readonly string[], next: readonly (readonly string[])[]): boolean {
  if (first.some((c) => isKnownHeader(c))) return true;
  const cells = first.map((c) => c.trim());
  if (cells.some(looksLikeData)) return false;
  if (cells.some((c) => c === '') || new Set(cells).size !== cells.length) {
    // Blank or repeated titles are rare in headers and common in data, unless the data below differ in kind.
    return next.some((r) => r.some(looksLikeData));
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
