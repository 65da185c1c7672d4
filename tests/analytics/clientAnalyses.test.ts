import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  ltvAnalysis, loyaltyLadder, loyaltyMovement, concentrationAnalysis, concentration, assortmentShift,
  dormantClients, planVsFact, shareOfWallet, DAYS_PER_MONTH, type PurchaseRow,
} from '../../src/core/analytics/index';
import { table, day, permute } from './helpers';

describe('LTV = S × C × P × T', () => {
  it('per client with known costs', () => {
    const t = table([
      { clientId: 'a', date: '2024-01-01', amount: 100, cost: 60, orderId: 'o1' },
      { clientId: 'a', date: '2024-02-01', amount: 50, cost: 30, orderId: 'o2' },
    ]);
    const end = day('2024-04-01');
    const r = ltvAnalysis(t, end);
    const S = 75;
    const C = 2 / ((end - day('2024-01-01')) / DAYS_PER_MONTH);
    const P = 60 / 150;
    const T = 32 / DAYS_PER_MONTH;
    expect(r.marginKnown).toBe(true);
    expect(r.perClient.S[0]).toBeCloseTo(S, 12);
    expect(r.perClient.C[0]).toBeCloseTo(C, 12);
    expect(r.perClient.P[0]).toBeCloseTo(P, 12);
    expect(r.perClient.T[0]).toBeCloseTo(T, 12);
    expect(r.perClient.ltv[0]).toBeCloseTo(S * C * P * T, 10);
    expect(r.base.ltv).toBeCloseTo(S * C * P * T, 10);
  });
  it('per group and base from sums; P = 1 when costs are unknown; T at least one month', () => {
    const t = table([
      { clientId: 'a', date: '2024-01-01', amount: 100 },
      { clientId: 'b', date: '2024-01-01', amount: 300 },
      { clientId: 'b', date: '2024-01-02', amount: 100 },
      { clientId: 'c', date: '2024-01-01', amount: 10 },
    ]);
    const end = day('2024-01-01') + Math.round(2 * DAYS_PER_MONTH);
    const obs = (end - day('2024-01-01')) / DAYS_PER_MONTH;
    const r = ltvAnalysis(t, end, [0, 0, -1]);
    const g = r.groups.get(0);
    expect(g?.clients).toBe(2);
    expect(g?.S).toBeCloseTo(500 / 3, 10);
    expect(g?.C).toBeCloseTo(3 / (2 * obs), 10);
    expect(g?.P).toBe(1);
    expect(g?.T).toBe(1);
    expect(r.base.clients).toBe(3);
    expect(r.base.S).toBeCloseTo(510 / 4, 10);
  });
});

describe('loyalty ladder', () => {
  const rows: PurchaseRow[] = [
    { clientId: 'a', date: '2024-01-10', amount: 10 },
    { clientId: 'b', date: '2024-01-10', amount: 10 },
    { clientId: 'b', date: '2024-05-10', amount: 10 },
    ...['01', '02', '03', '03'].map((m, k) => ({ clientId: 'c', date: `2024-${m}-1${k}`, amount: 10 })),
    ...['01', '02', '03', '03'].map((m, k) => ({ clientId: 'd', date: `2024-${m}-1${k}`, amount: 50 })),
    { clientId: 'e', date: '2024-06-01', amount: 10 },
    { clientId: 'f', date: '2023-06-01', amount: 10 },
    { clientId: 'g', date: '2024-06-01', amount: 10 },
    { clientId: 'a', date: '2023-06-01', amount: 10 },
    { clientId: 'a', date: '2023-07-01', amount: 10 },
  ];
  const t = table(rows);
  const y24 = [day('2024-01-01'), day('2025-01-01')] as const;
  const y23 = [day('2023-01-01'), day('2024-01-01')] as const;
  // Client order: a b c d e f g.
  const opts = {
    estimatedTotal: [NaN, 10, 1000, 300, NaN, NaN, NaN], // b's wallet share is 200 % but b is not regular
    advocate: new Set([4]),
    adherent: new Set([6]),
  };
  it('assigns steps with the documented defaults (regular: ≥ 4 orders in ≥ 3 months)', () => {
    const r = loyaltyLadder(t, y24[0], y24[1], opts);
    expect(Array.from(r.step)).toEqual([1, 2, 3, 4, 5, 0, 4]);
    expect(r.counts).toEqual({ none: 1, 'one purchase': 1, 'second purchase': 1, regular: 1, adherent: 2, advocate: 1 });
  });
  it('counts movements between two periods', () => {
    const m = loyaltyMovement(loyaltyLadder(t, y23[0], y23[1]), loyaltyLadder(t, y24[0], y24[1], opts));
    expect(m[2]?.[1]).toBe(1); // a: second purchase → one purchase
    expect(m[1]?.[0]).toBe(1); // f: one purchase → none
    expect(m[0]?.[5]).toBe(1); // e: none → advocate
    expect(m.flat().reduce((s, v) => s + v, 0)).toBe(7);
  });
});

