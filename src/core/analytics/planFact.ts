/**
 * Plan vs fact per calendar month: future purchase plans (amount × probability for the
 * weighted plan, plain amount for the unweighted one) against actual sales.
 */
import { ok, err, type Result } from '../util/result';
import { formatMonth, monthOf, monthStart, parseDay } from './calendar';
import type { PurchaseTable } from './table';

/** A planned purchase: ISO date, amount, probability in [0, 1]. */
export interface PlanRow {
  date: string;
  amount: number;
  probability: number;
}

/** One month's plan and fact. */
export interface PlanFactMonth {
  month: string;
  planned: number;
  weighted: number;
  actual: number;
}

/**
 * Months from the earliest to the latest month that has a plan or a sale in
 * [fromDay, toDay). Fails on an invalid plan row (bad date, amount, or probability
 * outside [0, 1]).
 */
export function planVsFact(t: PurchaseTable, plans: readonly PlanRow[], fromDay: number, toDay: number): Result<PlanFactMonth[]> {
  const acc = new Map<number, PlanFactMonth>();
  const get = (m: number): PlanFactMonth => {
    let r = acc.get(m);
    if (!r) acc.set(m, (r = { month: formatMonth(m), planned: 0, weighted: 0, actual: 0 }));
    return r;
  };
  for (let i = 0; i < plans.length; i++) {
    const p = plans[i] as PlanRow;
    const d = parseDay(p.date);
    if (Number.isNaN(d)) return err(`plan ${i + 1}: invalid date "${p.date}"`);
    if (!Number.isFinite(p.amount)) return err(`plan ${i + 1}: invalid amount`);
    if (!(p.probability >= 0 && p.probability <= 1)) return err(`plan ${i + 1}: probability must be in [0, 1]`);
    if (d < fromDay || d >= toDay) continue;
    const r = get(monthOf(d));
    r.planned += p.amount;
    r.weighted += p.amount * p.probability;
  }
  // Monthly fact via a per-day accumulation: one Date conversion per month, not per line.
  if (toDay > fromDay) {
    const perDay = new Float64Array(toDay - fromDay);
    let any = false;
    for (let i = 0; i < t.n; i++) {
      const d = t.day[i] as number;
      if (d >= fromDay && d < toDay) {
        perDay[d - fromDay]! += t.amount[i] as number;
        any = true;
      }
    }
    if (any) {
      for (let m = monthOf(fromDay); monthStart(m) < toDay; m++) {
        const s = Math.max(fromDay, monthStart(m));
        const e = Math.min(toDay, monthStart(m + 1));
        let sum = 0;
        let has = false;
        for (let d = s; d < e; d++) {
          sum += perDay[d - fromDay] as number;
          has ||= perDay[d - fromDay] !== 0;
        }
        if (has) get(m).actual += sum;
      }
    }
  }
  return ok([...acc.entries()].sort((a, b) => a[0] - b[0]).map(([, r]) => r));
}
