/**
 * Share of wallet: the client's revenue with us in the period divided by the client's
 * estimated total purchases in that category of spend (from all suppliers), in percent.
 */
import type { PurchaseTable } from './table';

/**
 * Per client (table index): 100 × revenue in [fromDay, toDay) / estimatedTotal[c];
 * NaN when the estimate is missing or not positive.
 */
export function shareOfWallet(t: PurchaseTable, fromDay: number, toDay: number, estimatedTotal: ArrayLike<number>): Float64Array {
  const nc = t.clientIds.length;
  const rev = new Float64Array(nc);
  for (let i = 0; i < t.n; i++) {
    const d = t.day[i] as number;
    if (d >= fromDay && d < toDay) rev[t.client[i] as number]! += t.amount[i] as number;
  }
  const out = new Float64Array(nc);
  for (let c = 0; c < nc; c++) {
    const est = estimatedTotal[c] ?? NaN;
    out[c] = est > 0 ? ((rev[c] as number) / est) * 100 : NaN;
  }
  return out;
}
