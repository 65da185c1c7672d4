import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decodeChunk, chunkLines, type PurchaseLine } from '../../src/core/model/purchase';
import { encodeChunk } from '../../src/core/model/purchaseEncode';
import type { ClientId } from '../../src/core/model/client';
import { buildPurchaseTable, clientStats, type PurchaseTable } from '../../src/core/analytics/index';
import { TableBuilder, alignAttrs, applyFilters, clientAttrs, clientDirectory, clientMask, tableFromRaw, tableFromChunks, type ClientAttrSource } from '../../src/core/queries/analyticsInput';

const CLIENTS = ['cli_aaaaaaaaaaaa', 'cli_bbbbbbbbbbbb', 'cli_cccccccccccc', 'cli_dddddddddddd', 'cli_eeeeeeeeeeee'];
const line = fc.record({
  clientId: fc.constantFrom(...CLIENTS).map((s) => s as ClientId),
  date: fc.integer({ min: 19000, max: 20500 }).map((d) => new Date(d * 86_400_000).toISOString().slice(0, 10)),
  amount: fc.integer({ min: -5000, max: 100000 }).map((n) => n / 100),
  qty: fc.integer({ min: 1, max: 20 }),
  cost: fc.option(fc.integer({ min: 0, max: 50000 }).map((n) => n / 100), { nil: undefined }),
  orderId: fc.constantFrom('', 'o1', 'o2', 'o3', 'o4', 'o5', 'o6'),
  product: fc.constantFrom('', 'pen', 'ink', 'paper', 'desk'),
  category: fc.constantFrom('', 'office', 'furniture', 'paper'),
}).map((l): PurchaseLine => ({ ...l, cost: l.cost ?? NaN }));
const chunks = fc.array(fc.array(line, { minLength: 0, maxLength: 40 }), { minLength: 0, maxLength: 6 });

