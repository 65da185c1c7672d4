import { describe, expect, it } from 'vitest';
import { generateSample, DEMO_SIZE } from '../../src/core/sample/generate';
import { tableFromRaw, clientAttrs, applyFilters } from '../../src/core/queries/analyticsInput';
import { computeDashboard, computePredictive } from '../../src/workers/analytics.compute';
import { isAnalyticsRequest } from '../../src/workers/analytics.messages';

const END = 20_400; // a fixed day: the test does not depend on today
const s = generateSample(DEMO_SIZE, END, 42);
const table = tableFromRaw(s.chunks);
const byId = new Map(s.clients.map((c) => [c.id as string, c]));
const attrs = clientAttrs(table.clientIds, (id) => byId.get(id));
const period = { fromDay: END - 364, toDay: END + 1 };
const opts = { activeWindowDays: 365, horizonWeeks: 12 };

describe('worker computations on the demo sample', () => {
  const r = computeDashboard(table, attrs, period, opts);

  it('KPIs agree with each other and with the per-client list, the trend and the matrices', () => {
    const k = r.kpis;
    expect(k.revenue).toBeGreaterThan(0);
    expect(k.activeClients).toBeGreaterThan(0);
    const pc = r.perClient;
    let rev = 0, orders = 0, active = 0;
    for (let i = 0; i < pc.client.length; i++) { rev += pc.revenue[i]!; orders += pc.orders[i]!; if (pc.orders[i]! > 0) active++; }
    expect(rev).toBeCloseTo(k.revenue, 2);
    expect(orders).toBe(k.orders);
    expect(active).toBe(k.activeClients);
    expect(k.avgCheck * k.orders).toBeCloseTo(k.revenue, 2);
    expect(r.trend.reduce((a, p) => a + p.revenue, 0)).toBeCloseTo(k.revenue, 2);
    expect(r.abcXyz.reduce((a, c) => a + c.count, 0)).toBe(k.activeClients);
    // Every client of the period has a cell; the drill-down (abc/xyz codes) gives the same counts.
    for (const c of r.abcXyz) {
      const a = 'ABC'.indexOf(c.cell[0]!), x = 'XYZ'.indexOf(c.cell[1]!);
      let n = 0;
      for (let i = 0; i < pc.client.length; i++) if (pc.abc[i] === a && pc.xyz[i] === x) n++;
      expect(n).toBe(c.count);
    }
    const rfmTotal = r.rfm.flat().reduce((a, g) => a + g.count, 0);
    expect(rfmTotal).toBe(pc.client.length);
    expect(r.segments.reduce((a, g) => a + g.count, 0)).toBe(rfmTotal);
    // CRR: S = active at the start; retained ⊂ S.
    expect(pc.atStart.reduce((a, v) => a + v, 0)).toBe(k.S);
    expect(k.crr).not.toBeNull();
    expect(k.crr!).toBeGreaterThan(0);
    expect(k.crr!).toBeLessThanOrEqual(100);
    expect(k.ltv).toBeGreaterThan(0);
    expect(r.pareto.at(-1)!.rankShare).toBeCloseTo(100, 5);
  });

  it('a filter narrows every figure to the filtered clients', () => {
    const seg = attrs.segments[0]!;
    const f = computeDashboard(applyFilters(table, attrs, { segment: seg }), attrs, period, opts);
    expect(f.kpis.revenue).toBeLessThan(r.kpis.revenue);
    for (let i = 0; i < f.perClient.client.length; i++) expect(attrs.segments[attrs.segment[f.perClient.client[i]!]!]).toBe(seg);
  });

  it('predictive: finite expected purchases, P(alive) in [0, 1], CLV ≥ 0', () => {
    const p = computePredictive(table, period, opts);
    expect(p.ok).toBe(true);
    expect(p.client.length).toBeGreaterThan(100);
    expect(p.totalExpected).toBeGreaterThan(0);
    expect(Number.isFinite(p.totalClv)).toBe(true);
    for (let i = 0; i < p.client.length; i++) {
      expect(Number.isFinite(p.expected[i]!)).toBe(true);
      expect(p.alive[i]!).toBeGreaterThanOrEqual(0);
      expect(p.alive[i]!).toBeLessThanOrEqual(1);
      expect(p.clv[i]!).toBeGreaterThanOrEqual(0);
    }
  });

  it('checks worker requests before use', () => {
    expect(isAnalyticsRequest({ type: 'run', id: 1, analysis: 'dashboard', period, filters: {}, options: opts })).toBe(true);
    expect(isAnalyticsRequest({ type: 'run', id: 1, analysis: 'rm -rf', period, filters: {}, options: opts })).toBe(false);
    expect(isAnalyticsRequest({ type: 'run', id: 1, analysis: 'dashboard', period: { fromDay: '1' }, filters: {}, options: opts })).toBe(false);
    expect(isAnalyticsRequest(null)).toBe(false);
  });
});

describe('worker computations on an empty base', () => {
  it('returns zeros, not errors', () => {
    const empty = tableFromRaw([]);
    const r = computeDashboard(empty, clientAttrs(empty.clientIds, () => undefined), period, opts);
    expect(r.kpis.revenue).toBe(0);
    expect(r.kpis.activeClients).toBe(0);
    expect(r.kpis.crr).toBeNull();
    expect(r.perClient.client).toHaveLength(0);
    expect(r.abcXyz.every((c) => c.count === 0)).toBe(true);
    expect(computePredictive(empty, period, opts).ok).toBe(false);
  });
});
