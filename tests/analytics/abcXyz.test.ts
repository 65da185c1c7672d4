import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { abcByDimension, abcClassify, abcXyzTable, xyzByClient, abcXyz, type PurchaseRow } from '../../src/core/analytics/index';
import { table, day, permute } from './helpers';

const five = (cost?: boolean): PurchaseRow[] =>
  (
    [
      ['a', 50],
      ['b', 30],
      ['c', 10],
      ['d', 6],
      ['e', 4],
    ] as const
  ).map(([clientId, amount]) => ({ clientId, date: '2024-01-10', amount, cost: cost ? amount / 2 : undefined, product: `p${clientId}`, category: clientId < 'c' ? 'big' : 'small' }));

describe('ABC', () => {
  it('classifies by cumulative share before the item (80/15/5)', () => {
    const r = abcByDimension(table(five()), 'client');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.basis).toBe('revenue');
    expect(r.value.items.map((i) => `${i.id}${i.cls}`)).toEqual(['aA', 'bA', 'cB', 'dB', 'eC']);
    expect(r.value.items.map((i) => i.cumulativeShare)).toEqual([50, 80, 90, 96, 100]);
    expect(r.value.classes).toEqual({ A: { count: 2, value: 80 }, B: { count: 2, value: 16 }, C: { count: 1, value: 4 } });
    expect(r.value.pareto[0]).toEqual({ rankShare: 0, cumulativeShare: 0 });
    expect(r.value.pareto[2]).toEqual({ rankShare: 40, cumulativeShare: 80 });
  });
  it('uses margin when every cost is known, and works over categories and products', () => {
    const r = abcByDimension(table(five(true)), 'category');
    expect(r.ok && r.value.basis).toBe('margin');
    expect(r.ok && r.value.items.map((i) => [i.id, i.value])).toEqual([['big', 40], ['small', 10]]);
    const p = abcByDimension(table(five()), 'product', { a: 50, b: 40 });
    // Before-shares 0, 50, 80, 90, 96 against limits 50 and 90.
    expect(p.ok && p.value.items.map((i) => i.cls).join('')).toBe('ABBCC');
  });
  it('keeps the top item in A even when it alone exceeds the A threshold', () => {
    const r = abcClassify(['x', 'y'], [99, 1], () => true);
    expect(r.ok && r.value.items.map((i) => i.cls)).toEqual(['A', 'C']); // y starts at 99 % ≥ 95 %
  });
  it('fails on a non-positive total or bad thresholds', () => {
    expect(abcClassify(['x'], [-5], () => true).ok).toBe(false);
    expect(abcClassify(['x'], [5], () => true, { a: 90, b: 20 }).ok).toBe(false);
  });
  it('properties: shares sum to 100, classes ordered by value, input order irrelevant', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ c: fc.integer({ min: 0, max: 15 }), a: fc.integer({ min: 1, max: 1000 }) }), { minLength: 1, maxLength: 80 }),
        fc.array(fc.nat(), { minLength: 1, maxLength: 10 }),
        (lines, keys) => {
          const rows = lines.map((l) => ({ clientId: `k${l.c}`, date: '2024-01-01', amount: l.a }));
          const r = abcByDimension(table(rows), 'client');
          if (!r.ok) throw new Error(r.error);
          const items = r.value.items;
          expect(items.reduce((s, i) => s + i.share, 0)).toBeCloseTo(100, 9);
          for (let k = 1; k < items.length; k++) {
            expect(items[k]!.value).toBeLessThanOrEqual(items[k - 1]!.value);
            expect(items[k]!.cls >= items[k - 1]!.cls).toBe(true); // 'A' < 'B' < 'C'
          }
          const again = abcByDimension(table(permute(rows, keys)), 'client');
          if (!again.ok) throw new Error(again.error);
          expect(again.value.items.map((i) => [i.id, i.value, i.cls])).toEqual(items.map((i) => [i.id, i.value, i.cls]));
        },
      ),
    );
  });
});

describe('XYZ and ABC×XYZ', () => {
  const rows: PurchaseRow[] = [
    { clientId: 'x', date: '2024-01-15', amount: 100 },
    { clientId: 'x', date: '2024-02-15', amount: 100 },
    { clientId: 'x', date: '2024-03-15', amount: 100 },
    { clientId: 'y', date: '2024-01-15', amount: 100 },
    { clientId: 'y', date: '2024-02-15', amount: 60 },
    { clientId: 'y', date: '2024-02-16', amount: 40 },
    { clientId: 'y', date: '2024-03-15', amount: 130 },
    { clientId: 'z', date: '2024-01-15', amount: 300 },
    { clientId: 'late', date: '2024-04-01', amount: 999 }, // outside the period
  ];
  const from = day('2024-01-01');
  const to = day('2024-04-01');
  it('computes the CV of monthly sums with empty months as zero', () => {
    const t = table(rows);
    const r = xyzByClient(t, from, to);
    expect(r.months).toBe(3);
    expect(r.cv[0]).toBe(0);
    expect(r.cv[1]).toBeCloseTo((Math.sqrt(200) / 110) * 100, 10); // 12.86 %
    expect(r.cv[2]).toBeCloseTo(Math.SQRT2 * 100, 10); // 141.4 %
    expect(r.cls.slice(0, 3)).toEqual(['X', 'Y', 'Z']);
    expect(r.present[3]).toBe(0);
  });
  it('fills the nine cells with counts, values and client ids', () => {
    const r = abcXyzTable(table(rows), from, to, { a: 50, b: 30 });
    if (!r.ok) throw new Error(r.error);
    // Revenue: y 330, x 300, z 300 (tie broken by id); before-shares 0, 35.5, 67.7 %.
    expect(r.value.cells.AY).toEqual({ count: 1, value: 330, clientIds: ['y'] });
    expect(r.value.cells.AX).toEqual({ count: 1, value: 300, clientIds: ['x'] });
    expect(r.value.cells.BZ).toEqual({ count: 1, value: 300, clientIds: ['z'] });
    const total = Object.values(r.value.cells).reduce((s, c) => s + c.count, 0);
    expect(total).toBe(3);
  });
  it('plain API: inclusive ISO period, same result', () => {
    const r = abcXyz(rows.map((x) => ({ customerId: x.clientId, date: x.date, amount: x.amount })), {
      from: '2024-01-01',
      to: '2024-03-31',
      abc: { a: 50, b: 30 },
    });
    expect(r.clients.map((c) => `${c.clientId}:${c.abc}${c.xyz}`)).toEqual(['y:AY', 'x:AX', 'z:BZ']);
    expect(() => abcXyz([{ customerId: 'a', date: 'bad', amount: 1 }])).toThrow(RangeError);
  });
});
