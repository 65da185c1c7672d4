import { err, ok, type Result } from '../util/result';
import { dateColumnFormat, type DateFormat } from './dates';
import { countryDecimal, numberEvidence, parseNumber, type DecimalSeparator, type NumberEvidence } from './numbers';
import type { Columns } from './clientRow';
import type { PlanProblem } from './planTypes';
import type { TargetField } from './aliases';

export const NUMBER_FIELDS: readonly TargetField[] = ['amount', 'qty', 'unitPrice', 'discount', 'cost'];

export interface ColumnFormats {
  date: DateFormat | null;
  decimal: Partial<Record<TargetField, DecimalSeparator>>;
  /** The discount column holds percents (15 = 15 %), not fractions (0.15); decided once for the column. */
  discountPercent: boolean;
  /** Decisions the column's own values did not make, in plain words for the user. */
  notes: FormatNote[];
}

/** A remark on a column's format (`column` = its header name). */
export interface FormatNote { column: string; note: string }

/** The same decisions (a file planned in parts must use one set of formats throughout). */
export function sameFormats(a: ColumnFormats, b: ColumnFormats): boolean {
  const ka = Object.keys(a.decimal), kb = Object.keys(b.decimal);
  return a.date === b.date && a.discountPercent === b.discountPercent && ka.length === kb.length && ka.every((k) => a.decimal[k as TargetField] === b.decimal[k as TargetField]);
}

/**
 * Decides the date format, the decimal separator of each number column and how the discount column
 * is written from the first rows (the planner buffers a few thousand rows for this; a later value that
 * does not fit is a row error). `country`: the team's, for columns whose values do not tell.
 */
export function decideFormats(rows: readonly (readonly string[])[], cols: Columns, header: readonly string[], forced: { date?: DateFormat; decimal?: DecimalSeparator; country?: string }): Result<ColumnFormats, PlanProblem> {
  let date: DateFormat | null = null;
  const dc = cols.date?.[0];
  if (dc !== undefined) {
    const column = header[dc] ?? '';
    if (forced.date) date = forced.date;
    else {
      const r = dateColumnFormat(rows.map((f) => f[dc] ?? ''));
      if (!r.ok) {
        return err(r.error.kind === 'ambiguous'
          ? { kind: 'ambiguous-date', column, candidates: r.error.candidates, message: `Column "${column}": ${r.error.message}` }
          : { kind: 'bad-date-column', column, message: `Column "${column}": ${r.error.message}` });
      }
      date = r.value;
    }
  }
  const notes: FormatNote[] = [];
  const decimal = forced.decimal ? forcedDecimal(cols, forced.decimal) : decideDecimals(rows, cols, header, forced.country ?? '', notes);
  const dcol = cols.discount?.[0];
  const discountPercent = dcol !== undefined && inPercent(rows.map((f) => f[dcol] ?? ''), decimal.discount ?? '.');
  return ok({ date, decimal, discountPercent, notes });
}

function forcedDecimal(cols: Columns, d: DecimalSeparator): ColumnFormats['decimal'] {
  const decimal: ColumnFormats['decimal'] = {};
  for (const field of NUMBER_FIELDS) if (cols[field]?.[0] !== undefined) decimal[field] = d;
  return decimal;
}

/**
 * Each number column's separator: by its own values when they tell ("0,250" does: grouping never
 * follows a lone 0); else by the file's other columns that told (when they agree), else by the
 * team's country, else the point — then with a note, as "1.200" is 1200 or 1.2 by that guess alone.
 * A column of integers only keeps the point without a note: none of its values depends on it.
 */
function decideDecimals(rows: readonly (readonly string[])[], cols: Columns, header: readonly string[], country: string, notes: FormatNote[]): ColumnFormats['decimal'] {
  const seen: { field: TargetField; col: number; e: NumberEvidence }[] = [];
  for (const field of NUMBER_FIELDS) {
    const col = cols[field]?.[0];
    if (col !== undefined) seen.push({ field, col, e: numberEvidence(rows.map((f) => f[col] ?? '')) });
  }
  const told = new Set<DecimalSeparator>();
  for (const { e } of seen) if (e.comma !== e.point) told.add(e.comma > e.point ? ',' : '.');
  const fromFile = told.size === 1 ? [...told][0] : undefined;
  const fromCountry = countryDecimal(country);
  const decimal: ColumnFormats['decimal'] = {};
  for (const { field, col, e } of seen) {
    if (e.comma !== e.point) decimal[field] = e.comma > e.point ? ',' : '.';
    else if (e.comma + e.point + e.undecided === 0) decimal[field] = '.';
    else if (fromFile) decimal[field] = fromFile;
    else {
      const d = (decimal[field] = fromCountry ?? '.');
      const name = d === ',' ? 'comma' : 'point';
      notes.push({
        column: header[col] ?? '',
        note: fromCountry
          ? `Decimal separator of column "${header[col] ?? ''}" taken from the team's country (${name})`
          : `Decimal separator of column "${header[col] ?? ''}" not told by its values: ${name} assumed`,
      });
    }
  }
  return decimal;
}

/**
 * Whether a discount column holds percents: a value above 1 says so (1 and 0.5 there are 1 % and
 * 0.5 %); values within [0, 1] are fractions, as Superstore writes 0.2 — except a column whose only
 * discount is 1: every discounted line free is far less likely than 1 % off.
 */
function inPercent(values: readonly string[], decimal: DecimalSeparator): boolean {
  let one = false, fraction = false;
  for (const v of values) {
    const r = parseNumber(v, decimal);
    if (!r.ok) continue;
    if (r.value > 1) return true;
    if (r.value === 1) one = true;
    else if (r.value > 0) fraction = true;
  }
  return one && !fraction;
}
