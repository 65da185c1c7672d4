import { err, ok, type Result } from '../util/result';

/** The decimal separator of a number column. */
export type DecimalSeparator = ',' | '.';

export interface NumberFormat {
  decimal: DecimalSeparator;
  /** False when no value told (all integers, or only "1,234"-like values). */
  confident: boolean;
}

/** Currency codes and words accepted before or after a number (₽ $ € £ … are matched as \p{Sc}). */
const CURRENCY_WORD = /^(?:rub|rur|usd|eur|gbp|mkd|chf|byn|kzt|uah|руб\.?|р\.|ден\.?|мкд|грн\.?|тг|лв\.?)/iu;
const CURRENCY_WORD_END = /(?:rub|rur|usd|eur|gbp|mkd|chf|byn|kzt|uah|руб\.?|р\.|ден\.?|мкд|грн\.?|тг|лв\.?)$/iu;
/** Thousands separators Excel and people use: spaces, NBSP, narrow NBSP, thin space, apostrophes. */
const GROUPING = /[\s\u00a0\u202f\u2009'’]/gu;

function strip(value: string): { body: string; negative: boolean; percent: boolean } {
  let v = value.trim().replace(/\p{Sc}/gu, '');
  let negative = false, percent = false;
  for (let changed = true; changed;) {
    const before = v;
    v = v.trim().replace(CURRENCY_WORD, '').replace(CURRENCY_WORD_END, '').trim();
    if (v.startsWith('(') && v.endsWith(')')) { negative = !negative; v = v.slice(1, -1); }
    if (v.endsWith('%')) { percent = true; v = v.slice(0, -1); }
    if (/^[-−–]/u.test(v)) { negative = !negative; v = v.slice(1); }
    else if (/[-−]$/u.test(v)) { negative = !negative; v = v.slice(0, -1); }
    if (v.startsWith('+')) v = v.slice(1);
    changed = v !== before;
  }
  return { body: v.replace(GROUPING, ''), negative, percent };
}

/**
 * The other separator as 3-digit grouping of an integer part, per decimal separator. A first group
 * never starts with 0: "0,250" / "0.250" are decimals, never 250.
 */
const GROUPED: Record<DecimalSeparator, RegExp> = { ',': /^[1-9]\d{0,2}(\.\d{3})+$/, '.': /^[1-9]\d{0,2}(,\d{3})+$/ };

/** Per value: ',' or '.' when the value itself tells, null when it cannot (integers, "1,234"). */
function decimalOf(body: string): DecimalSeparator | null {
  const c = body.lastIndexOf(','), p = body.lastIndexOf('.');
  if (c >= 0 && p >= 0) return c > p ? ',' : '.';
  if (c < 0 && p < 0) return null;
  const sep = c >= 0 ? ',' : '.';
  // One separator followed by exactly three digits ("1,234" / "1.234") may be grouping: undecided.
  if (GROUPED[sep === ',' ? '.' : ','].test(body)) return null;
  return sep;
}

/** What a column's values say about its decimal separator (counts of values). */
export interface NumberEvidence {
  comma: number;
  point: number;
  /** Values with a separator that could be either ("1,234", "1.200"): their meaning depends on the decision. */
  undecided: number;
}

export function numberEvidence(values: readonly string[]): NumberEvidence {
  const e: NumberEvidence = { comma: 0, point: 0, undecided: 0 };
  for (const v of values) {
    const body = strip(v).body;
    const d = decimalOf(body);
    if (d === ',') e.comma++;
    else if (d === '.') e.point++;
    else if (/[.,]/.test(body)) e.undecided++;
  }
  return e;
}

/**
 * Decides a column's decimal separator from its values (majority of the values that tell). When
 * none tell, or as many say comma as point, `fallback` (the file's other columns, the team's
 * country: formats.ts) decides and the result is not confident.
 */
export function detectNumberFormat(values: readonly string[], fallback: DecimalSeparator = '.'): NumberFormat {
  const { comma, point } = numberEvidence(values);
  if (comma === point) return { decimal: fallback, confident: false };
  return { decimal: comma > point ? ',' : '.', confident: true };
}

/**
 * Countries whose people and Excel write a decimal comma (CLDR), and those writing a point. Short on
 * purpose: the team's country only decides columns whose values do not (formats.ts); a country in
 * neither list falls back to the point. CA is listed as English Canada (fr-CA writes a comma); CH is
 * left out (de-CH writes a point, fr-CH a comma).
 */
const COMMA_COUNTRIES = new Set([
  'RU', 'UA', 'BY', 'KZ', 'UZ', 'KG', 'AZ', 'AM', 'GE', 'MD', 'MK', 'RS', 'BG', 'AL', 'XK', 'ME', 'BA', 'HR', 'SI', 'GR', 'RO',
  'TR', 'DE', 'AT', 'FR', 'BE', 'NL', 'LU', 'ES', 'PT', 'IT', 'DK', 'SE', 'NO', 'FI', 'IS', 'PL', 'CZ', 'SK', 'HU', 'LT',
  'LV', 'EE', 'BR', 'AR', 'CL', 'CO', 'ID', 'VN',
]);
const POINT_COUNTRIES = new Set(['US', 'GB', 'IE', 'CA', 'AU', 'NZ', 'IN', 'CN', 'JP', 'KR', 'TW', 'HK', 'SG', 'MY', 'PH', 'TH', 'IL', 'MT']);

/** The decimal separator of a country's convention (ISO 3166-1 alpha-2), null when not listed. */
export function countryDecimal(country: string): DecimalSeparator | null {
  const c = country.toUpperCase();
  return COMMA_COUNTRIES.has(c) ? ',' : POINT_COUNTRIES.has(c) ? '.' : null;
}

/** 10^0 … 10^22: the powers of ten a double holds exactly. */
const POW10 = Array.from({ length: 23 }, (_, k) => Number(`1e${k}`));

/**
 * Digits with an optional leading minus and one decimal separator, else NaN (then the full parser
 * runs). No temporary string: the digits are read as one integer M and scaled as M / 10^k. While M
 * < 2^53 and k ≤ 22 both are exact doubles, and IEEE division of exact operands is correctly
 * rounded — the same double `Number("…")` gives. Beyond that the engine's conversion is used.
 */
export function plainNumber(v: string, decimal: DecimalSeparator): number {
  const n = v.length;
  const negative = v.charCodeAt(0) === 45;
  let i = negative ? 1 : 0;
  if (i >= n) return NaN;
  let sep = -1, m = 0;
  const sepCode = decimal === ',' ? 44 : 46;
  for (; i < n; i++) {
    const c = v.charCodeAt(i);
    if (c >= 48 && c <= 57) { m = m * 10 + (c - 48); continue; }
    if (c === sepCode && sep < 0 && i + 1 < n) { sep = i; continue; }
    return NaN;
  }
  const k = sep < 0 ? 0 : n - sep - 1;
  if (m <= Number.MAX_SAFE_INTEGER && k <= 22) { const x = k ? m / POW10[k]! : m; return negative ? -x : x; }
  return Number(sep >= 0 && decimal === ',' ? `${v.slice(0, sep)}.${v.slice(sep + 1)}` : v);
}

/**
 * Parses a number as people and Excel write it: decimal comma or point (`hint`, from
 * `detectNumberFormat` for the column; guessed per value without it), grouping by spaces/NBSP/
 * apostrophes or by the other separator in 3-digit groups, currency signs and codes, `(123,45)`
 * and leading/trailing minus as negative, `%` divides by 100.
 */
export function parseNumber(value: string, hint?: DecimalSeparator | NumberFormat): Result<number> {
  const decHint = typeof hint === 'string' ? hint : hint?.decimal;
  // Fast path for the common plain cells ("12", "-3.5", "261,96"): a million-line file is mostly these.
  const fast = plainNumber(value, decHint ?? '.');
  if (!Number.isNaN(fast)) return ok(fast);
  if (!value.trim()) return err('empty');
  const { body, negative, percent } = strip(value);
  const decimal = decHint ?? decimalOf(body) ?? '.';
  const group = decimal === ',' ? '.' : ',';
  let s = body;
  if (s.includes(group)) {
    // The other separator may only group thousands; "1.5" in a decimal-comma column is a mistake, not 15.
    const intPart = s.split(decimal)[0] ?? '';
    if (!GROUPED[decimal].test(intPart)) return err(`"${value.trim()}" does not fit the column's decimal ${decimal === ',' ? 'comma' : 'point'}`);
    s = s.split(group).join('');
  }
  if (decimal === ',') s = s.replace(',', '.');
  if (!/^(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/.test(s)) return err(`"${value.trim()}" is not a number`);
  let n = Number(s);
  if (!Number.isFinite(n)) return err(`"${value.trim()}" is not a finite number`);
  if (percent) n /= 100;
  return ok(negative && n !== 0 ? -n : n);
}
