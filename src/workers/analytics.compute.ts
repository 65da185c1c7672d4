/**
 * What the analytics worker computes for the dashboard, as pure functions over a
 * PurchaseTable (testable and benchmarkable in Node). The definitions are the analytics
 * core's (src/core/analytics); this file only combines them into the dashboard's figures
 * and adds two thin adapters the core does not export in typed-array form:
 * a single-period CRR with per-client flags, and the BTYD summary straight from the client index.
 */
import {
  abcXyzTable, clientStats, cohortRetentionTable, concentrationAnalysis, assortmentShift, dormantClients,
  fitBgNbdRows, fitGammaGammaRows, bgNbdExpectedPurchases, bgNbdProbabilityAlive, gammaGammaExpectedSpend,
  indexByClient, lowerBoundDay, ltvAnalysis, monthLookup, formatMonth, rfmAnalysis, RFM_SEGMENTS,
  type PurchaseTable, type BtydRow, type BgNbdParams, type GammaGammaParams,
} from '../core/analytics/index';
import type { ClientAttrs } from '../core/queries/analyticsInput';
import {
  ABC, XYZ, RISK, type DashboardResult, type DayPeriod, type PerClient, type PredictiveResult, type RunOptions,
} from './analytics.messages';

const now = (): number => (typeof performance !== 'undefined' ? performance.now() : Date.now());

function sumRevenue(t: PurchaseTable, fromDay: number, toDay: number): number {
  let s = 0;
  const day = t.day, amount = t.amount;
  for (let i = 0; i < t.n; i++) { const d = day[i]!; if (d >= fromDay && d < toDay) s += amount[i]!; }
  return s;
}

/** Any line of client c in [from, to)? Binary search on the client index. */
function anyIn(idx: ReturnType<typeof indexByClient>, c: number, from: number, to: number): boolean {
  return lowerBoundDay(idx, c, from) < lowerBoundDay(idx, c, to);
}

const CELLS = ['AX', 'AY', 'AZ', 'BX', 'BY', 'BZ', 'CX', 'CY', 'CZ'] as const;