describe('concentration', () => {
  const rows = [
    { clientId: 'a', amount: 60 },
    { clientId: 'b', amount: 25 },
    { clientId: 'c', amount: 10 },
    { clientId: 'd', amount: 5 },
  ].map((r) => ({ ...r, date: '2024-01-01' }));
  it('shares, key / critical clients, warnings and HHI', () => {
    const r = concentrationAnalysis(table(rows), [0, 0, 1, 1]);
    if (!r.ok) throw new Error(r.error);
    expect(r.value.clients.map((c) => [c.clientId, c.share, c.key, c.critical, c.warning])).toEqual([
      ['a', 60, true, true, 40],
      ['b', 25, true, false, 20],
      ['c', 10, false, false, 0],
      ['d', 5, false, false, 0],
    ]);
    expect(r.value.hhi).toBeCloseTo(4350, 9);
    expect(r.value.keyClients).toBe(2);
    expect(r.value.criticalDependency).toBe(true);
    const g0 = r.value.groups[0];
    expect(g0?.share).toBe(85);
    expect(g0?.hhi).toBeCloseTo(((60 / 85) ** 2 + (25 / 85) ** 2) * 1e4, 9);
    expect(g0?.keyClients).toEqual(['a', 'b']);
    expect(g0?.tooManyKeyClients).toBe(false);
    expect(r.value.groups[1]?.keyClientsInGroup).toEqual(['c', 'd']);
  });
  it('flags a group (manager) holding more than three key clients', () => {
    const r = concentration(
      ['k1', 'k2', 'k3', 'k4', 'k5'].map((customerId, i) => ({ customerId, date: '2024-01-01', amount: i === 4 ? 24 : 19 })),
      { groupBy: { k1: 'Ann', k2: 'Ann', k3: 'Ann', k4: 'Ann', k5: 'Bob' } },
    );
    expect(r.groups.map((g) => [g.group, g.keyClients.length, g.tooManyKeyClients])).toEqual([
      ['Ann', 4, true],
      ['Bob', 1, false],
    ]);
  });
  it('groupBy only uses own keys (a customer named "constructor" has no group)', () => {
    const r = concentration(
      [
        { customerId: 'constructor', date: '2024-01-01', amount: 5 },
        { customerId: 'x', date: '2024-01-01', amount: 5 },
      ],
      { groupBy: { x: 'Ann' } },
    );
    expect(r.groups.map((g) => [g.group, g.revenue])).toEqual([['Ann', 5]]);
  });
  it('fails on a non-positive total', () => {
    expect(concentrationAnalysis(table([{ clientId: 'a', date: '2024-01-01', amount: -1 }])).ok).toBe(false);
  });
  it('properties: shares sum to 100, HHI within [10 000 / n, 10 000], row order irrelevant', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ c: fc.integer({ min: 0, max: 20 }), a: fc.integer({ min: 1, max: 10_000 }) }), { minLength: 1, maxLength: 60 }),
        fc.array(fc.nat(), { minLength: 1, maxLength: 8 }),
        (ls, keys) => {
          const tx = ls.map((l) => ({ customerId: `k${l.c}`, date: '2024-01-01', amount: l.a }));
          const r = concentration(tx);
          const n = r.clients.length;
          expect(r.clients.reduce((s, c) => s + c.share, 0)).toBeCloseTo(100, 9);
          expect(r.hhi).toBeGreaterThanOrEqual(10_000 / n - 1e-6);
          expect(r.hhi).toBeLessThanOrEqual(10_000 + 1e-6);
          const p = concentration(permute(tx, keys));
          expect(p.clients.map((c) => [c.customerId, c.share])).toEqual(r.clients.map((c) => [c.customerId, c.share]));
          expect(p.hhi).toBeCloseTo(r.hhi, 6);
        },
      ),
    );
  });
});

