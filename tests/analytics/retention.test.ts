import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { retentionRate, cohortRetention, retentionByPeriod } from '../../src/core/analytics/index';
import { table, day } from './helpers';
import { monthStart, monthOf } from '../../src/core/analytics/index';

const tx = [
  { customerId: 'a', date: '2024-01-20', amount: 10 },
  { customerId: 'a', date: '2024-02-20', amount: 10 },
  { customerId: 'b', date: '2024-01-05', amount: 10 },
  { customerId: 'b', date: '2024-02-07', amount: -10 }, // a return: not a purchase for cohorts
  { customerId: 'c', date: '2024-02-10', amount: 10 },
  { customerId: 'd', date: '2024-03-15', amount: 10 },
];

describe('CRR', () => {
  it('CRR = (E − N) / S × 100 per month with a 30-day activity window', () => {
    const r = retentionRate(
      tx.filter((x) => x.amount > 0),
      { from: '2024-02-01', to: '2024-03-31', grain: 'month', activeWindowDays: 30 },
    );
    // Feb: S = {a, b}, E = {a, c}, N = {c} → 50 %. Mar: S = {a, c}, E = {d}, N = {d} → 0 %.
    expect(r.map(({ label, S, E, N, crr, churn }) => [label, S, E, N, crr, churn])).toEqual([
      ['2024-02', 2, 2, 1, 50, 50],
      ['2024-03', 2, 1, 1, 0, 100],
    ]);
  });
  it('aligns quarters and years to the calendar and reports null when S = 0', () => {
    const t = table(tx.map((x) => ({ clientId: x.customerId, date: x.date, amount: x.amount })));
    const q = retentionByPeriod(t, day('2024-02-01'), day('2024-04-01'), 'quarter', 30);
    expect(q).toHaveLength(1);
    expect(q[0]).toMatchObject({ label: '2024-Q1', fromDay: day('2024-01-01'), toDay: day('2024-04-01'), S: 0, N: 4, crr: null, churn: null });
    const y = retentionByPeriod(t, day('2024-01-01'), day('2024-12-31'), 'year', 365);
    expect(y[0]?.label).toBe('2024');
  });
});

describe('CRR against the definition, brute force', () => {
  it('matches a direct count of S, E and N for random histories', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ c: fc.integer({ min: 0, max: 9 }), d: fc.integer({ min: 0, max: 400 }) }), { minLength: 1, maxLength: 80 }),
        fc.integer({ min: 1, max: 120 }),
        (ls, w) => {
          const base = day('2023-01-01');
          const t = table(ls.map((l) => ({ clientId: `k${l.c}`, date: new Date((base + l.d) * 864e5).toISOString().slice(0, 10), amount: 1 })));
          const res = retentionByPeriod(t, base, base + 400, 'month', w);
          const days = new Map<string, number[]>();
          for (const l of ls) days.set(`k${l.c}`, [...(days.get(`k${l.c}`) ?? []), base + l.d]);
          const activeAt = (x: number): number => [...days.values()].filter((ds) => ds.some((d) => d >= x - w && d < x)).length;
          res.forEach((p, j) => {
            expect(p.fromDay).toBe(monthStart(monthOf(base) + j));
            const N = [...days.values()].filter((ds) => Math.min(...ds) >= p.fromDay && Math.min(...ds) < p.toDay).length;
            expect([p.S, p.E, p.N]).toEqual([activeAt(p.fromDay), activeAt(p.toDay), N]);
          });
        },
      ),
    );
  });
});

describe('cohort retention', () => {
  it('shares of each first-purchase-month cohort buying k months later', () => {
    const c = cohortRetention(tx);
    expect(c.map(({ cohort, size, active, retention }) => [cohort, size, active, retention])).toEqual([
      ['2024-01', 2, [2, 1, 0], [100, 50, 0]],
      ['2024-02', 1, [1, 0], [100, 0]],
      ['2024-03', 1, [1], [100]],
    ]);
  });
});