/** Every dashboard figure for one (filtered) table and period. */
export function computeDashboard(t: PurchaseTable, attrs: ClientAttrs | null, period: DayPeriod, opts: RunOptions): DashboardResult {
  const t0 = now();
  const { fromDay, toDay } = period;
  const len = Math.max(1, toDay - fromDay);
  const nc = t.clientIds.length;
  const idx = indexByClient(t);
  const st = clientStats(t, fromDay, toDay);
  const ever = clientStats(t, -2147483648, toDay);
  const first = clientStats(t); // first purchase ever (for CRR's N)

  // ---- CRR over the period, with per-client flags for the drill-down ----
  const w = Math.max(1, opts.activeWindowDays);
  const atStart = new Uint8Array(nc), atEnd = new Uint8Array(nc);
  let S = 0, E = 0, N = 0, revenue = 0, orders = 0, active = 0;
  for (let c = 0; c < nc; c++) {
    if (!ever.present[c]) continue;
    if (anyIn(idx, c, fromDay - w, fromDay)) { atStart[c] = 1; S++; }
    if (anyIn(idx, c, toDay - w, toDay)) { atEnd[c] = 1; E++; }
    const f = first.firstDay[c]!;
    if (f >= fromDay && f < toDay) N++;
    if (st.present[c]) { revenue += st.revenue[c]!; orders += st.orders[c]!; active++; }
  }
  const crr = S > 0 ? ((E - N) / S) * 100 : null;

  // ---- ABC × XYZ over the period ----
  const axz = abcXyzTable(t, fromDay, toDay);
  const abcOf = new Uint8Array(nc).fill(255), xyzOf = new Uint8Array(nc).fill(255);
  const abcXyz = CELLS.map((cell) => ({ cell: cell as string, count: 0, value: 0 }));
  let basis: 'revenue' | 'margin' = 'revenue';
  let pareto: DashboardResult['pareto'] = [];
  if (axz.ok) {
    basis = axz.value.abc.basis;
    const items = axz.value.abc.items;
    axz.value.clients.forEach((row, k) => {
      const c = items[k]!.index;
      abcOf[c] = ABC.indexOf(row.abc);
      xyzOf[c] = XYZ.indexOf(row.xyz);
    });
    for (const cellRow of abcXyz) { const r = axz.value.cells[cellRow.cell as (typeof CELLS)[number]]; cellRow.count = r.count; cellRow.value = r.value; }
    const pts = axz.value.abc.pareto;
    const step = Math.max(1, Math.ceil(pts.length / 100));
    pareto = pts.filter((_, i) => i % step === 0 || i === pts.length - 1);
  }

  // ---- RFM as of the last day of the period ----
  const rfm = rfmAnalysis(t, toDay - 1);
  const segOf = new Uint8Array(nc).fill(255), rOf = new Uint8Array(nc), fOf = new Uint8Array(nc), mOf = new Uint8Array(nc);
  const grid = Array.from({ length: 5 }, () => Array.from({ length: 5 }, () => ({ count: 0, revenue: 0 })));
  for (const row of rfm.rows) {
    segOf[row.client] = RFM_SEGMENTS.indexOf(row.segment);
    rOf[row.client] = row.r; fOf[row.client] = row.f; mOf[row.client] = row.m;
    const g = grid[row.r - 1]![row.f - 1]!;
    g.count++; g.revenue += row.monetary;
  }
  const segments = RFM_SEGMENTS.map((s) => ({ segment: s as string, count: rfm.segments[s].count }));

  // ---- LTV, dormant, concentration ----
  const ltv = ltvAnalysis(t, toDay);
  const dormant = dormantClients(t, toDay - 1);
  const riskOf = new Uint8Array(nc), ratioOf = new Float64Array(nc).fill(NaN), sinceOf = new Int32Array(nc);
  for (const d of dormant) { riskOf[d.client] = RISK.indexOf(d.status); ratioOf[d.client] = d.ratio; sinceOf[d.client] = d.daysSince; }
  const conc = concentrationAnalysis(t, undefined, { fromDay, toDay });
  const shareOf = new Float64Array(nc);
  const dependency: DashboardResult['alerts']['dependency'] = [];
  const isKeyShare = new Uint8Array(nc);
  let hhi = 0;
  const topShares: DashboardResult['topShares'] = [];
  if (conc.ok) {
    hhi = conc.value.hhi;
    for (const cs of conc.value.clients) {
      shareOf[cs.client] = cs.share;
      if (cs.key) isKeyShare[cs.client] = 1;
      if (cs.warning > 0 || cs.critical) dependency.push({ client: cs.client, share: cs.share, warning: cs.warning, critical: cs.critical });
    }
    for (const cs of conc.value.clients.slice(0, 10)) topShares.push({ client: cs.client, share: cs.share });
  }

  // ---- per-client columns: every client with a purchase before the period end ----
  const list: number[] = [];
  for (let c = 0; c < nc; c++) if (ever.present[c]) list.push(c);
  list.sort((a, b) => (st.revenue[b]! - st.revenue[a]!) || (ever.lastDay[b]! - ever.lastDay[a]!));
  const m = list.length;
  const pc: PerClient = {
    client: Int32Array.from(list), revenue: new Float64Array(m), orders: new Int32Array(m), lastDay: new Int32Array(m), share: new Float64Array(m),
    abc: new Uint8Array(m), xyz: new Uint8Array(m), seg: new Uint8Array(m), r: new Uint8Array(m), f: new Uint8Array(m), m: new Uint8Array(m),
    ltv: new Float64Array(m), risk: new Uint8Array(m), daysSince: new Int32Array(m), retained: new Uint8Array(m), atStart: new Uint8Array(m),
  };
  list.forEach((c, k) => {
    pc.revenue[k] = st.present[c] ? st.revenue[c]! : 0;
    pc.orders[k] = st.present[c] ? st.orders[c]! : 0;
    pc.lastDay[k] = ever.lastDay[c]!;
    pc.share[k] = shareOf[c]!;
    pc.abc[k] = abcOf[c]!; pc.xyz[k] = xyzOf[c]!; pc.seg[k] = segOf[c]!; pc.r[k] = rOf[c]!; pc.f[k] = fOf[c]!; pc.m[k] = mOf[c]!;
    pc.ltv[k] = ltv.perClient.ltv[c]!;
    pc.risk[k] = riskOf[c]!;
    pc.daysSince[k] = toDay - 1 - ever.lastDay[c]!;
    pc.atStart[k] = atStart[c]!;
    pc.retained[k] = atStart[c]! && atEnd[c]! ? 1 : 0;
  });

  // ---- alerts: at-risk key clients (marked key, or > 10 % of sales), assortment shift ----
  const atRiskKey: DashboardResult['alerts']['atRiskKey'] = [];
  for (let c = 0; c < nc; c++) {
    if (riskOf[c] !== 1) continue;
    if (!(attrs?.isKey[c] === 1 || isKeyShare[c] === 1 || abcOf[c] === 0)) continue;
    atRiskKey.push({ client: c, daysSince: sinceOf[c]!, ratio: ratioOf[c]!, revenue: ever.revenue[c]! });
  }
  atRiskKey.sort((a, b) => b.revenue - a.revenue);
  const shift = assortmentShift(t, fromDay - len, fromDay, fromDay, toDay);
  const assortment: DashboardResult['alerts']['assortment'] = [];
  for (const row of shift) {
    // Only clients still buying something: "used to buy X, now only Y".
    const still = new Set<string>();
    const s = lowerBoundDay(idx, row.client, fromDay), e = lowerBoundDay(idx, row.client, toDay);
    for (let k = s; k < e; k++) {
      if (idx.amount[k]! <= 0) continue;
      const cat = t.category[idx.lines[k]!]!;
      if (cat >= 0) still.add(t.categories[cat]!);
    }
    if (still.size === 0) continue;
    assortment.push({ client: row.client, lost: row.droppedRevenue, dropped: row.dropped.slice(0, 5), still: [...still].sort() });
    if (assortment.length >= 200) break;
  }

  // ---- trend by month over the period ----
  const lookup = monthLookup(fromDay, toDay);
  const m0 = lookup.length ? lookup[0]! : 0;
  const months = lookup.length ? lookup[lookup.length - 1]! - m0 + 1 : 0;
  const tRev = new Float64Array(months);
  const tCli = new Int32Array(months);
  const stamp = new Int32Array(nc).fill(-1);
  for (let c = 0; c < nc; c++) {
    const s = lowerBoundDay(idx, c, fromDay), e = lowerBoundDay(idx, c, toDay);
    for (let k = s; k < e; k++) {
      const mi = lookup[idx.day[k]! - fromDay]! - m0;
      tRev[mi]! += idx.amount[k]!;
      if (stamp[c] !== mi) { stamp[c] = mi; tCli[mi]!++; }
    }
  }
  const trend = Array.from({ length: months }, (_, i) => ({ month: formatMonth(m0 + i), revenue: tRev[i]!, clients: tCli[i]! }));

  // ---- cohorts: first-purchase month, the last 12 cohorts up to the period end ----
  const cohorts = cohortRetentionTable(toDay < 2147483647 ? filterBefore(t, toDay) : t).slice(-12);

  return {
    period, basis,
    kpis: {
      revenue, previousRevenue: sumRevenue(t, fromDay - len, fromDay), activeClients: active, orders,
      avgCheck: orders > 0 ? revenue / orders : 0, crr, S, E, N,
      ltv: ltv.base.ltv, ltvFactors: { S: ltv.base.S, C: ltv.base.C, P: ltv.base.P, T: ltv.base.T }, hhi,
    },
    perClient: pc, trend, abcXyz, rfm: grid, segments, pareto, cohorts, topShares,
    alerts: { dependency, atRiskKey: atRiskKey.slice(0, 200), assortment },
    ms: now() - t0,
  };
}

