/**
 * Columnar purchase table: the one input format of every analysis.
 * Lines live in typed arrays (one column per field) so a Web Worker can scan a million
 * lines without allocating an object per line, and strings are dictionary-encoded once.
 */
import { ok, err, type Result } from '../util/result';
import { parseDay } from './calendar';

/** Purchase lines in columnar form. All columns have length `n`. */
export interface PurchaseTable {
  /** Number of lines. */
  n: number;
  /** Index into `clientIds`. */
  client: Int32Array;
  /** Days since 1970-01-01 (UTC). */
  day: Int32Array;
  /** Line revenue; negative for returns/cancellations. */
  amount: Float64Array;
  qty: Float64Array;
  /** Line cost; NaN when unknown (margin analyses then fall back to revenue). */
  cost: Float64Array;
  /** Index into `orderIds`, −1 when the line has no order id. */
  order: Int32Array;
  /** Index into `products`, −1 when none. */
  product: Int32Array;
  /** Index into `categories`, −1 when none. */
  category: Int32Array;
  clientIds: string[];
  orderIds: string[];
  products: string[];
  categories: string[];
}

/** One purchase line as it comes from import or the document. */
export interface PurchaseRow {
  clientId: string;
  /** `YYYY-MM-DD` (a trailing time part is ignored). */
  date: string;
  amount: number;
  qty?: number;
  cost?: number;
  orderId?: string;
  product?: string;
  category?: string;
}

class Dict {
  readonly ids: string[] = [];
  private readonly map = new Map<string, number>();
  code(s: string): number {
    let c = this.map.get(s);
    if (c === undefined) {
      c = this.ids.length;
      this.map.set(s, c);
      this.ids.push(s);
    }
    return c;
  }
}

function grow<T extends Int32Array | Float64Array>(a: T, size: number): T {
  const b = new (a.constructor as new (n: number) => T)(size);
  b.set(a);
  return b;
}

/**
 * Builds a table from row objects. Fails (as a value) on the first row with an unparseable
 * date or a non-finite amount, naming the row, so an import can show what to fix.
 * Order ids are scoped by client: the same order number at two clients is two orders.
 */
export function buildPurchaseTable(rows: Iterable<PurchaseRow>): Result<PurchaseTable> {
  // Arrays know their length: allocate once instead of doubling ten times for 1 M rows.
  let cap = Array.isArray(rows) ? Math.max(16, rows.length) : 1024;
  let client = new Int32Array(cap);
  let day = new Int32Array(cap);
  let amount = new Float64Array(cap);
  let qty = new Float64Array(cap);
  let cost = new Float64Array(cap);
  let order = new Int32Array(cap);
  let product = new Int32Array(cap);
  let category = new Int32Array(cap);
  const clients = new Dict();
  const products = new Dict();
  const categories = new Dict();
  // Orders are scoped by client: one small map per client. Thousands of small maps are
  // much faster than one map of hundreds of thousands of keys (no huge rehashes), and the
  // scoping needs no composite string keys.
  const ordersOf: (Map<string, number> | undefined)[] = [];
  const orderIds: string[] = [];
  const scopedOrder = (id: string, c: number): number => {
    let m = ordersOf[c];
    if (!m) ordersOf[c] = m = new Map();
    let code = m.get(id);
    if (code === undefined) {
      code = orderIds.length;
      m.set(id, code);
      orderIds.push(id);
    }
    return code;
  };
  // Import order keeps an order's lines (and a client's orders) together, so comparing with
  // the previous row skips most dictionary lookups — the builder's main cost on 1 M lines.
  let prevClient = '';
  let prevClientCode = -1;
  let prevOrder = '';
  let prevOrderCode = -1;
  let prevDate = '';
  let prevDay = NaN;
  let n = 0;
  for (const r of rows) {
    if (n === cap) {
      cap *= 2;
      client = grow(client, cap);
      day = grow(day, cap);
      amount = grow(amount, cap);
      qty = grow(qty, cap);
      cost = grow(cost, cap);
      order = grow(order, cap);
      product = grow(product, cap);
      category = grow(category, cap);
    }
    let d = prevDay;
    if (r.date !== prevDate) {
      d = parseDay(r.date);
      prevDate = r.date;
      prevDay = d;
    }
    if (Number.isNaN(d)) return err(`row ${n + 1}: invalid date "${r.date}"`);
    if (!Number.isFinite(r.amount)) return err(`row ${n + 1}: invalid amount`);
    if (r.clientId !== prevClient || prevClientCode < 0) {
      prevClientCode = clients.code(r.clientId);
      prevClient = r.clientId;
      prevOrderCode = -1; // an order id is scoped by client
    }
    client[n] = prevClientCode;
    day[n] = d;
    amount[n] = r.amount;
    qty[n] = r.qty ?? 1;
    cost[n] = r.cost === undefined || !Number.isFinite(r.cost) ? NaN : r.cost;
    if (r.orderId === undefined || r.orderId === '') order[n] = -1;
    else {
      if (r.orderId !== prevOrder || prevOrderCode < 0) {
        prevOrderCode = scopedOrder(r.orderId, prevClientCode);
        prevOrder = r.orderId;
      }
      order[n] = prevOrderCode;
    }
    product[n] = r.product === undefined || r.product === '' ? -1 : products.code(r.product);
    category[n] = r.category === undefined || r.category === '' ? -1 : categories.code(r.category);
    n++;
  }
  return ok({
    n,
    client: client.slice(0, n),
    day: day.slice(0, n),
    amount: amount.slice(0, n),
    qty: qty.slice(0, n),
    cost: cost.slice(0, n),
    order: order.slice(0, n),
    product: product.slice(0, n),
    category: category.slice(0, n),
    clientIds: clients.ids,
    orderIds,
    products: products.ids,
    categories: categories.ids,
  });
}

