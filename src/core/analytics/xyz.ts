/**
 * XYZ analysis: demand stability as the coefficient of variation (population standard
 * deviation / mean) of each client's monthly purchase sums over the period's calendar
 * months, months without purchases counting as 0. X ≤ 10 %, Y ≤ 25 %, Z above.
 */
import { monthLookup, monthOf } from './calendar';
import type { PurchaseTable } from './table';

/** XYZ class: X steady demand, Z erratic. */
export type XyzClass = 'X' | 'Y' | 'Z';

/** CV limits in percent. */
export interface XyzThresholds {
  x: number;
  y: number;
}

/** X up to 10 %, Y up to 25 % CV. */
export const DEFAULT_XYZ: XyzThresholds = { x: 10, y: 25 };

/** Per-client CV (%) and class; `present` marks clients with lines in the period. */
export interface XyzResult {
  /** First month index of the period and the number of months covered. */
  firstMonth: number;
  months: number;
  cv: Float64Array;
  cls: XyzClass[];
  present: Uint8Array;
}

/**
 * Computes XYZ over clients for lines with fromDay ≤ day < toDay. A client whose mean is
 * not positive (net returns) gets CV = ∞ and class Z: their demand is not predictable.
 */
export function xyzByClient(
  t: PurchaseTable,
  fromDay: number,
  toDay: number,
  thresholds: XyzThresholds = DEFAULT_XYZ,
): XyzResult {
  const nc = t.clientIds.length;
  const firstMonth = monthOf(fromDay);
  const months = toDay > fromDay ? monthOf(toDay - 1) - firstMonth + 1 : 0;
  const lookup = monthLookup(fromDay, toDay);
  const sums = new Float64Array(nc * Math.max(months, 1));
  const present = new Uint8Array(nc);
  for (let i = 0; i < t.n; i++) {
    const d = t.day[i] as number;
    if (d < fromDay || d >= toDay) continue;
    const c = t.client[i] as number;
    present[c] = 1;
    sums[c * months + ((lookup[d - fromDay] as number) - firstMonth)]! += t.amount[i] as number;
  }
  const cv = new Float64Array(nc).fill(NaN);
  const cls: XyzClass[] = new Array<XyzClass>(nc).fill('Z');
  for (let c = 0; c < nc; c++) {
    if (!present[c]) continue;
    const base = c * months;
    let mean = 0;
    for (let m = 0; m < months; m++) mean += sums[base + m] as number;
    mean /= months;
    let v = 0;
    for (let m = 0; m < months; m++) {
      const dlt = (sums[base + m] as number) - mean;
      v += dlt * dlt;
    }
    const value = mean > 0 ? (Math.sqrt(v / months) / mean) * 100 : Infinity;
    cv[c] = value;
    cls[c] = value <= thresholds.x ? 'X' : value <= thresholds.y ? 'Y' : 'Z';
  }
  return { firstMonth, months, cv, cls, present };
}