/** Lines before a day, as a table sharing dictionaries (cached per table and day). */
const beforeCache = new WeakMap<PurchaseTable, { day: number; t: PurchaseTable }>();
function filterBefore(t: PurchaseTable, day: number): PurchaseTable {
  const hit = beforeCache.get(t);
  if (hit && hit.day === day) return hit.t;
  let all = true;
  for (let i = 0; i < t.n && all; i++) if (t.day[i]! >= day) all = false;
  if (all) return t;
  const idx = new Int32Array(t.n);
  let m = 0;
  for (let i = 0; i < t.n; i++) if (t.day[i]! < day) idx[m++] = i;
  const pickI = (a: Int32Array) => { const b = new Int32Array(m); for (let k = 0; k < m; k++) b[k] = a[idx[k]!]!; return b; };
  const pickF = (a: Float64Array) => { const b = new Float64Array(m); for (let k = 0; k < m; k++) b[k] = a[idx[k]!]!; return b; };
  const out: PurchaseTable = {
    n: m, client: pickI(t.client), day: pickI(t.day), amount: pickF(t.amount), qty: pickF(t.qty), cost: pickF(t.cost),
    order: pickI(t.order), product: pickI(t.product), category: pickI(t.category),
    clientIds: t.clientIds, orderIds: t.orderIds, products: t.products, categories: t.categories,
  };
  beforeCache.set(t, { day, t: out });
  return out;
}

