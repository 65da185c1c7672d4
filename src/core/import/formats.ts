import { err, ok, type Result } from '../util/result';
import { dateColumnFormat, type DateFormat } from './dates';
import { detectNumberFormat, type DecimalSeparator } from './numbers';
import type { Columns } from './clientRow';
import type { PlanProblem } from './planTypes';
import type { TargetField } from './aliases';

export const NUMBER_FIELDS: readonly TargetField[] = ['amount', 'qty', 'unitPrice', 'discount', 'cost'];

export interface ColumnFormats {
  date: DateFormat | null;
  decimal: Partial<Record<TargetField, DecimalSeparator>>;
}

/** The same decisions (a file planned in parts must use one set of formats throughout). */
export function sameFormats(a: ColumnFormats, b: ColumnFormats): boolean {
  const ka = Object.keys(a.decimal), kb = Object.keys(b.decimal);
  return a.date === b.date && ka.length === kb.length && ka.every((k) => a.decimal[k as TargetField] === b.decimal[k as TargetField]);
}

/**
 * Decides the date format and the decimal separator of each number column from the first rows
 * (the planner buffers a few thousand rows for this; a later value that does not fit is a row error).
 */
export function decideFormats(rows: readonly (readonly string[])[], cols: Columns, header: readonly string[], forced: { date?: DateFormat; decimal?: DecimalSeparator }): Result<ColumnFormats, PlanProblem> {
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
  const decimal: ColumnFormats['decimal'] = {};
  for (const field of NUMBER_FIELDS) {
    const c = cols[field]?.[0];
    if (c === undefined) continue;
    decimal[field] = forced.decimal ?? detectNumberFormat(rows.map((f) => f[c] ?? '')).decimal;
  }
  return ok({ date, decimal });
}
