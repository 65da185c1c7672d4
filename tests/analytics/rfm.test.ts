import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { rfmAnalysis, rfmSegment, rfmTable, RFM_SEGMENTS } from '../../src/core/analytics/index';
import { table, day, permute } from './helpers';

const rows = [
  { customerId: 'a', orderId: 'o1', date: '2024-02-28', amount: 10 },
  { customerId: 'a', orderId: 'o1', date: '2024-02-28', amount: 20 },
  { customerId: 'a', orderId: 'o2', date: '2024-02-29', amount: 5 },
  { customerId: 'b', date: '2024-01-01', amount: 7 },
  { customerId: 'b', date: '2024-01-01', amount: 3 },
  { customerId: 'b', date: '2024-01-10', amount: 100 },
  { customerId: 'c', date: '2023-12-01', amount: 1 },
  { customerId: 'd', date: '2024-02-01', amount: 50 },
  { customerId: 'd', date: '2024-03-05', amount: 500 }, // after as-of: ignored
  { customerId: 'e', date: '2024-03-02', amount: 9 }, // only after as-of: not listed
];

describe('RFM', () => {
  it('computes recency in days, frequency as distinct orders (or days), monetary as the sum', () => {
    const r = rfmTable(rows, '2024-03-01');
    expect(r.map(({ customerId, recency, frequency, monetary }) => [customerId, recency, frequency, monetary])).toEqual([
      ['a', 1, 2, 35],
      ['b', 51, 2, 110],
      ['c', 91, 1, 1],
      ['d', 29, 1, 50],
    ]);
  });
  it('scores by quintiles (equal values equal scores) and names segments by the R×F map', () => {
    const r = rfmTable(rows, '2024-03-01');
    // n = 4: score = 1 + ⌊5 · (values ranked worse) / 4⌋.
    expect(r.map((x) => `${x.customerId}${x.r}${x.f}${x.m}`)).toEqual(['a432', 'b234', 'c111', 'd313']);
    expect(r.map((x) => x.segment)).toEqual(['potential loyalist', 'at risk', 'lost', 'about to sleep']);
    const t = table(rows.map((x) => ({ clientId: x.customerId, date: x.date, amount: x.amount, orderId: x.orderId })));
    const res = rfmAnalysis(t, day('2024-03-01'));
    expect(res.segments['at risk']).toEqual({ count: 1, clientIds: ['b'] });
    expect(Object.values(res.segments).reduce((s, g) => s + g.count, 0)).toBe(4);
  });
  it('segment map: every R×F cell has exactly one of the 11 names, and the named corners are right', () => {
    const seen = new Set<string>();
    for (let r = 1; r <= 5; r++) for (let f = 1; f <= 5; f++) seen.add(rfmSegment(r, f));
    expect([...seen].sort()).toEqual([...RFM_SEGMENTS].sort());
    expect(rfmSegment(5, 5)).toBe('champions');
    expect(rfmSegment(5, 1)).toBe('new');
    expect(rfmSegment(4, 1)).toBe('promising');
    expect(rfmSegment(3, 3)).toBe('need attention');
    expect(rfmSegment(1, 5)).toBe("can't lose");
    expect(rfmSegment(2, 4)).toBe('at risk');
    expect(rfmSegment(2, 2)).toBe('hibernating');
    expect(rfmSegment(4, 5)).toBe('loyal');
  });
  it('properties: scores in 1..5, equal values equal scores, row order irrelevant', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({ c: fc.integer({ min: 0, max: 12 }), d: fc.integer({ min: 0, max: 60 }), a: fc.integer({ min: 1, max: 500 }) }),
          { minLength: 1, maxLength: 60 },
        ),
        fc.array(fc.nat(), { minLength: 1, maxLength: 8 }),
        (ls, keys) => {
          const tx = ls.map((l) => ({ customerId: `k${l.c}`, date: `2024-01-${String(1 + (l.d % 28)).padStart(2, '0')}`, amount: l.a }));
          const a = rfmTable(tx, '2024-02-01');
          const b = rfmTable(permute(tx, keys), '2024-02-01');
          const key = (x: (typeof a)[number]) => JSON.stringify(x);
          expect(b.map(key).sort()).toEqual(a.map(key).sort());
          for (const x of a) for (const s of [x.r, x.f, x.m]) expect(s >= 1 && s <= 5).toBe(true);
          for (const x of a)
            for (const y of a) {
              if (x.recency === y.recency) expect(x.r).toBe(y.r);
              if (x.frequency === y.frequency) expect(x.f).toBe(y.f);
              if (x.monetary === y.monetary) expect(x.m).toBe(y.m);
            }
        },
      ),
    );
  });
});
