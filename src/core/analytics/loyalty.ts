/**
 * Loyalty ladder (after Christopher, Payne & Ballantyne's relationship-marketing ladder),
 * steps reached within a period:
 * 0 none → 1 one purchase → 2 second purchase (≥ 2 orders) → 3 regular (≥ N orders AND
 * purchases in ≥ K distinct calendar months; defaults N = 4, K = 3, meant for a yearly
 * period) → 4 adherent → 5 advocate.
 * Adherent: the caller's manual flag, or — for regular clients only, because one big
 * order says little about habit — share of wallet ≥ threshold (default 50 %) when the
 * client's estimated total purchases are known.
 * Advocate: the caller's manual flag or referral count > 0.
 * Manual flags and referrals promote any client who bought in the period: the person
 * who set them knows the client better than the numbers do.
 */
import { monthLookup } from './calendar';
import { clientStats, indexByClient, lowerBoundDay } from './clientIndex';
import type { PurchaseTable } from './table';

/** Ladder steps, lowest first; a client's step index points into this list. */
export const LOYALTY_STEPS = ['none', 'one purchase', 'second purchase', 'regular', 'adherent', 'advocate'] as const;
/** Name of a ladder step. */
export type LoyaltyStep = (typeof LOYALTY_STEPS)[number];

/** Criteria for the upper steps. Client-indexed inputs use table client indices. */
export interface LoyaltyOptions {
  regularMinOrders?: number;
  regularMinMonths?: number;
  adherent?: ReadonlySet<number>;
  advocate?: ReadonlySet<number>;
  /** Referral count per client. */
  referrals?: ArrayLike<number>;
  /** Estimated total purchases per client (all suppliers) over the period; NaN when unknown. */
  estimatedTotal?: ArrayLike<number>;
  /** Share of wallet (%) from which a regular client counts as adherent. */
  walletShareThreshold?: number;
}

/** Step index (0–5) per client and counts per step. */
export interface LoyaltyResult {
  step: Uint8Array;
  counts: Record<LoyaltyStep, number>;
}

/** Ladder steps for the period [fromDay, toDay). */
export function loyaltyLadder(t: PurchaseTable, fromDay: number, toDay: number, opts: LoyaltyOptions = {}): LoyaltyResult {
  const minOrders = opts.regularMinOrders ?? 4;
  const minMonths = opts.regularMinMonths ?? 3;
  const sowThreshold = opts.walletShareThreshold ?? 50;
  const idx = indexByClient(t);
  const st = clientStats(t, fromDay, toDay);
  const lookup = monthLookup(fromDay, toDay);
  const nc = t.clientIds.length;
  const step = new Uint8Array(nc);
  const counts = Object.fromEntries(LOYALTY_STEPS.map((s) => [s, 0])) as Record<LoyaltyStep, number>;
  for (let c = 0; c < nc; c++) {
    if (!st.present[c]) {
      counts.none++;
      continue;
    }
    // Distinct months: lines are day-sorted, so months only change forward.
    let months = 0;
    let prevM = -1;
    const end = lowerBoundDay(idx, c, toDay);
    for (let k = lowerBoundDay(idx, c, fromDay); k < end; k++) {
      const m = lookup[(idx.day[k] as number) - fromDay] as number;
      if (m !== prevM) {
        months++;
        prevM = m;
      }
    }
    const orders = st.orders[c] as number;
    let s = orders >= 2 ? 2 : 1;
    if (orders >= minOrders && months >= minMonths) s = 3;
    const est = opts.estimatedTotal ? (opts.estimatedTotal[c] ?? NaN) : NaN;
    if (s === 3 && est > 0 && ((st.revenue[c] as number) / est) * 100 >= sowThreshold) s = 4;
    if (opts.adherent?.has(c)) s = Math.max(s, 4);
    if (opts.advocate?.has(c) || ((opts.referrals?.[c] ?? 0) > 0)) s = 5;
    step[c] = s;
    counts[LOYALTY_STEPS[s] as LoyaltyStep]++;
  }
  return { step, counts };
}

/**
 * Movement between two periods: `matrix[from][to]` counts clients at step `from` in the
 * first period and step `to` in the second (6 × 6, rows and columns in LOYALTY_STEPS order).
 */
export function loyaltyMovement(before: LoyaltyResult, after: LoyaltyResult): number[][] {
  const matrix = LOYALTY_STEPS.map(() => LOYALTY_STEPS.map(() => 0));
  const n = Math.min(before.step.length, after.step.length);
  for (let c = 0; c < n; c++) (matrix[before.step[c] as number] as number[])[after.step[c] as number]!++;
  return matrix;
}
