/**
 * First-purchase-month cohort retention: for each cohort (clients whose first purchase in
 * the table is in month m) and each k = 0, 1, …, the share of the cohort that bought in
 * month m + k. k = 0 is 100 % by construction. Only lines with a positive amount count as
 * purchases: a return in a later month is not a sign of loyalty.
 */
import { formatMonth, monthLookup } from './calendar';
import { dayRange, type PurchaseTable } from './table';

/** One cohort row; `retention[k]` in percent, `active[k]` the client count. */
export interface CohortRow {
  cohort: string;
  month: number;
  size: number;
  active: number[];
  retention: number[];
}

/** Cohort table up to the last month present in the data. */
export function cohortRetentionTable(t: PurchaseTable): CohortRow[] {
  const range = dayRange(t);
  if (!range) return [];
  const lookup = monthLookup(range.fromDay, range.toDay);
  const m0 = lookup[0] as number;
  const nMonths = (lookup[lookup.length - 1] as number) - m0 + 1;
  const nc = t.clientIds.length;
  const firstM = new Int32Array(nc).fill(2147483647);
  for (let i = 0; i < t.n; i++) {
    if (!((t.amount[i] as number) > 0)) continue;
    const c = t.client[i] as number;
    const m = (lookup[(t.day[i] as number) - range.fromDay] as number) - m0;
    if (m < (firstM[c] as number)) firstM[c] = m;
  }
  // bought[c * nMonths + m] = 1 when client c bought in month m (dedupes many lines a month).
  const bought = new Uint8Array(nc * nMonths);
  const active = new Int32Array(nMonths * nMonths); // [cohort][k]
  for (let i = 0; i < t.n; i++) {
    if (!((t.amount[i] as number) > 0)) continue;
    const c = t.client[i] as number;
    const m = (lookup[(t.day[i] as number) - range.fromDay] as number) - m0;
    const key = c * nMonths + m;
    if (bought[key]) continue;
    bought[key] = 1;
    const f = firstM[c] as number;
    active[f * nMonths + (m - f)]!++;
  }
  const rows: CohortRow[] = [];
  for (let f = 0; f < nMonths; f++) {
    const size = active[f * nMonths] as number;
    if (size === 0) continue;
    const act: number[] = [];
    for (let k = 0; k < nMonths - f; k++) act.push(active[f * nMonths + k] as number);
    rows.push({ cohort: formatMonth(m0 + f), month: m0 + f, size, active: act, retention: act.map((a) => (a / size) * 100) });
  }
  return rows;
}
