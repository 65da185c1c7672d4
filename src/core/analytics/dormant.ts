/**
 * Dormant / at-risk clients: days since the last purchase compared with the client's own
 * rhythm, the median interval between their distinct purchase days. Ratio above the
 * threshold (default 2) → at risk. With fewer than two purchase days there is no rhythm
 * to compare with, so such clients are "insufficient history", never "at risk".
 */
import { indexByClient } from './clientIndex';
import type { PurchaseTable } from './table';

/** Outcome per client; see the module header for the rule. */
export type DormantStatus = 'active' | 'at risk' | 'insufficient history';

/** One client's figures; medianInterval and ratio are NaN with insufficient history. */
export interface DormantRow {
  client: number;
  clientId: string;
  lastDay: number;
  daysSince: number;
  purchaseDays: number;
  medianInterval: number;
  ratio: number;
  status: DormantStatus;
}

/**
 * Evaluates every client with a purchase (a line with a positive amount — returns are not
 * purchases) on or before `asOfDay`; later lines are ignored.
 */
export function dormantClients(t: PurchaseTable, asOfDay: number, threshold = 2): DormantRow[] {
  const idx = indexByClient(t);
  const rows: DormantRow[] = [];
  // Scratch buffers sized for the longest client, reused: no per-client allocation, and a
  // typed-array sort is numeric and native.
  let longest = 0;
  for (let c = 0; c < t.clientIds.length; c++) longest = Math.max(longest, (idx.offsets[c + 1] as number) - (idx.offsets[c] as number));
  const days = new Int32Array(longest);
  const gapBuf = new Float64Array(longest);
  for (let c = 0; c < t.clientIds.length; c++) {
    let nd = 0;
    for (let k = idx.offsets[c] as number; k < (idx.offsets[c + 1] as number); k++) {
      const d = idx.day[k] as number;
      if (d > asOfDay) break; // day-sorted: nothing later can count
      if (!((idx.amount[k] as number) > 0)) continue;
      if (nd === 0 || days[nd - 1] !== d) days[nd++] = d;
    }
    if (nd === 0) continue;
    const lastDay = days[nd - 1] as number;
    const daysSince = asOfDay - lastDay;
    let medianInterval = NaN;
    let ratio = NaN;
    let status: DormantStatus = 'insufficient history';
    if (nd >= 2) {
      const gaps = gapBuf.subarray(0, nd - 1);
      for (let k = 1; k < nd; k++) gaps[k - 1] = (days[k] as number) - (days[k - 1] as number);
      gaps.sort();
      const h = gaps.length >> 1;
      medianInterval = gaps.length % 2 ? (gaps[h] as number) : ((gaps[h - 1] as number) + (gaps[h] as number)) / 2;
      ratio = daysSince / medianInterval;
      status = ratio > threshold ? 'at risk' : 'active';
    }
    rows.push({ client: c, clientId: t.clientIds[c] as string, lastDay, daysSince, purchaseDays: nd, medianInterval, ratio, status });
  }
  return rows;
}
