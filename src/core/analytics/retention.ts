/**
 * Customer retention rate CRR = (E − N) / S × 100 per calendar month, quarter or year,
 * and churn = 100 − CRR.
 * S = clients active at the period start, E = active at the period end, N = clients whose
 * first purchase ever (in the table) falls inside the period. "Active at instant x" means
 * at least one purchase in [x − activeWindowDays, x).
 */
import { formatMonth, monthOf, monthStart } from './calendar';
import { indexByClient } from './clientIndex';
import type { PurchaseTable } from './table';

/** Calendar period length for CRR. */
export type RetentionGrain = 'month' | 'quarter' | 'year';

/** One period's figures; crr and churn are null when S = 0. */
export interface RetentionPeriod {
  label: string;
  fromDay: number;
  toDay: number;
  S: number;
  E: number;
  N: number;
  crr: number | null;
  churn: number | null;
}

/**
 * CRR for each calendar period that starts in [fromDay, toDay). Periods are whole calendar
 * months, quarters or years; the last one may end after toDay.
 */
export function retentionByPeriod(
  t: PurchaseTable,
  fromDay: number,
  toDay: number,
  grain: RetentionGrain,
  activeWindowDays: number,
): RetentionPeriod[] {
  const idx = indexByClient(t);
  const nc = t.clientIds.length;
  const step = grain === 'month' ? 1 : grain === 'quarter' ? 3 : 12;
  let m0 = monthOf(fromDay);
  m0 -= m0 % step; // align to the calendar quarter / year
  // Period boundaries b_0 < b_1 < … < b_P; period j is [b_j, b_{j+1}).
  const bounds: number[] = [];
  for (let m = m0; ; m += step) {
    bounds.push(monthStart(m));
    if (monthStart(m) >= toDay) break;
  }
  const P = bounds.length - 1;
  const active = new Int32Array(P + 1); // clients active at each boundary
  const fresh = new Int32Array(P); // clients whose first purchase falls in period j
  for (let c = 0; c < nc; c++) {
    const s = idx.offsets[c] as number;
    const e = idx.offsets[c + 1] as number;
    if (s === e) continue;
    const first = idx.day[s] as number;
    for (let j = 0; j < P; j++) if (first >= (bounds[j] as number) && first < (bounds[j + 1] as number)) fresh[j]!++;
    // One sweep per client: boundaries and day-sorted lines both move forward, so the
    // first line with day ≥ b − window is found by advancing a pointer, not searching.
    let k = s;
    for (let j = 0; j <= P; j++) {
      const b = bounds[j] as number;
      while (k < e && (idx.day[k] as number) < b - activeWindowDays) k++;
      if (k < e && (idx.day[k] as number) < b) active[j]!++;
    }
  }
  const out: RetentionPeriod[] = [];
  for (let j = 0; j < P; j++) {
    const m = m0 + j * step;
    const S = active[j] as number;
    const E = active[j + 1] as number;
    const N = fresh[j] as number;
    const y = Math.floor(m / 12);
    const label = grain === 'month' ? formatMonth(m) : grain === 'quarter' ? `${y}-Q${(m % 12) / 3 + 1}` : `${y}`;
    const crr = S > 0 ? ((E - N) / S) * 100 : null;
    out.push({ label, fromDay: bounds[j] as number, toDay: bounds[j + 1] as number, S, E, N, crr, churn: crr === null ? null : 100 - crr });
  }
  return out;
}
