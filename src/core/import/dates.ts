import { err, ok, type Result } from '../util/result';

/**
 * Date formats a column can have. Separators (. / -) and an optional time part are accepted by all
 * day-month-year orders; the time is dropped (the base stores calendar days).
 *  - 'dmy': DD.MM.YYYY, D.M.YY, DD/MM/YYYY (Russia, Macedonia, most of Europe)
 *  - 'mdy': MM/DD/YYYY, m/d/yyyy h:mm (US exports: Superstore, UCI Online Retail)
 *  - 'ymd': ISO YYYY-MM-DD with or without time
 *  - 'yyyymmdd': compact 19970101 (CDNOW)
 *  - 'excel-serial': days since 1899-12-30 (a date cell exported as a number)
 */
export type DateFormat = 'dmy' | 'mdy' | 'ymd' | 'yyyymmdd' | 'excel-serial';
export const DATE_FORMATS: readonly DateFormat[] = ['dmy', 'mdy', 'ymd', 'yyyymmdd', 'excel-serial'];

const TIME = String.raw`(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?\s*(?:[AaPp][Mm])?\s*(?:Z|[+-]\d{2}:?\d{2})?)?`;
const DAY_FIRST = new RegExp(String.raw`^(\d{1,2})([./-])(\d{1,2})\2(\d{4}|\d{2})\.?${TIME}$`);
const ISO = new RegExp(String.raw`^(\d{4})([./-])(\d{1,2})\2(\d{1,2})${TIME}$`);
const COMPACT = /^(\d{4})(\d{2})(\d{2})$/;
const SERIAL = /^\d{1,6}(?:[.,]\d+)?$/;

/** Two-digit years follow Excel: 00–29 → 2000s, 30–99 → 1900s. */
const fullYear = (y: string) => (y.length === 2 ? (Number(y) < 30 ? 2000 : 1900) + Number(y) : Number(y));

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

// Plain arithmetic, no Date objects: this runs once per line of a million-line file.
function isoOf(y: number, m: number, d: number): Result<string> {
  if (y < 1800 || y > 2200) return err(`year ${y} is out of range`);
  if (m < 1 || m > 12 || d < 1 || d > (m === 2 && isLeap(y) ? 29 : DAYS_IN_MONTH[m - 1]!)) return err('no such calendar day');
  return ok(`${y}-${pad2(m)}-${pad2(d)}`);
}

/** Parses one value in a known format into YYYY-MM-DD. */
export function parseDate(value: string, format: DateFormat): Result<string> {
  const v = value.trim();
  if (!v) return err('empty');
  switch (format) {
    case 'dmy': case 'mdy': {
      const m = DAY_FIRST.exec(v);
      if (!m) return err(`not a ${format === 'dmy' ? 'DD.MM.YYYY' : 'MM/DD/YYYY'} date`);
      // Nobody writes month-first with dots: 01.02.2024 is always 1 February.
      if (format === 'mdy' && m[2] === '.') return err('a dotted date is day-first');
      const [a, b] = [Number(m[1]), Number(m[3])];
      return format === 'dmy' ? isoOf(fullYear(m[4]!), b, a) : isoOf(fullYear(m[4]!), a, b);
    }
    case 'ymd': {
      const m = ISO.exec(v);
      return m ? isoOf(Number(m[1]), Number(m[3]), Number(m[4])) : err('not a YYYY-MM-DD date');
    }
    case 'yyyymmdd': {
      const m = COMPACT.exec(v);
      return m ? isoOf(Number(m[1]), Number(m[2]), Number(m[3])) : err('not a YYYYMMDD date');
    }
    case 'excel-serial': {
      if (!SERIAL.test(v)) return err('not an Excel date number');
      const n = Math.floor(Number(v.replace(',', '.')));
      // Serial 60 is Excel's fictitious 1900-02-29; day 0 = 1899-12-30 makes every later date right.
      if (n < 61 || n > 2958465) return err('Excel date number out of range');
      return ok(new Date(Date.UTC(1899, 11, 30) + n * 86_400_000).toISOString().slice(0, 10));
    }
  }
}

