import { csvFormatFor, toCsv, type CsvCell } from '../export/csvWriter';
import type { ImportPlan } from './planTypes';

/**
 * The plan's problems as a CSV the user can download, fix in Excel and import again:
 * Excel row number, column, value, reason, and whether the row was skipped or imported with a remark.
 */
export function rowErrorsCsv(plan: Pick<ImportPlan, 'rowErrors' | 'warnings'>, locale = 'ru'): string {
  const rows: CsvCell[][] = [['Row', 'Column', 'Value', 'Problem', 'Status']];
  const all = [
    ...plan.rowErrors.map((e) => ({ ...e, status: 'not imported' })),
    ...plan.warnings.map((e) => ({ ...e, status: 'imported' })),
  ].sort((a, b) => a.row - b.row);
  for (const e of all) rows.push([e.row, e.column, e.value, e.reason, e.status]);
  return toCsv(rows, csvFormatFor(locale));
}
