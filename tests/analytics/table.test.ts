import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  buildPurchaseTable, parseDay, formatDay, daysFromCivil, monthOf, monthStart, monthLookup, formatMonth,
  filterByPeriod, filterByClients, filterByCategory, dayRange, allCostsKnown, indexByClient, clientStats,
  quintileScores,
} from '../../src/core/analytics/index';
import { table, day } from './helpers';

describe('calendar', () => {
  it('parses ISO, ISO with time and compact dates to days since the epoch', () => {
    expect(parseDay('1970-01-01')).toBe(0);
    expect(parseDay('1970-01-02')).toBe(1);
    expect(parseDay('1969-12-31')).toBe(-1);
    expect(parseDay('2000-03-01')).toBe(11017);
    expect(parseDay('2010-12-01 08:26:00')).toBe(parseDay('2010-12-01'));
    expect(parseDay('19970101')).toBe(parseDay('1997-01-01'));
    // Plain-JS callers: a Date or a YYYYMMDD number (as CSV parsers with type guessing produce).
    expect(parseDay(new Date(Date.UTC(1997, 0, 1)) as unknown as string)).toBe(parseDay('1997-01-01'));
    expect(parseDay(19970101 as unknown as string)).toBe(parseDay('1997-01-01'));
  });
  it('rejects invalid dates', () => {
    for (const s of ['', '2024-13-01', '2023-02-29', '2024/01/01', 'abcd-ef-gh', '1/2/2020']) expect(parseDay(s)).toBeNaN();
    expect(parseDay('2024-02-29')).not.toBeNaN();
  });
  it('round-trips through formatDay and agrees with Date.UTC', () => {
    fc.assert(
      fc.property(fc.integer({ min: -200_000, max: 200_000 }), (d) => {
        expect(parseDay(formatDay(d))).toBe(d);
        const dt = new Date(d * 86_400_000);
        expect(daysFromCivil(dt.getUTCFullYear(), dt.getUTCMonth() + 1, dt.getUTCDate())).toBe(d);
      }),
    );
  });
  it('maps days to months and back', () => {
    expect(formatMonth(monthOf(day('2024-02-29')))).toBe('2024-02');
    expect(monthStart(monthOf(day('2024-02-29')))).toBe(day('2024-02-01'));
    const lk = monthLookup(day('2024-01-30'), day('2024-02-02'));
    expect(Array.from(lk, formatMonth)).toEqual(['2024-01', '2024-01', '2024-02']);
  });
});

describe('buildPurchaseTable', () => {
  it('dictionary-encodes strings and fills defaults', () => {
    const t = table([
      { clientId: 'a', date: '2024-01-01', amount: 10, orderId: 'o1', category: 'x' },
      { clientId: 'b', date: '2024-01-02', amount: 5, qty: 2, cost: 3, product: 'p' },
      { clientId: 'a', date: '2024-01-03', amount: -1, orderId: 'o1' },
    ]);
    expect(t.n).toBe(3);
    expect(t.clientIds).toEqual(['a', 'b']);
    expect(Array.from(t.client)).toEqual([0, 1, 0]);
    expect(Array.from(t.qty)).toEqual([1, 2, 1]);
    expect(Number.isNaN(t.cost[0])).toBe(true);
    expect(t.cost[1]).toBe(3);
    expect(Array.from(t.order)).toEqual([0, -1, 0]);
    expect(Array.from(t.product)).toEqual([-1, 0, -1]);
    expect(Array.from(t.category)).toEqual([0, -1, -1]);
    expect(t.day[2]! - t.day[0]!).toBe(2);
  });
  it('scopes order ids by client', () => {
    const t = table([
      { clientId: 'a', date: '2024-01-01', amount: 1, orderId: '1' },
      { clientId: 'b', date: '2024-01-01', amount: 1, orderId: '1' },
      { clientId: 'a', date: '2024-01-02', amount: 1, orderId: '1' },
    ]);
    expect(t.order[0]).toBe(t.order[2]);
    expect(t.order[1]).not.toBe(t.order[0]);
    expect(t.orderIds).toEqual(['1', '1']);
  });
  it('fails as a value on invalid rows, naming the row', () => {
    const bad = buildPurchaseTable([
      { clientId: 'a', date: '2024-01-01', amount: 1 },
      { clientId: 'a', date: '2024-02-30', amount: 1 },
    ]);
    expect(bad).toEqual({ ok: false, error: 'row 2: invalid date "2024-02-30"' });
    const nan = buildPurchaseTable([{ clientId: 'a', date: '2024-01-01', amount: NaN }]);
    expect(nan.ok).toBe(false);
  });
  it('accepts any iterable', () => {
    function* gen() {
      for (let i = 0; i < 3000; i++) yield { clientId: `c${i % 7}`, date: '2024-01-01', amount: i };
    }
    const r = buildPurchaseTable(gen());
    expect(r.ok && r.value.n).toBe(3000);
    expect(r.ok && r.value.amount[2999]).toBe(2999);
  });
});

