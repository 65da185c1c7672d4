/**
 * RFM: recency (whole days from the last purchase to the as-of date), frequency (distinct
 * orders; distinct purchase days for lines without an order id), monetary (sum of
 * amounts), quintile scores 1–5 and named segments.
 *
 * Segments follow the widely used R×F segment map (the "RFM segments" grid popularised by
 * Putler and many public notebooks), which assigns every (R, F) pair exactly one name:
 *
 * | R \ F | 1                | 2, 3               | 4        | 5          |
 * |-------|------------------|--------------------|----------|------------|
 * | 5     | new              | potential loyalist | champions| champions  |
 * | 4     | promising        | potential loyalist | loyal    | loyal      |
 * | 3     | about to sleep   | about to sleep (F2), need attention (F3) | loyal | loyal |
 * | 2     | hibernating      | hibernating (F2), at risk (F3) | at risk | can't lose |
 * | 1     | lost             | hibernating (F2), at risk (F3) | at risk | can't lose |
 *
 * The grid has no separate "lost"; we carve it out as R = 1, F = 1 (longest gone, bought
 * least), leaving the rest of the low-R/low-F block as hibernating. M is scored and
 * reported but, as in that map, does not change the segment.
 */
import { quintileScores } from './quantile';
import { clientStats } from './clientIndex';
import type { PurchaseTable } from './table';

/** Named RFM segment (see the map in the module header). */
export type RfmSegment =
  | 'champions'
  | 'loyal'
  | 'potential loyalist'
  | 'new'
  | 'promising'
  | 'need attention'
  | 'about to sleep'
  | 'at risk'
  | "can't lose"
  | 'hibernating'
  | 'lost';

/** All segment names, best first. */
export const RFM_SEGMENTS: readonly RfmSegment[] = [
  'champions', 'loyal', 'potential loyalist', 'new', 'promising', 'need attention',
  'about to sleep', 'at risk', "can't lose", 'hibernating', 'lost',
];

/** Segment of an (R, F) score pair, per the map in this module's header. */
export function rfmSegment(r: number, f: number): RfmSegment {
  if (r >= 5) return f >= 4 ? 'champions' : f >= 2 ? 'potential loyalist' : 'new';
  if (r === 4) return f >= 4 ? 'loyal' : f >= 2 ? 'potential loyalist' : 'promising';
  if (r === 3) return f >= 4 ? 'loyal' : f === 3 ? 'need attention' : 'about to sleep';
  if (f === 5) return "can't lose";
  if (f >= 3) return 'at risk';
  return r === 1 && f === 1 ? 'lost' : 'hibernating';
}

/** One client's RFM values and scores. */
export interface RfmRow {
  client: number;
  clientId: string;
  recency: number;
  frequency: number;
  monetary: number;
  r: number;
  f: number;
  m: number;
  segment: RfmSegment;
}

/** RFM rows and per-segment counts and client ids. */
export interface RfmResult {
  rows: RfmRow[];
  segments: Record<RfmSegment, { count: number; clientIds: string[] }>;
}

/**
 * RFM over clients with at least one line on or before `asOfDay`; later lines are ignored
 * (they had not happened at the as-of date).
 */
export function rfmAnalysis(t: PurchaseTable, asOfDay: number): RfmResult {
  const st = clientStats(t, -2147483648, asOfDay + 1);
  const clients: number[] = [];
  for (let c = 0; c < t.clientIds.length; c++) if (st.present[c]) clients.push(c);
  const rec = Float64Array.from(clients, (c) => asOfDay - (st.lastDay[c] as number));
  const fr = Float64Array.from(clients, (c) => st.orders[c] as number);
  const mo = Float64Array.from(clients, (c) => st.revenue[c] as number);
  const rs = quintileScores(rec, false);
  const fs = quintileScores(fr);
  const ms = quintileScores(mo);
  const segments = {} as RfmResult['segments'];
  for (const s of RFM_SEGMENTS) segments[s] = { count: 0, clientIds: [] };
  const rows: RfmRow[] = clients.map((c, k) => {
    const r = rs[k] as number;
    const f = fs[k] as number;
    const segment = rfmSegment(r, f);
    const clientId = t.clientIds[c] as string;
    segments[segment].count++;
    segments[segment].clientIds.push(clientId);
    return { client: c, clientId, recency: rec[k] as number, frequency: fr[k] as number, monetary: mo[k] as number, r, f, m: ms[k] as number, segment };
  });
  return { rows, segments };
}
