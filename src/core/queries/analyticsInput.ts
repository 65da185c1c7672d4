/**
 * Input of the analytics worker, built straight from the stored purchase chunks.
 *
 * Chunks are already columnar (model/purchase.ts), so the table is their columns concatenated:
 * numeric columns are block-copied, dictionary columns are remapped through one small
 * Int32Array per chunk dictionary. No per-line object is ever made. Order ids are scoped by
 * client (as analytics/table.ts defines them): a chunk's order code is remembered together with
 * the client it was first seen with, so the per-client string map is hit once per (chunk, order),
 * not once per line.
 *
 * Client attributes (segment, manager, tags, key mark) are dictionary-encoded arrays aligned
 * with `table.clientIds`, for the dashboard's filters.
 *
 * The analytics worker builds the table (the UI only sends copies of the chunk bytes), so
 * decoding a million lines never blocks the main thread.
 */
import { decodeChunk, type PurchaseChunk } from '../model/purchase';
import type { PurchaseTable } from '../analytics/table';

/** Filters of the dashboard. Empty / undefined = no filter on that attribute. */
export interface AnalyticsFilters {
  segment?: string;
  manager?: string;
  tag?: string;
  category?: string;
}

/** Per-client attributes, aligned with `PurchaseTable.clientIds` (index c). Codes −1 = none. */
export interface ClientAttrs {
  segment: Int32Array;
  segments: string[];
  manager: Int32Array;
  managers: string[];
  /** Tags as CSR: tags of client c are `tagList[tagOffsets[c] .. tagOffsets[c + 1]]`. */
  tagOffsets: Int32Array;
  tagList: Int32Array;
  tags: string[];
  isKey: Uint8Array;
  /** 1 when the client is unknown to the base or soft-deleted (its purchases still count). */
  missing: Uint8Array;
}

/** The few client fields the filters read (a Client satisfies it). */
export interface ClientAttrSource {
  segment: string;
  managerId: string;
  tags: readonly string[];
  isKey: boolean;
  deletedAt: string;
}

export { rawChunks } from './purchases';

/** Upper bound of the rows in raw chunks: every row takes at least 36 bytes. */
export function maxRows(raw: readonly Uint8Array[]): number {
  let s = 0;
  for (const r of raw) s += Math.floor(r.byteLength / 36);
  return s;
}

class Dict {
  readonly list: string[] = [];
  private readonly map = new Map<string, number>();
  code(s: string): number {
    let c = this.map.get(s);
    if (c === undefined) { c = this.list.length; this.map.set(s, c); this.list.push(s); }
    return c;
  }
}

function growI32(a: Int32Array, n: number, cap: number): Int32Array { const b = new Int32Array(cap); b.set(a.subarray(0, n)); return b; }
function growF64(a: Float64Array, n: number, cap: number): Float64Array { const b = new Float64Array(cap); b.set(a.subarray(0, n)); return b; }

/** Appends decoded chunks into one columnar table. */
export class TableBuilder {
  private n = 0;
  private cap: number;
  private client: Int32Array;
  private day: Int32Array;
  private amount: Float64Array;
  private qty: Float64Array;
  private cost: Float64Array;
  private order: Int32Array;
  private product: Int32Array;
  private category: Int32Array;
  private readonly clients = new Dict();
  private readonly products = new Dict();
  private readonly categories = new Dict();
  private readonly ordersOf: (Map<string, number> | undefined)[] = [];
  private orderCount = 0;
  private readonly orderIds: string[] | null;

  /**
   * `capacity`: expected rows (see maxRows), grown by doubling when exceeded.
   * `keepOrderIds`: keep the order id strings; off by default — analyses only count distinct
   * order codes, and 300 000 strings are memory the table does not need.
   */
  constructor(capacity = 1024, keepOrderIds = false) {
    this.cap = Math.max(16, capacity);
    this.client = new Int32Array(this.cap);
    this.day = new Int32Array(this.cap);
    this.amount = new Float64Array(this.cap);
    this.qty = new Float64Array(this.cap);
    this.cost = new Float64Array(this.cap);
    this.order = new Int32Array(this.cap);
    this.product = new Int32Array(this.cap);
    this.category = new Int32Array(this.cap);
    this.orderIds = keepOrderIds ? [] : null;
  }

  get rows(): number { return this.n; }

  private ensure(extra: number): void {
    const need = this.n + extra;
    if (need <= this.cap) return;
    let cap = this.cap;
    while (cap < need) cap *= 2;
    const n = this.n;
    this.client = growI32(this.client, n, cap); this.day = growI32(this.day, n, cap);
    this.amount = growF64(this.amount, n, cap); this.qty = growF64(this.qty, n, cap); this.cost = growF64(this.cost, n, cap);
    this.order = growI32(this.order, n, cap); this.product = growI32(this.product, n, cap); this.category = growI32(this.category, n, cap);
    this.cap = cap;
  }

  private static remap(list: readonly string[], dict: Dict): Int32Array {
    const m = new Int32Array(list.length);
    for (let k = 0; k < list.length; k++) m[k] = list[k] ? dict.code(list[k]!) : -1;
    return m;
  }