/**
 * BTYD summary per client from the client index (lifetimes convention, as
 * analytics/summary.ts defines it): same-day lines merge into one purchase day; frequency =
 * repeat days; recency and T in weeks from the first day; T up to `endDay` (inclusive);
 * monetary = mean value of the repeat days. Only lines on or before endDay.
 */
export function btydSummary(t: PurchaseTable, endDay: number): { client: Int32Array; rows: (BtydRow & { monetaryValue: number })[] } {
  const idx = indexByClient(t);
  const nc = t.clientIds.length;
  const clients: number[] = [];
  const rows: (BtydRow & { monetaryValue: number })[] = [];
  for (let c = 0; c < nc; c++) {
    const s = idx.offsets[c]!, e = lowerBoundDay(idx, c, endDay + 1);
    if (s >= e) continue;
    const firstDay = idx.day[s]!;
    let lastDay = firstDay, days = 0, repeatSum = 0, prev = -2147483648;
    for (let k = s; k < e; k++) {
      const d = idx.day[k]!;
      if (d !== prev) { days++; prev = d; lastDay = d; }
      if (d !== firstDay) repeatSum += idx.amount[k]!;
    }
    const frequency = days - 1;
    clients.push(c);
    rows.push({ frequency, recency: (lastDay - firstDay) / 7, T: (endDay - firstDay) / 7, monetaryValue: frequency > 0 ? repeatSum / frequency : 0 });
  }
  return { client: Int32Array.from(clients), rows };
}

/**
 * E[Y(t) | x, t_x, T], falling back to its no-dropout limit P(alive)·(r + x)/(α + T)·t when the
 * exact formula is not finite. Adapter: on bases where almost nobody drops out the fit drives
 * a and b to ~10^6–10^8 and the hypergeometric series in bgNbdExpectedPurchases returns NaN
 * (reported to analytics-core); a/(a + b) → 0 is exactly the limit where this is the answer.
 */
export function expectedPurchases(bg: BgNbdParams, t: number, row: BtydRow): number {
  const e = bgNbdExpectedPurchases(bg, t, row);
  if (Number.isFinite(e)) return e;
  return bgNbdProbabilityAlive(bg, row) * ((bg.r + row.frequency) / (bg.alpha + row.T)) * t;
}

