/**
 * Predictive CLV from BG/NBD (how many purchases) and Gamma-Gamma (how much each):
 *
 *   CLV = Σ_{m=1..H} (E[Y(m·L) | x, t_x, T] − E[Y((m−1)·L) | x, t_x, T]) · E[Z | x, z̄] / (1 + d)^m
 *
 * where L is the length of a month in the models' time unit (30.44 / 7 ≈ 4.35 when fitted
 * in weeks), H the horizon in months and d the monthly discount rate. Each month's expected
 * purchases are discounted to today at the month's end — the same scheme as lifetimes'
 * `customer_lifetime_value`.
 */
import { bgNbdExpectedPurchases, type BgNbdParams, type BtydRow } from './bgnbd';
import { gammaGammaExpectedSpend, type GammaGammaParams } from './gammaGamma';

/** Horizon, discounting and time-unit conversion for {@link predictiveClv}. */
export interface ClvOptions {
  months: number;
  monthlyDiscountRate: number;
  /** Model time units per month (e.g. 30.44 / 7 for weeks, 30.44 for days). */
  unitsPerMonth: number;
}

/** Expected discounted value of one customer's purchases over the horizon. */
export function predictiveClv(
  bg: BgNbdParams,
  gg: GammaGammaParams,
  row: BtydRow & { monetaryValue: number },
  opts: ClvOptions,
): number {
  const spend = gammaGammaExpectedSpend(gg, row.frequency, row.monetaryValue);
  let clv = 0;
  let prev = 0;
  for (let m = 1; m <= opts.months; m++) {
    const cum = bgNbdExpectedPurchases(bg, m * opts.unitsPerMonth, row);
    clv += ((cum - prev) * spend) / Math.pow(1 + opts.monthlyDiscountRate, m);
    prev = cum;
  }
  return clv;
}