describe('filters and per-client index', () => {
  const t = table([
    { clientId: 'a', date: '2024-01-05', amount: 10, orderId: 'o1', category: 'x', cost: 1 },
    { clientId: 'a', date: '2024-01-01', amount: 20, orderId: 'o2', category: 'y', cost: 2 },
    { clientId: 'b', date: '2024-02-01', amount: 5, category: 'x', cost: 1 },
    { clientId: 'b', date: '2024-02-01', amount: 6, cost: 1 },
    { clientId: 'a', date: '2024-01-05', amount: 1, orderId: 'o1', cost: 0 },
  ]);
  it('filters by half-open period, clients and categories', () => {
    expect(filterByPeriod(t, day('2024-01-01'), day('2024-01-05')).n).toBe(1);
    expect(filterByPeriod(t, day('2024-01-01'), day('2024-01-06')).n).toBe(3);
    expect(filterByClients(t, new Set([1])).n).toBe(2);
    expect(Array.from(filterByCategory(t, new Set([0])).amount)).toEqual([10, 5]);
    expect(dayRange(t)).toEqual({ fromDay: day('2024-01-01'), toDay: day('2024-02-02') });
    expect(allCostsKnown(t)).toBe(true);
  });
  it('groups lines by client in day order', () => {
    const idx = indexByClient(t);
    expect(Array.from(idx.offsets)).toEqual([0, 3, 5]);
    expect(Array.from(idx.lines.slice(0, 3), (i) => t.day[i])).toEqual([day('2024-01-01'), day('2024-01-05'), day('2024-01-05')]);
  });
  it('property: every line once, grouped by client, day-sorted, stable within a day, columns aligned', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ c: fc.integer({ min: 0, max: 6 }), d: fc.integer({ min: 0, max: 30 }) }), { minLength: 0, maxLength: 120 }),
        (ls) => {
          const tt = table(ls.map((l, i) => ({ clientId: `k${l.c}`, date: formatDay(19000 + l.d), amount: i })));
          const idx = indexByClient(tt);
          expect(Array.from(idx.lines).sort((a, b) => a - b)).toEqual(ls.map((_, i) => i));
          for (let c = 0; c < tt.clientIds.length; c++) {
            for (let k = idx.offsets[c]!; k < idx.offsets[c + 1]!; k++) {
              const i = idx.lines[k]!;
              expect(tt.client[i]).toBe(c);
              expect(idx.day[k]).toBe(tt.day[i]);
              expect(idx.amount[k]).toBe(tt.amount[i]);
              if (k > idx.offsets[c]!) {
                const prev = idx.lines[k - 1]!;
                expect(tt.day[prev]! < tt.day[i]! || (tt.day[prev] === tt.day[i] && prev < i)).toBe(true);
              }
            }
          }
        },
      ),
    );
  });
  it('computes per-client stats; orders fall back to distinct days without order id', () => {
    const st = clientStats(t);
    expect(Array.from(st.revenue)).toEqual([31, 11]);
    expect(Array.from(st.margin)).toEqual([28, 9]);
    expect(Array.from(st.orders)).toEqual([2, 1]);
    expect(Array.from(st.days)).toEqual([2, 1]);
    const jan = clientStats(t, day('2024-01-02'), day('2024-02-01'));
    expect(Array.from(jan.revenue)).toEqual([11, 0]);
    expect(Array.from(jan.present)).toEqual([1, 0]);
  });
});

describe('quintileScores', () => {
  it('scores distinct values by quintile', () => {
    expect(Array.from(quintileScores([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]))).toEqual([1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
    expect(Array.from(quintileScores([1, 2, 3, 4, 5], false))).toEqual([5, 4, 3, 2, 1]);
  });
  it('gives equal values equal scores', () => {
    expect(Array.from(quintileScores([1, 1, 1, 1, 9]))).toEqual([1, 1, 1, 1, 5]);
  });
  it('is within 1..5, monotone, tie-consistent and order-independent', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 1, maxLength: 60 }), (vs) => {
        const s = quintileScores(vs);
        const rev = quintileScores(vs.slice().reverse());
        for (let i = 0; i < vs.length; i++) {
          expect(s[i]).toBeGreaterThanOrEqual(1);
          expect(s[i]).toBeLessThanOrEqual(5);
          expect(rev[vs.length - 1 - i]).toBe(s[i]);
          for (let j = 0; j < vs.length; j++) if (vs[i]! <= vs[j]!) expect(s[i]!).toBeLessThanOrEqual(s[j]!);
        }
      }),
    );
  });
});