// Separate copy loops per array type: one generic helper would see both Int32Array and
// Float64Array and go megamorphic, which made filtering a million lines several times slower.
function pickI32(a: Int32Array, idx: Int32Array, m: number): Int32Array {
  const b = new Int32Array(m);
  for (let k = 0; k < m; k++) b[k] = a[idx[k] as number] as number;
  return b;
}
function pickF64(a: Float64Array, idx: Int32Array, m: number): Float64Array {
  const b = new Float64Array(m);
  for (let k = 0; k < m; k++) b[k] = a[idx[k] as number] as number;
  return b;
}

/** Keeps the lines for which `keep(i)` is true; dictionaries are shared, not copied. */
export function filterLines(t: PurchaseTable, keep: (i: number) => boolean): PurchaseTable {
  const idx = new Int32Array(t.n);
  let m = 0;
  for (let i = 0; i < t.n; i++) if (keep(i)) idx[m++] = i;
  return {
    n: m,
    client: pickI32(t.client, idx, m),
    day: pickI32(t.day, idx, m),
    amount: pickF64(t.amount, idx, m),
    qty: pickF64(t.qty, idx, m),
    cost: pickF64(t.cost, idx, m),
    order: pickI32(t.order, idx, m),
    product: pickI32(t.product, idx, m),
    category: pickI32(t.category, idx, m),
    clientIds: t.clientIds,
    orderIds: t.orderIds,
    products: t.products,
    categories: t.categories,
  };
}

/** Lines with `fromDay <= day < toDay` (half-open, so consecutive periods do not overlap). */
export function filterByPeriod(t: PurchaseTable, fromDay: number, toDay: number): PurchaseTable {
  const day = t.day;
  return filterLines(t, (i) => (day[i] as number) >= fromDay && (day[i] as number) < toDay);
}

/** Lines of the given client indices (a segment, manager or tag resolved by the caller). */
export function filterByClients(t: PurchaseTable, clients: ReadonlySet<number>): PurchaseTable {
  const c = t.client;
  return filterLines(t, (i) => clients.has(c[i] as number));
}

/** Lines of the given category indices. */
export function filterByCategory(t: PurchaseTable, categories: ReadonlySet<number>): PurchaseTable {
  const c = t.category;
  return filterLines(t, (i) => categories.has(c[i] as number));
}

/** Smallest and largest-plus-one day of the table, or null when empty. */
export function dayRange(t: PurchaseTable): { fromDay: number; toDay: number } | null {
  if (t.n === 0) return null;
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < t.n; i++) {
    const d = t.day[i] as number;
    if (d < lo) lo = d;
    if (d > hi) hi = d;
  }
  return { fromDay: lo, toDay: hi + 1 };
}

/**
 * True when every line (with fromDay ≤ day < toDay, default all) carries a known cost —
 * the condition for margin-based analyses. False when there is no such line.
 */
export function allCostsKnown(t: PurchaseTable, fromDay = -2147483648, toDay = 2147483647): boolean {
  let any = false;
  for (let i = 0; i < t.n; i++) {
    const d = t.day[i] as number;
    if (d < fromDay || d >= toDay) continue;
    if (Number.isNaN(t.cost[i] as number)) return false;
    any = true;
  }
  return any;
}