  add(c: PurchaseChunk): void {
    const len = c.n;
    if (len === 0) return;
    this.ensure(len);
    const base = this.n;
    const cmap = TableBuilder.remap(c.clients, this.clients);
    const pmap = TableBuilder.remap(c.products, this.products);
    const kmap = TableBuilder.remap(c.categories, this.categories);
    // Chunk order code → global code, valid for the client it was resolved with.
    const omap = new Int32Array(c.orders.length).fill(-1);
    const oown = new Int32Array(c.orders.length).fill(-1);
    this.day.set(c.day, base);
    this.amount.set(c.amount, base);
    this.qty.set(c.qty, base);
    if (c.cost) this.cost.set(c.cost, base); else this.cost.fill(NaN, base, base + len);
    const client = this.client, order = this.order, product = this.product, category = this.category;
    const cc = c.client, co = c.order, cp = c.product, ck = c.category;
    for (let i = 0; i < len; i++) {
      const g = cmap[cc[i]!]!;
      client[base + i] = g;
      const p = cp[i]!;
      product[base + i] = p < 0 ? -1 : pmap[p]!;
      const k = ck[i]!;
      category[base + i] = k < 0 ? -1 : kmap[k]!;
      const o = co[i]!;
      if (o < 0) { order[base + i] = -1; continue; }
      if (oown[o] === g) { order[base + i] = omap[o]!; continue; }
      order[base + i] = omap[o] = this.scopedOrder(c.orders[o]!, g);
      oown[o] = g;
    }
    this.n += len;
  }

  private scopedOrder(id: string, g: number): number {
    let m = this.ordersOf[g];
    if (!m) this.ordersOf[g] = m = new Map();
    let code = m.get(id);
    if (code === undefined) {
      code = this.orderCount++;
      m.set(id, code);
      this.orderIds?.push(id);
    }
    return code;
  }

  /**
   * The table. Columns are views of the builder's buffers (length n; the buffer may be
   * longer): transfer `.buffer` of each to a worker without copying.
   */
  finish(): PurchaseTable {
    const n = this.n;
    return {
      n,
      client: this.client.subarray(0, n), day: this.day.subarray(0, n),
      amount: this.amount.subarray(0, n), qty: this.qty.subarray(0, n), cost: this.cost.subarray(0, n),
      order: this.order.subarray(0, n), product: this.product.subarray(0, n), category: this.category.subarray(0, n),
      clientIds: this.clients.list, orderIds: this.orderIds ?? placeholderIds(this.orderCount),
      products: this.products.list, categories: this.categories.list,
    };
  }
}

/** Order ids when only their number matters (analyses count distinct codes): one shared ''. */
function placeholderIds(count: number): string[] {
  return new Array<string>(count).fill('');
}

/** Decodes raw chunks and builds the table in one go (the worker, Node benchmarks, tests). */
export function tableFromRaw(raw: readonly Uint8Array[], keepOrderIds = false): PurchaseTable {
  const b = new TableBuilder(maxRows(raw), keepOrderIds);
  for (const bytes of raw) { const d = decodeChunk(bytes); if (d.ok) b.add(d.value); }
  return b.finish();
}

/** Builds the table from decoded chunks. */
export function tableFromChunks(chunks: readonly PurchaseChunk[], keepOrderIds = false): PurchaseTable {
  let n = 0;
  for (const c of chunks) n += c.n;
  const b = new TableBuilder(n, keepOrderIds);
  for (const c of chunks) b.add(c);
  return b.finish();
}

/** Client attributes aligned with `clientIds`; `lookup` returns the client or undefined. */
export function clientAttrs(clientIds: readonly string[], lookup: (id: string) => ClientAttrSource | undefined): ClientAttrs {
  const nc = clientIds.length;
  const segment = new Int32Array(nc).fill(-1), manager = new Int32Array(nc).fill(-1);
  const isKey = new Uint8Array(nc), missing = new Uint8Array(nc);
  const tagOffsets = new Int32Array(nc + 1);
  const tagAcc: number[] = [];
  const segs = new Dict(), mans = new Dict(), tags = new Dict();
  for (let c = 0; c < nc; c++) {
    const cl = lookup(clientIds[c]!);
    tagOffsets[c] = tagAcc.length;
    if (!cl) { missing[c] = 1; continue; }
    if (cl.deletedAt) missing[c] = 1;
    if (cl.segment) segment[c] = segs.code(cl.segment);
    if (cl.managerId) manager[c] = mans.code(cl.managerId);
    if (cl.isKey) isKey[c] = 1;
    for (const t of cl.tags) if (t) tagAcc.push(tags.code(t));
  }
  tagOffsets[nc] = tagAcc.length;
  return { segment, segments: segs.list, manager, managers: mans.list, tagOffsets, tagList: Int32Array.from(tagAcc), tags: tags.list, isKey, missing };
}

/**
 * Every client's attributes keyed by id, for the worker (which holds the table and so knows
 * which ids it needs): built on the main thread from the client cache in a few milliseconds,
 * whereas the table itself is decoded and built in the worker.
 */
