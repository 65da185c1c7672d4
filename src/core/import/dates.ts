import { err, ok, type Result } from '../util/result';

/**
 * Date formats a column can have. Separators (. / -) and an optional time part are accepted by all
 * day-month-year orders; the time is dropped (the base stores calendar days).
 *  - 'dmy': DD.MM.YYYY, D.M.YY, DD/MM/YYYY, "05.03.2024 г.", and the month as a word day first:
 *    "5 марта 2024", "5 мар. 2024", "5 мај 2024", "05-Mar-24" (Russia, Macedonia, most of Europe)
 *  - 'mdy': MM/DD/YYYY, m/d/yyyy h:mm, "Mar 5, 2024" (US exports: Superstore, UCI Online Retail)
 *  - 'ymd': ISO YYYY-MM-DD with or without time
 *  - 'yyyymmdd': compact 19970101 (CDNOW)
 *  - 'excel-serial': days since 1899-12-30 (a date cell exported as a number)
 */
export type DateFormat = 'dmy' | 'mdy' | 'ymd' | 'yyyymmdd' | 'excel-serial';
export const DATE_FORMATS: readonly DateFormat[] = ['dmy', 'mdy', 'ymd', 'yyyymmdd', 'excel-serial'];

// A clock time after the date (dropped: the base stores calendar days). Hours and minutes are checked,
// so "25:00" or "13:00 PM" is an error, not a date; any white space before it (a no-break space from a web page).
const HMS = String.raw`:[0-5]\d(?::(?:[0-5]\d|60)(?:[.,]\d+)?)?`;
const CLOCK = String.raw`(?:(?:0?\d|1[0-2])${HMS}\s*[AaPp]\.?[Mm]\.?|(?:[01]?\d|2[0-4])${HMS})`;
const TIME = String.raw`(?:(?:,?\s+|T)${CLOCK}\s*(?:Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?)?`;
/** Russian and Macedonian documents write "05.03.2024 г." / "5.3.2024 год.". */
const YEAR_WORD = String.raw`(?:\s*г(?:од(?:ина|а)?)?\.?)?`;
const DAY_FIRST = new RegExp(String.raw`^(\d{1,2})([./-])(\d{1,2})\2(\d{4}|\d{2})\.?${YEAR_WORD}${TIME}$`);
/** The month as a word: day first ("5 марта 2024", "5 мар. 2024", "05-Mar-24", "05.мар.2024")… */
const DAY_WORD = new RegExp(String.raw`^(\d{1,2})[\s.-]+(\p{L}+)(?:\.?[\s,-]+|\.)(\d{4}|\d{2})${YEAR_WORD}${TIME}$`, 'u');
/** …or month first, as in the US ("Mar 5, 2024", "March 15, 2024 10:00"). */
const WORD_DAY = new RegExp(String.raw`^(\p{L}+)\.?\s+(\d{1,2}),?\s+(\d{4})${TIME}$`, 'u');
const ISO = new RegExp(String.raw`^(\d{4})([./-])(\d{1,2})\2(\d{1,2})${TIME}$`);
/** pandas writes an integer column that has a missing value as floats: 19970101.0. */
const COMPACT = /^(\d{4})(\d{2})(\d{2})(?:\.0+)?$/;
const SERIAL = /^\d{1,6}(?:[.,]\d+)?$/;
/**
 * Cells that say "no date" in database and data-tool exports (SQL NULL, R's NA, pandas' NaT, MySQL's
 * zero date, a dash): empty, not broken. A typed "n/a" stays a bad cell (tests/import/values.test.ts).
 */
const MISSING = /^(?:null|none|na|nan|nat|-+|—|–|0000-00-00(?:[ T]00:00(?::00(?:\.0+)?)?)?|00\.00\.0000)?$/i;
/** Invisible characters a copy from a web page or a BOM leaves in a cell (`trim` keeps most of them). */
const INVISIBLE = /[\u00ad\u200b-\u200d\u2060\ufeff]/;

/**
 * Month names (English, Russian, Macedonian; nominative and genitive). A word of 3 letters or more
 * that begins one of them is that month ("сент", "мар", "Sept"); no two months share 3 first letters.
 */
const MONTHS: readonly (readonly string[])[] = [
  ['january', 'января', 'январь', 'јануари'], ['february', 'февраля', 'февраль', 'февруари'], ['march', 'марта', 'март'],
  ['april', 'апреля', 'апрель', 'април'], ['may', 'мая', 'май', 'мај'], ['june', 'июня', 'июнь', 'јуни'],
  ['july', 'июля', 'июль', 'јули'], ['august', 'августа', 'август'], ['september', 'сентября', 'сентябрь', 'септември'],
  ['october', 'октября', 'октябрь', 'октомври'], ['november', 'ноября', 'ноябрь', 'ноември'], ['december', 'декабря', 'декабрь', 'декември'],
];
function monthOf(word: string): number {
  if (word.length < 3) return 0;
  const w = word.toLowerCase();
  const i = MONTHS.findIndex((forms) => forms.some((f) => f.startsWith(w)));
  return i + 1;
}

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

