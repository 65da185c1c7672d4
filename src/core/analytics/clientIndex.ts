/**
 * Per-client view of a purchase table: line indices grouped by client and sorted by day
 * (CSR layout), plus the per-client sums most analyses start from. Built with a counting
 * sort by client and a per-client sort by day only where a client's lines are out of order.
 */
import type { PurchaseTable } from './table';

/**
 * Lines of client c are positions `offsets[c] .. offsets[c+1]` in ascending day order;
 * `lines[k]` is the table line at position k. The hot columns are also copied in this
 * order, so per-client passes read memory sequentially instead of jumping around a
 * million-line table (which cost more than the arithmetic).
 */
export interface ClientIndex {
  offsets: Int32Array;
  lines: Int32Array;
  day: Int32Array;
  amount: Float64Array;
  cost: Float64Array;
  order: Int32Array;
}

// Tables are never mutated after building (filters return new tables), so the index can be
// cached per table object: every analysis on the same table shares one counting sort.
const cache = new WeakMap<PurchaseTable, ClientIndex>();

/**
 * Groups line indices by client, each group sorted by day (stable within a day).
 * Cached per table object; treat tables as immutable.
 */
export function indexByClient(t: PurchaseTable): ClientIndex {
  let idx = cache.get(t);
  if (!idx) {
    idx = buildIndex(t);
    cache.set(t, idx);
  }
  return idx;
}

/** First position in client c's slice whose day is ≥ day (binary search on the sorted slice). */
export function lowerBoundDay(idx: ClientIndex, c: number, day: number): number {
  let lo = idx.offsets[c] as number;
  let hi = idx.offsets[c + 1] as number;
  const days = idx.day;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((days[mid] as number) < day) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function buildIndex(t: PurchaseTable): ClientIndex {
  const nc = t.clientIds.length;
  const n = t.n;
  // Counting sort by client, stable, so each client's lines keep their input order.
  const offsets = new Int32Array(nc + 1);
  for (let i = 0; i < n; i++) offsets[(t.client[i] as number) + 1]!++;
  let longest = 0;
  for (let c = 0; c < nc; c++) {
    longest = Math.max(longest, offsets[c + 1] as number);
    offsets[c + 1]! += offsets[c] as number;
  }
  const pos = offsets.slice(0, nc);
  const lines = new Int32Array(n);
  for (let i = 0; i < n; i++) lines[pos[t.client[i] as number]!++] = i;
  const day = new Int32Array(n);
  let lo = 2147483647;
  for (let k = 0; k < n; k++) {
    const d = t.day[lines[k] as number] as number;
    day[k] = d;
    if (d < lo) lo = d;
  }
  // Then sort each client's slice by day, where needed (imports are often already in date
  // order). Key = (day − lo) · longest + position: a native numeric sort of the keys is a
  // stable sort by day, and the key decodes back to both. Exact below 2^53 for any
  // realistic span (2^17 days) × slice length (2^30).
  const keys = new Float64Array(longest);
  const tmp = new Int32Array(longest);
  for (let c = 0; c < nc; c++) {
    const s = offsets[c] as number;
    const e = offsets[c + 1] as number;
    let sorted = true;
    for (let k = s + 1; k < e && sorted; k++) sorted = (day[k - 1] as number) <= (day[k] as number);
    if (sorted) continue;
    const len = e - s;
    const ks = keys.subarray(0, len);
    for (let j = 0; j < len; j++) {
      ks[j] = ((day[s + j] as number) - lo) * longest + j;
      tmp[j] = lines[s + j] as number;
    }
    ks.sort();
    for (let j = 0; j < len; j++) {
      const key = ks[j] as number;
      const p = key % longest;
      lines[s + j] = tmp[p] as number;
      day[s + j] = (key - p) / longest + lo;
    }
  }
  const amount = new Float64Array(n);
  const cost = new Float64Array(n);
  const order = new Int32Array(n);
  for (let k = 0; k < n; k++) {
    const i = lines[k] as number;
    amount[k] = t.amount[i] as number;
    cost[k] = t.cost[i] as number;
    order[k] = t.order[i] as number;
  }
  return { offsets, lines, day, amount, cost, order };
}

/** Per-client totals over all lines of the table. */
export interface ClientStats {
  /** Sum of amounts. */
  revenue: Float64Array;
  /** Sum of amount − cost; equals revenue on lines with unknown cost. */
  margin: Float64Array;
  /** Distinct orders; lines without order id count one order per distinct day. */
  orders: Int32Array;
  /** Distinct purchase days. */
  days: Int32Array;
  /** First and last purchase day; −2^31 when the client has no line. */
  firstDay: Int32Array;
  lastDay: Int32Array;
  /** True when the client has at least one line in the table. */
  present: Uint8Array;
}

/**
 * Computes {@link ClientStats} over the lines with fromDay ≤ day < toDay (default: all),
 * in one pass over the client index — no filtered copy of the table is made.
 */
export function clientStats(t: PurchaseTable, fromDay = -2147483648, toDay = 2147483647): ClientStats {
  const idx = indexByClient(t);
  const nc = t.clientIds.length;
  const revenue = new Float64Array(nc);
  const margin = new Float64Array(nc);
  const orders = new Int32Array(nc);
  const days = new Int32Array(nc);
  const firstDay = new Int32Array(nc).fill(-2147483648);
  const lastDay = new Int32Array(nc).fill(-2147483648);
  const present = new Uint8Array(nc);
  // Stamp per order id: which client last counted it (orders are client-scoped).
  const seen = new Int32Array(t.orderIds.length).fill(-1);
  for (let c = 0; c < nc; c++) {
    const s = lowerBoundDay(idx, c, fromDay);
    const e = lowerBoundDay(idx, c, toDay);
    if (s >= e) continue;
    present[c] = 1;
    let rev = 0;
    let mar = 0;
    let ord = 0;
    let nd = 0;
    let prevDay = -2147483648;
    let prevNoOrderDay = -2147483648;
    for (let k = s; k < e; k++) {
      const a = idx.amount[k] as number;
      const co = idx.cost[k] as number;
      rev += a;
      mar += co === co ? a - co : a;
      const d = idx.day[k] as number;
      if (d !== prevDay) {
        nd++;
        prevDay = d;
      }
      const o = idx.order[k] as number;
      if (o < 0) {
        if (d !== prevNoOrderDay) {
          ord++;
          prevNoOrderDay = d;
        }
      } else if (seen[o] !== c) {
        seen[o] = c;
        ord++;
      }
    }
    revenue[c] = rev;
    margin[c] = mar;
    orders[c] = ord;
    days[c] = nd;
    firstDay[c] = idx.day[s] as number;
    lastDay[c] = idx.day[e - 1] as number;
  }
  return { revenue, margin, orders, days, firstDay, lastDay, present };
}