export interface ClientDirectory { ids: string[]; attrs: ClientAttrs }

export function clientDirectory(clients: Iterable<ClientAttrSource & { id: string }>): ClientDirectory {
  const list = [...clients];
  const ids = list.map((c) => c.id);
  const byId = new Map(list.map((c) => [c.id, c]));
  return { ids, attrs: clientAttrs(ids, (id) => byId.get(id)) };
}

/** The directory's attributes re-aligned with a table's `clientIds` (ids it lacks are missing). */
export function alignAttrs(dir: ClientDirectory, clientIds: readonly string[]): ClientAttrs {
  const at = new Map<string, number>();
  dir.ids.forEach((id, i) => at.set(id, i));
  const a = dir.attrs;
  const nc = clientIds.length;
  const segment = new Int32Array(nc).fill(-1), manager = new Int32Array(nc).fill(-1);
  const isKey = new Uint8Array(nc), missing = new Uint8Array(nc);
  const tagOffsets = new Int32Array(nc + 1);
  const tagAcc: number[] = [];
  for (let c = 0; c < nc; c++) {
    tagOffsets[c] = tagAcc.length;
    const i = at.get(clientIds[c]!);
    if (i === undefined) { missing[c] = 1; continue; }
    segment[c] = a.segment[i]!;
    manager[c] = a.manager[i]!;
    isKey[c] = a.isKey[i]!;
    missing[c] = a.missing[i]!;
    for (let k = a.tagOffsets[i]!; k < a.tagOffsets[i + 1]!; k++) tagAcc.push(a.tagList[k]!);
  }
  tagOffsets[nc] = tagAcc.length;
  return { segment, segments: a.segments, manager, managers: a.managers, tagOffsets, tagList: Int32Array.from(tagAcc), tags: a.tags, isKey, missing };
}

/**
 * Clients passing the attribute filters, as a 0/1 mask over client indices; null when no
 * attribute filter is set (every client passes).
 */
export function clientMask(attrs: ClientAttrs, f: AnalyticsFilters): Uint8Array | null {
  if (!f.segment && !f.manager && !f.tag) return null;
  const nc = attrs.segment.length;
  const seg = f.segment ? attrs.segments.indexOf(f.segment) : -2;
  const man = f.manager ? attrs.managers.indexOf(f.manager) : -2;
  const tag = f.tag ? attrs.tags.indexOf(f.tag) : -2;
  const mask = new Uint8Array(nc);
  // A filter value nobody has (-1) matches no client.
  if (seg === -1 || man === -1 || tag === -1) return mask;
  for (let c = 0; c < nc; c++) {
    if (seg >= 0 && attrs.segment[c] !== seg) continue;
    if (man >= 0 && attrs.manager[c] !== man) continue;
    if (tag >= 0) {
      let has = false;
      for (let k = attrs.tagOffsets[c]!; k < attrs.tagOffsets[c + 1]!; k++) if (attrs.tagList[k] === tag) { has = true; break; }
      if (!has) continue;
    }
    mask[c] = 1;
  }
  return mask;
}

/**
 * The lines of the clients passing the filters (and of the category, when set). Returns the
 * same table object when nothing is filtered, so the analyses' per-table caches are reused.
 * Dictionaries are shared: client indices stay valid across filtered tables.
 */
export function applyFilters(t: PurchaseTable, attrs: ClientAttrs, f: AnalyticsFilters): PurchaseTable {
  const mask = clientMask(attrs, f);
  let cat = f.category ? t.categories.indexOf(f.category) : -2;
  if (!mask && cat === -2) return t;
  if (cat === -1) cat = -99; // a category nobody bought: no line matches
  const idx = new Int32Array(t.n);
  let m = 0;
  const client = t.client, category = t.category;
  for (let i = 0; i < t.n; i++) {
    if (mask && mask[client[i]!] !== 1) continue;
    if (cat !== -2 && category[i] !== cat) continue;
    idx[m++] = i;
  }
  const pickI = (a: Int32Array) => { const b = new Int32Array(m); for (let k = 0; k < m; k++) b[k] = a[idx[k]!]!; return b; };
  const pickF = (a: Float64Array) => { const b = new Float64Array(m); for (let k = 0; k < m; k++) b[k] = a[idx[k]!]!; return b; };
  return {
    n: m, client: pickI(t.client), day: pickI(t.day), amount: pickF(t.amount), qty: pickF(t.qty), cost: pickF(t.cost),
    order: pickI(t.order), product: pickI(t.product), category: pickI(t.category),
    clientIds: t.clientIds, orderIds: t.orderIds, products: t.products, categories: t.categories,
  };
}

/** Buffers to transfer when posting client attributes to the worker (the table is built there). */
export function attrsTransfer(a: ClientAttrs): ArrayBuffer[] {
  return [...new Set([a.segment, a.manager, a.tagOffsets, a.tagList, a.isKey, a.missing].map((col) => col.buffer as ArrayBuffer))];
}