/** Predictive CLV as analytics/clv.ts defines it, on the safe expectation above. */
export function clvOf(bg: BgNbdParams, gg: GammaGammaParams, row: BtydRow & { monetaryValue: number }, months: number, unitsPerMonth: number, monthlyDiscountRate = 0.01): number {
  const spend = gammaGammaExpectedSpend(gg, row.frequency, row.monetaryValue);
  let clv = 0, prev = 0;
  for (let m = 1; m <= months; m++) {
    const cum = expectedPurchases(bg, m * unitsPerMonth, row);
    clv += ((cum - prev) * spend) / Math.pow(1 + monthlyDiscountRate, m);
    prev = cum;
  }
  return clv;
}

/** Most clients the predictive models are fitted on (see computePredictive). */
export const FIT_ROWS = 5000;

/** BG/NBD + Gamma-Gamma fitted on the history up to the period end; per-client forecasts. */
export function computePredictive(t: PurchaseTable, period: DayPeriod, opts: RunOptions): PredictiveResult {
  const t0 = now();
  const horizonWeeks = opts.horizonWeeks ?? 12;
  const endDay = period.toDay - 1;
  const { client, rows } = btydSummary(t, endDay);
  const empty = (error: string): PredictiveResult => ({
    ok: false, error, horizonWeeks, client: new Int32Array(0), expected: new Float64Array(0), alive: new Float64Array(0), clv: new Float64Array(0),
    totalExpected: 0, totalClv: 0, ms: now() - t0,
  });
  if (rows.length < 10) return empty('not enough clients');
  // The fits are maximum likelihood over all rows (seconds for 20 000 clients): fit on an
  // evenly spaced subsample of at most FIT_ROWS clients, then score every client.
  const step = Math.max(1, Math.ceil(rows.length / FIT_ROWS));
  const fitRows = step === 1 ? rows : rows.filter((_, i) => i % step === 0);
  const bg = fitBgNbdRows(fitRows);
  if (!bg.ok) return empty(bg.error);
  const gg = fitGammaGammaRows(fitRows.filter((r) => r.frequency > 0 && r.monetaryValue > 0));
  const n = rows.length;
  const expected = new Float64Array(n), alive = new Float64Array(n), clv = new Float64Array(n);
  let totalExpected = 0, totalClv = 0;
  for (let k = 0; k < n; k++) {
    const r = rows[k]!;
    expected[k] = expectedPurchases(bg.value, horizonWeeks, r);
    alive[k] = bgNbdProbabilityAlive(bg.value, r);
    // One-time buyers get the population's mean spend (Gamma-Gamma with x = 0).
    clv[k] = gg.ok && (r.frequency === 0 || r.monetaryValue > 0)
      ? clvOf(bg.value, gg.value, r, Math.max(1, Math.round(horizonWeeks / (30.44 / 7))), 30.44 / 7)
      : 0;
    if (!Number.isFinite(clv[k]!)) clv[k] = 0;
    if (!Number.isFinite(expected[k]!)) expected[k] = 0;
    totalExpected += expected[k]!;
    totalClv += clv[k]!;
  }
  // Sort by CLV, then expected purchases.
  const order = Array.from({ length: n }, (_, k) => k).sort((a, b) => (clv[b]! - clv[a]!) || (expected[b]! - expected[a]!));
  const pick = <A extends Float64Array | Int32Array>(a: A, make: (n: number) => A): A => { const b = make(n); order.forEach((k, i) => { b[i] = a[k]!; }); return b; };
  const { r, alpha, a, b } = bg.value;
  return {
    ok: true, horizonWeeks,
    params: { r, alpha, a, b, ...(gg.ok ? { p: gg.value.p, q: gg.value.q, v: gg.value.v } : {}) },
    client: pick(client, (k) => new Int32Array(k)), expected: pick(expected, (k) => new Float64Array(k)),
    alive: pick(alive, (k) => new Float64Array(k)), clv: pick(clv, (k) => new Float64Array(k)),
    totalExpected, totalClv, ms: now() - t0,
  };
}