/** The cell without surrounding and invisible white space. */
const cleaned = (value: string) => {
  const v = value.trim();
  return INVISIBLE.test(v) ? v.replace(new RegExp(INVISIBLE.source, 'g'), '').trim() : v;
};

/** Parses one value in a known format into YYYY-MM-DD ('empty' for an empty cell or a "no date" mark such as NULL). */
export function parseDate(value: string, format: DateFormat): Result<string> {
  const v = cleaned(value);
  if (!v) return err('empty');
  const r = parseClean(v, format);
  // Checked only when the cell is no date (this runs once per distinct cell of a million-line file).
  return r.ok || !MISSING.test(v) ? r : err('empty');
}

function parseClean(v: string, format: DateFormat): Result<string> {
  switch (format) {
    case 'dmy': case 'mdy': {
      const m = DAY_FIRST.exec(v);
      if (m) {
        // Nobody writes month-first with dots: 01.02.2024 is always 1 February.
        if (format === 'mdy' && m[2] === '.') return err('a dotted date is day-first');
        const [a, b] = [Number(m[1]), Number(m[3])];
        return format === 'dmy' ? isoOf(fullYear(m[4]!), b, a) : isoOf(fullYear(m[4]!), a, b);
      }
      // A month word is one order only: "5 марта 2024" day-first, "Mar 5, 2024" month-first, so such
      // a column is decided, never asked about.
      const dayFirst = format === 'dmy';
      const w = (dayFirst ? DAY_WORD : WORD_DAY).exec(v);
      const month = w ? monthOf(w[dayFirst ? 2 : 1]!) : 0;
      if (w && month) return isoOf(fullYear(w[3]!), month, Number(w[dayFirst ? 1 : 2]));
      return err(`not a ${dayFirst ? 'DD.MM.YYYY' : 'MM/DD/YYYY'} date`);
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
      // Excel takes 1900 for a leap year (Lotus 1-2-3's bug): serial 60 is a 29 February 1900 that never
      // was, and counting from 1899-12-30 makes every later serial right. Below 61 (January–February
      // 1900) a number in a date column is a typo, not a customer's date.
      if (n < 61) return err('Excel date number out of range');
      const d = new Date(Date.UTC(1899, 11, 30) + n * 86_400_000);
      // The same sane years as a typed date: 453510 for 45351 is the year 3141, an error.
      return isoOf(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
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
    const r = parseDate(value, chosen);
    if (r.ok) dates.push(r.value);
    else { dates.push(null); if (r.error !== 'empty') errors.push({ index, value, reason: r.error }); }
  });
  return ok({ format: chosen, dates, errors });
}

/** A value of the format's shape whose day or year cannot be. */
const isTypo = (r: Result<string>) => !r.ok && (r.error === 'no such calendar day' || r.error.startsWith('year '));

/** Whether a format reads a value when guessing (a serial only in the plausible range). */
const reads = (v: string, f: DateFormat) => (f !== 'excel-serial' || plausibleSerial(v)) && parseDate(v, f).ok;

/** The format `parseDateColumn` decides for these values, without parsing the column. */
export function dateColumnFormat(values: readonly string[]): Result<DateFormat, DateColumnProblem> {
  // Each distinct text is tried once, counted as often as it occurs: dates repeat (every line of
  // a day), and trying every format on each of the planner's 5 000 first rows took 70–200 ms in a
  // freshly started import worker, on both workers' way to their first line (measured).
  const counts = new Map<string, number>();
  for (const v of values) { const t = v.trim(); if (t) counts.set(t, (counts.get(t) ?? 0) + 1); }
  let filled = 0;
  // A "no date" mark (NULL, NA, 0000-00-00) is an empty cell: it neither decides nor breaks the column.
  for (const [t, k] of counts) if (MISSING.test(cleaned(t))) counts.delete(t); else filled += k;
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
  // A cell in the column's format with an impossible day or year (31.04.2024) is a typo in a date
  // column, not a sign of another column: counted with the dates, so a small file's two typos are
  // two row errors, not a refused column. At least half the cells must still be real dates.
  let typos = 0;
  if (top) for (const [v, k] of counts) if (!reads(v, top.f) && isTypo(parseDate(v, top.f))) typos += k;
  const bad = top ? filled - top.n - typos : filled;
  if (!top || top.n < filled / 2 || (bad > 1 && top.n + typos < filled * 0.9)) {
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