describe('assortment shift', () => {
  it('lists categories bought before and not now, by previous revenue', () => {
    const t = table([
      { clientId: 'a', date: '2024-01-05', amount: 100, category: 'x' },
      { clientId: 'a', date: '2024-01-06', amount: 50, category: 'y' },
      { clientId: 'a', date: '2024-01-07', amount: 10, category: 'z' },
      { clientId: 'a', date: '2024-02-05', amount: 70, category: 'y' },
      { clientId: 'a', date: '2024-02-06', amount: -10, category: 'z' }, // a return does not count as buying z
      { clientId: 'b', date: '2024-01-05', amount: 5, category: 'x' },
      { clientId: 'b', date: '2024-02-05', amount: 5, category: 'x' },
      { clientId: 'c', date: '2024-01-05', amount: -5, category: 'y' },
    ]);
    const r = assortmentShift(t, day('2024-01-01'), day('2024-02-01'), day('2024-02-01'), day('2024-03-01'));
    expect(r).toEqual([
      { client: 0, clientId: 'a', droppedRevenue: 110, dropped: [{ category: 'x', previousRevenue: 100 }, { category: 'z', previousRevenue: 10 }] },
    ]);
  });
});

describe('dormant / at risk', () => {
  it('compares days since the last purchase with the median interval', () => {
    const t = table([
      ...['01-01', '01-11', '01-21'].map((d) => ({ clientId: 'a', date: `2024-${d}`, amount: 1 })),
      ...['02-10', '02-20', '02-25'].map((d) => ({ clientId: 'b', date: `2024-${d}`, amount: 1 })),
      { clientId: 'c', date: '2024-01-01', amount: 1 },
      { clientId: 'd', date: '2024-01-01', amount: 1 },
      { clientId: 'd', date: '2024-01-01', amount: 2 },
      { clientId: 'd', date: '2024-02-01', amount: -2 }, // a return is not a purchase day
    ]);
    const r = dormantClients(t, day('2024-03-01'));
    expect(r.map((x) => [x.clientId, x.daysSince, x.medianInterval, x.status])).toEqual([
      ['a', 40, 10, 'at risk'],
      ['b', 5, 7.5, 'active'],
      ['c', 60, NaN, 'insufficient history'],
      ['d', 60, NaN, 'insufficient history'],
    ]);
    expect(dormantClients(t, day('2024-03-01'), 5)[0]?.status).toBe('active');
  });
});

describe('plan vs fact and share of wallet', () => {
  const t = table([
    { clientId: 'a', date: '2024-01-05', amount: 100 },
    { clientId: 'b', date: '2024-01-25', amount: 50 },
    { clientId: 'a', date: '2024-03-01', amount: 30 },
  ]);
  it('sums weighted and unweighted plans per month against actual sales', () => {
    const r = planVsFact(
      t,
      [
        { date: '2024-01-10', amount: 100, probability: 0.5 },
        { date: '2024-01-20', amount: 200, probability: 1 },
        { date: '2024-02-05', amount: 50, probability: 0.2 },
        { date: '2025-02-05', amount: 50, probability: 0.2 }, // outside the period
      ],
      day('2024-01-01'),
      day('2024-04-01'),
    );
    expect(r).toEqual({
      ok: true,
      value: [
        { month: '2024-01', planned: 300, weighted: 250, actual: 150 },
        { month: '2024-02', planned: 50, weighted: 10, actual: 0 },
        { month: '2024-03', planned: 0, weighted: 0, actual: 30 },
      ],
    });
    expect(planVsFact(t, [{ date: '2024-01-01', amount: 1, probability: 1.5 }], 0, 1e6).ok).toBe(false);
  });
  it('share of wallet = revenue / estimated total purchases, NaN when unknown', () => {
    const s = shareOfWallet(t, day('2024-01-01'), day('2024-02-01'), [400, NaN]);
    expect(s[0]).toBe(25);
    expect(s[1]).toBeNaN();
  });
});