/** Reference: decode every chunk line by line into objects, build with the analytics builder. */
function reference(raw: Uint8Array[]): PurchaseTable {
  const rows = raw.flatMap((b) => { const d = decodeChunk(b); return d.ok ? chunkLines(d.value) : []; });
  const r = buildPurchaseTable(rows.map((l) => ({ clientId: l.clientId, date: l.date, amount: l.amount, qty: l.qty, cost: l.cost, orderId: l.orderId, product: l.product, category: l.category })));
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

/** Per-client-id totals that do not depend on dictionary order. */
function totals(t: PurchaseTable) {
  const st = clientStats(t);
  const per: Record<string, [number, number, number, number, number]> = {};
  t.clientIds.forEach((id, c) => { if (st.present[c]) per[id] = [Math.round(st.revenue[c]! * 100), Math.round(st.margin[c]! * 100), st.orders[c]!, st.days[c]!, st.firstDay[c]!]; });
  const byCat: Record<string, number> = {};
  const byProd: Record<string, number> = {};
  let qty = 0, nanCost = 0;
  for (let i = 0; i < t.n; i++) {
    const k = t.category[i]!, p = t.product[i]!;
    const kk = k < 0 ? '' : t.categories[k]!, pp = p < 0 ? '' : t.products[p]!;
    byCat[kk] = (byCat[kk] ?? 0) + Math.round(t.amount[i]! * 100);
    byProd[pp] = (byProd[pp] ?? 0) + Math.round(t.amount[i]! * 100);
    qty += t.qty[i]!;
    if (Number.isNaN(t.cost[i]!)) nanCost++;
  }
  return { n: t.n, per, byCat, byProd, qty, nanCost };
}

describe('analyticsInput: table from stored chunks', () => {
  it('gives the same totals as decoding the lines one by one (property)', () => {
    fc.assert(fc.property(chunks, (cs) => {
      const raw = cs.map((ls) => encodeChunk(ls));
      const fast = tableFromRaw(raw);
      const ref = reference(raw);
      expect(totals(fast)).toEqual(totals(ref));
      // Order codes scoped by client: the same number of distinct orders overall.
      expect(new Set(Array.from(fast.order).filter((o) => o >= 0)).size).toBe(ref.orderIds.length);
      expect(fast.orderIds).toHaveLength(ref.orderIds.length);
    }), { numRuns: 150 });
  });

  it('keeps line order and values; grows past its initial capacity', () => {
    fc.assert(fc.property(chunks, (cs) => {
      const decoded = cs.map((ls) => decodeChunk(encodeChunk(ls))).flatMap((d) => (d.ok ? [d.value] : []));
      const b = new TableBuilder(1, true);
      for (const d of decoded) b.add(d);
      const t = b.finish();
      const lines = decoded.flatMap((d) => chunkLines(d));
      expect(t.n).toBe(lines.length);
      lines.forEach((l, i) => {
        expect(t.clientIds[t.client[i]!]).toBe(l.clientId);
        expect(t.amount[i]).toBe(l.amount);
        expect(t.orderIds[t.order[i]!] ?? '').toBe(l.orderId);
        expect(t.categories[t.category[i]!] ?? '').toBe(l.category);
        expect(Number.isNaN(t.cost[i]!)).toBe(Number.isNaN(l.cost));
      });
      expect(totals(tableFromChunks(decoded))).toEqual(totals(t));
    }), { numRuns: 100 });
  });

  it('an order number shared by two clients is two orders; the same order in two chunks is one', () => {
    const l = (clientId: string, orderId: string, date = '2025-01-10'): PurchaseLine => ({ clientId: clientId as ClientId, date, amount: 10, qty: 1, cost: NaN, orderId, product: 'p', category: 'c' });
    const raw = [encodeChunk([l(CLIENTS[0]!, 'X'), l(CLIENTS[1]!, 'X')]), encodeChunk([l(CLIENTS[0]!, 'X', '2025-01-11'), l(CLIENTS[1]!, 'Y')])];
    const t = tableFromRaw(raw);
    const st = clientStats(t);
    expect(st.orders[t.clientIds.indexOf(CLIENTS[0]!)]).toBe(1);
    expect(st.orders[t.clientIds.indexOf(CLIENTS[1]!)]).toBe(2);
    expect(t.orderIds).toHaveLength(3);
  });

  it('skips malformed chunks (from a peer or a file) instead of failing the whole table', () => {
    const good = encodeChunk([{ clientId: CLIENTS[0] as ClientId, date: '2025-03-01', amount: 5, qty: 1, cost: 2, orderId: 'a', product: '', category: '' }]);
    const bad = new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const t = tableFromRaw([good, bad, good]);
    expect(t.n).toBe(2);
    expect(totals(t)).toEqual(totals(tableFromRaw([good, good])));
  });

  it('builds a 200 000-line table without per-line objects in bounded time (generous bound: the CI machine is shared)', () => {
    const ls: PurchaseLine[] = [];
    for (let i = 0; i < 10_000; i++) ls.push({ clientId: CLIENTS[i % 5] as ClientId, date: '2025-01-01', amount: i, qty: 1, cost: NaN, orderId: `o${i >> 2}`, product: `p${i % 50}`, category: `k${i % 7}` });
    const raw = Array.from({ length: 20 }, () => encodeChunk(ls));
    const t0 = performance.now();
    const t = tableFromRaw(raw);
    expect(t.n).toBe(200_000);
    expect(performance.now() - t0).toBeLessThan(5000);
  });
});

describe('analyticsInput: client attributes and filters', () => {
  const people: Record<string, ClientAttrSource> = {
    [CLIENTS[0]!]: { segment: 'Опт', managerId: 'mem_a', tags: ['vip', 'north'], isKey: true, deletedAt: '' },
    [CLIENTS[1]!]: { segment: 'Розница', managerId: 'mem_b', tags: ['north'], isKey: false, deletedAt: '' },
    [CLIENTS[2]!]: { segment: 'Опт', managerId: 'mem_b', tags: [], isKey: false, deletedAt: '2025-01-01T00:00:00Z' },
  };
  const ls: PurchaseLine[] = CLIENTS.flatMap((c, i) => [
    { clientId: c as ClientId, date: '2025-02-01', amount: 100 * (i + 1), qty: 1, cost: NaN, orderId: 'o', product: 'p', category: 'office' },
    { clientId: c as ClientId, date: '2025-03-01', amount: 10 * (i + 1), qty: 1, cost: NaN, orderId: 'q', product: 'p', category: 'paper' },
  ]);
  const t = tableFromRaw([encodeChunk(ls)]);
  const attrs = clientAttrs(t.clientIds, (id) => people[id]);
  const revenueOf = (tt: PurchaseTable) => { let s = 0; for (let i = 0; i < tt.n; i++) s += tt.amount[i]!; return s; };

  it('a client directory re-aligned with the table gives the same attributes as a direct lookup', () => {
    // The worker's path: attributes for every client by id, aligned with the table it built.
    const dir = clientDirectory([CLIENTS[2]!, CLIENTS[0]!, CLIENTS[1]!].map((id) => ({ id, ...people[id]! })));
    // Dictionary codes may differ (the directory numbers values in its own order): compare values.
    const plain = (a: typeof attrs) => t.clientIds.map((_, c) => ({
      segment: a.segments[a.segment[c]!], manager: a.managers[a.manager[c]!], isKey: a.isKey[c], missing: a.missing[c],
      tags: [...a.tagList.subarray(a.tagOffsets[c]!, a.tagOffsets[c + 1]!)].map((k) => a.tags[k]),
    }));
    expect(plain(alignAttrs(dir, t.clientIds))).toEqual(plain(attrs));
    const none = alignAttrs(clientDirectory([]), t.clientIds);
    expect([...none.missing]).toEqual(t.clientIds.map(() => 1));
  });

  it('encodes segment, manager, tags, key mark and missing clients per table client', () => {
    const c0 = t.clientIds.indexOf(CLIENTS[0]!), c2 = t.clientIds.indexOf(CLIENTS[2]!), c4 = t.clientIds.indexOf(CLIENTS[4]!);
    expect(attrs.segments[attrs.segment[c0]!]).toBe('Опт');
    expect(attrs.isKey[c0]).toBe(1);
    expect(attrs.missing[c2]).toBe(1);
    expect(attrs.missing[c4]).toBe(1);
    expect(attrs.segment[c4]).toBe(-1);
    expect(Array.from(attrs.tagList.subarray(attrs.tagOffsets[c0]!, attrs.tagOffsets[c0 + 1]!)).map((k) => attrs.tags[k])).toEqual(['vip', 'north']);
  });

  it('filters by segment, manager, tag and category, and combinations', () => {
    expect(applyFilters(t, attrs, {})).toBe(t);
    expect(revenueOf(applyFilters(t, attrs, { segment: 'Опт' }))).toBe(110 + 330);
    expect(revenueOf(applyFilters(t, attrs, { manager: 'mem_b' }))).toBe(220 + 330);
    expect(revenueOf(applyFilters(t, attrs, { tag: 'north' }))).toBe(110 + 220);
    expect(revenueOf(applyFilters(t, attrs, { tag: 'vip', category: 'paper' }))).toBe(10);
    expect(revenueOf(applyFilters(t, attrs, { category: 'office' }))).toBe(100 + 200 + 300 + 400 + 500);
    expect(applyFilters(t, attrs, { segment: 'nobody' }).n).toBe(0);
    expect(applyFilters(t, attrs, { category: 'nothing' }).n).toBe(0);
    expect(clientMask(attrs, {})).toBeNull();
    // Dictionaries are shared: client indices stay valid after filtering.
    expect(applyFilters(t, attrs, { segment: 'Опт' }).clientIds).toBe(t.clientIds);
  });
});