/** How a date column reads. `dates[i]` is null where `values[i]` was empty or invalid (see `errors`). */
export interface DateColumn {
  format: DateFormat;
  dates: (string | null)[];
  errors: { index: number; value: string; reason: string }[];
}

export type DateColumnProblem =
  | { kind: 'ambiguous'; candidates: DateFormat[]; message: string }
  | { kind: 'unrecognised'; message: string };

/** Serial numbers are only guessed for plausible business dates (1954–2119), not any small integer. */
const plausibleSerial = (v: string) => SERIAL.test(v) && Number(v.replace(',', '.')) >= 20000 && Number(v.replace(',', '.')) <= 80000;

/**
 * Decides the format of a whole column from ALL its values (a column is one format), then parses it.
 * When several formats read every value (all days ≤ 12 in 01/02/2024-style dates) the result is an
 * 'ambiguous' error listing the candidates: the UI must ask, we never guess silently.
 * Pass `format` to parse with the user's choice.
 */
export function parseDateColumn(values: readonly string[], format?: DateFormat): Result<DateColumn, DateColumnProblem> {
  let chosen = format;
  if (!chosen) {
    const d = dateColumnFormat(values);
    if (!d.ok) return d;
    chosen = d.value;
  }
  const dates: (string | null)[] = [];
  const errors: DateColumn['errors'] = [];
  values.forEach((value, index) => {
    if (!value.trim()) { dates.push(null); return; }
    const r = parseDate(value, chosen);
    if (r.ok) dates.push(r.value);
    else { dates.push(null); errors.push({ index, value, reason: r.error }); }
  });
  return ok({ format: chosen, dates, errors });
}

/** Whether a format reads a value when guessing (a serial only in the plausible range). */
const reads = (v: string, f: DateFormat) => (f !== 'excel-serial' || plausibleSerial(v)) && parseDate(v, f).ok;

/** The format `parseDateColumn` decides for these values, without parsing the column. */
export function dateColumnFormat(values: readonly string[]): Result<DateFormat, DateColumnProblem> {
  // Each distinct text is tried once, counted as often as it occurs: dates repeat (every line of
  // a day), and trying every format on each of the planner's 5 000 first rows took 70–200 ms in a
  // freshly started import worker, on both workers' way to their first line (measured).
  const counts = new Map<string, number>();
  let filled = 0;
  for (const v of values) { const t = v.trim(); if (t) { counts.set(t, (counts.get(t) ?? 0) + 1); filled++; } }
  if (filled === 0) return err({ kind: 'unrecognised', message: 'the column is empty' });
  const good: { f: DateFormat; n: number }[] = [];
  for (const f of DATE_FORMATS) {
    let n = 0;
    for (const [v, k] of counts) if (reads(v, f)) n += k;
    if (n > 0) good.push({ f, n });
  }
  good.sort((a, b) => b.n - a.n);
  const top = good[0];
  // Tolerate a few broken cells (reported per row) but not a column that is mostly something else.
  const bad = top ? filled - top.n : filled;
  if (!top || top.n < filled / 2 || (bad > 1 && top.n < filled * 0.9)) {
    return err({ kind: 'unrecognised', message: 'the values are not dates in a known format' });
  }
  const tied = good.filter((g) => g.n === top.n).map((g) => g.f);
  if (tied.length > 1) {
    // Tied formats are a real choice only when they read the same values: "2024-03-12" and
    // "12.03.2024" tie at one value each, but no format reads both.
    let shared = 0;
    for (const [v, k] of counts) if (tied.every((f) => reads(v, f))) shared += k;
    if (shared < top.n) {
      const each = tied.map((f) => `${f}: ${good.find((g) => g.f === f)?.n ?? 0}`).join(', ');
      return err({ kind: 'unrecognised', message: `the column mixes date formats (values read as ${each} of ${filled}): no single format reads them` });
    }
    return err({ kind: 'ambiguous', candidates: tied, message: `every value reads as ${tied.join(' or ')}: choose the format` });
  }
  return ok(top.f);
}
