import type { ClientId } from './client';
import { err, ok, type Result } from '../util/result';
import { dayToIso, isoToDay } from '../util/day';

/**
 * Purchase lines are the bulk of a base (up to millions). They are never stored one Y.Map
 * per line: an import batch is encoded as immutable columnar binary chunks of ≤ CHUNK_ROWS rows
 * (≈ 36 bytes a line instead of ≈ 76 as Yjs objects, and 10× faster to open).
 * A chunk is never edited; undoing an import deletes its batch as a unit.
 */
export interface PurchaseLine {
  clientId: ClientId;
  date: string; // YYYY-MM-DD
  amount: number; // line revenue in the team currency; negative = return / cancellation
  qty: number;
  cost: number; // NaN when unknown
  orderId: string;
  product: string;
  category: string;
}

export const CHUNK_ROWS = 10_000;
const MAGIC = 0x3143504b; // 'KPC1' little-endian (first format, read only)
const MAX_ROWS = 1_000_000; // a chunk from a peer claiming more is malformed
/** Days a chunk may hold: the 4-digit-year dates isoToDay accepts (beyond them dayToIso throws or misreads). */
const MIN_DAY = isoToDay('0100-01-01');
const MAX_DAY = isoToDay('9999-12-31');

/** Decoded chunk: columns plus string dictionaries (indices -1 = empty). */
export interface PurchaseChunk {
  n: number;
  client: Int32Array;
  day: Int32Array;
  amount: Float64Array;
  qty: Float64Array;
  cost: Float64Array | null; // null: no costs known in this chunk
  order: Int32Array;
  product: Int32Array;
  category: Int32Array;
  clients: string[];
  orders: string[];
  products: string[];
  categories: string[];
}

class Dict {
  readonly list: string[] = [];
  private readonly map = new Map<string, number>();
  // Lines of one order (and runs of one client) are adjacent in a file: skip the hash lookup for a repeat.
  private last = '';
  private lastId = -1;
  id(s: string): number {
    if (s === this.last) return this.lastId;
    let i = -1;
    if (s) {
      const found = this.map.get(s);
      if (found === undefined) { i = this.list.length; this.list.push(s); this.map.set(s, i); } else i = found;
    }
    this.last = s; this.lastId = i;
    return i;
  }
}

type ColType = 'f64' | 'f32' | 'c32' | 'i32' | 'i16' | 'u16';
const BYTES: Record<ColType, number> = { f64: 8, f32: 4, c32: 4, i32: 4, i16: 2, u16: 2 };
const COLS = ['amount', 'qty', 'cost', 'client', 'day', 'order', 'product', 'category'] as const;
type ColName = (typeof COLS)[number];
const MAGIC2 = 0x3243504b; // 'KPC2': columns stored in the narrowest exact type

/** Money as whole cents in an Int32 when every value is exactly cents (halves the bytes). */
function moneyType(a: Float64Array): ColType {
  for (let i = 0; i < a.length; i++) {
    const v = a[i]!;
    if (Object.is(v, -0)) return 'f64'; // cents cannot keep the sign of zero
    const c = Math.round(v * 100);
    if (c / 100 !== v || Math.abs(c) > 2_000_000_000) return 'f64';
  }
  return 'c32';
}
function qtyType(a: Float64Array): ColType {
  for (let i = 0; i < a.length; i++) if (Math.fround(a[i]!) !== a[i]) return 'f64';
  return 'f32';
}
const indexType = (dictSize: number, signed: boolean): ColType => (signed ? (dictSize < 32_767 ? 'i16' : 'i32') : dictSize <= 65_535 ? 'u16' : 'i32');

/** Columns start 8-aligned in a fresh buffer: on little-endian hosts (all browsers we run on) a typed view writes them in bulk. */
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function writeCol(type: ColType, src: Float64Array | Int32Array, dst: DataView, off: number): void {
  const n = src.length;
  if (LITTLE_ENDIAN) {
    // Typed-array stores convert exactly as the DataView setters do (ToInt16, ToFloat32…).
    const b = dst.buffer, at = dst.byteOffset + off;
    switch (type) {
      case 'f64': new Float64Array(b, at, n).set(src); return;
      case 'f32': new Float32Array(b, at, n).set(src); return;
      case 'c32': { const o = new Int32Array(b, at, n); for (let i = 0; i < n; i++) o[i] = Math.round(src[i]! * 100); return; }
      case 'i32': new Int32Array(b, at, n).set(src); return;
      case 'i16': new Int16Array(b, at, n).set(src); return;
      case 'u16': new Uint16Array(b, at, n).set(src); return;
    }
  }
  switch (type) {
    case 'f64': for (let i = 0; i < n; i++) dst.setFloat64(off + i * 8, src[i]!, true); break;
    case 'f32': for (let i = 0; i < n; i++) dst.setFloat32(off + i * 4, src[i]!, true); break;
    case 'c32': for (let i = 0; i < n; i++) dst.setInt32(off + i * 4, Math.round(src[i]! * 100), true); break;
    case 'i32': for (let i = 0; i < n; i++) dst.setInt32(off + i * 4, src[i]!, true); break;
    case 'i16': for (let i = 0; i < n; i++) dst.setInt16(off + i * 2, src[i]!, true); break;
    case 'u16': for (let i = 0; i < n; i++) dst.setUint16(off + i * 2, src[i]!, true); break;
  }
}

function readCol(type: ColType, src: DataView, off: number, n: number, float: boolean): Float64Array | Int32Array {
  const out = float ? new Float64Array(n) : new Int32Array(n);
  switch (type) {
    case 'f64': for (let i = 0; i < n; i++) out[i] = src.getFloat64(off + i * 8, true); break;
    case 'f32': for (let i = 0; i < n; i++) out[i] = src.getFloat32(off + i * 4, true); break;
    case 'c32': for (let i = 0; i < n; i++) out[i] = src.getInt32(off + i * 4, true) / 100; break;
    case 'i32': for (let i = 0; i < n; i++) out[i] = src.getInt32(off + i * 4, true); break;
    case 'i16': for (let i = 0; i < n; i++) out[i] = src.getInt16(off + i * 2, true); break;
    case 'u16': for (let i = 0; i < n; i++) out[i] = src.getUint16(off + i * 2, true); break;
  }
  return out;
}

const pad8 = (x: number) => (x + 7) & ~7;

/**
 * One chunk built column by column: the importer appends each line as scalars (no PurchaseLine
 * object, no ISO date string per line). `encodeChunk` goes through it too, so there is one encoder.
 */
export class ChunkBuilder {
  private n = 0;
  private dc = new Dict();
  private dor = new Dict();
  private dp = new Dict();
  private dcat = new Dict();
  private hasCost = false;
  private allCost = true;
  private amount: Float64Array;
  private qty: Float64Array;
  private cost: Float64Array;
  private client: Int32Array;
  private day: Int32Array;
  private order: Int32Array;
  private product: Int32Array;
  private category: Int32Array;

  constructor(capacity: number = CHUNK_ROWS) {
    const c = Math.max(1, capacity);
    this.amount = new Float64Array(c); this.qty = new Float64Array(c); this.cost = new Float64Array(c);
    this.client = new Int32Array(c); this.day = new Int32Array(c); this.order = new Int32Array(c);
    this.product = new Int32Array(c); this.category = new Int32Array(c);
  }

  get rows(): number { return this.n; }
  /** The client ids of the chunk being built (its client dictionary), e.g. to tell a writer which clients it names. */
  get clientIds(): readonly string[] { return this.dc.list; }

  /** `day` from isoToDay (NaN is stored as 0, as before); `cost` NaN when unknown. */
  add(clientId: string, day: number, amount: number, qty: number, cost: number, orderId: string, product: string, category: string): void {
    if (this.n === this.amount.length) this.grow();
    const i = this.n++;
    this.client[i] = this.dc.id(clientId);
    this.day[i] = day;
    this.amount[i] = amount;
    this.qty[i] = qty;
    this.cost[i] = cost;
    if (Number.isNaN(cost)) this.allCost = false; else this.hasCost = true;
    this.order[i] = this.dor.id(orderId);
    this.product[i] = this.dp.id(product);
    this.category[i] = this.dcat.id(category);
  }

  /** Starts the next chunk, keeping the column buffers (they are copied by `encode`). */
  reset(): void {
    this.n = 0;
    this.dc = new Dict(); this.dor = new Dict(); this.dp = new Dict(); this.dcat = new Dict();
    this.hasCost = false; this.allCost = true;
  }

  private grow(): void {
    const c = this.amount.length * 2;
    const f = (a: Float64Array) => { const b = new Float64Array(c); b.set(a); return b; };
    const g = (a: Int32Array) => { const b = new Int32Array(c); b.set(a); return b; };
    this.amount = f(this.amount); this.qty = f(this.qty); this.cost = f(this.cost);
    this.client = g(this.client); this.day = g(this.day); this.order = g(this.order);
    this.product = g(this.product); this.category = g(this.category);
  }

  encode(): Uint8Array {
    const n = this.n;
    const cols: Record<ColName, Float64Array | Int32Array> = {
      amount: this.amount.subarray(0, n), qty: this.qty.subarray(0, n), cost: this.cost.subarray(0, n),
      client: this.client.subarray(0, n), day: this.day.subarray(0, n), order: this.order.subarray(0, n),
      product: this.product.subarray(0, n), category: this.category.subarray(0, n),
    };
    const { dc, dor, dp, dcat } = this;
    const types: Partial<Record<ColName, ColType>> = {
      amount: moneyType(cols.amount as Float64Array), qty: qtyType(cols.qty as Float64Array),
      client: indexType(dc.list.length, false), day: 'i32', order: 'i32',
      product: indexType(dp.list.length, true), category: indexType(dcat.list.length, true),
    };
    // Unknown costs are NaN, which cents cannot hold: cents only when every cost is known.
    if (this.hasCost) types.cost = this.allCost ? moneyType(cols.cost as Float64Array) : 'f64';
    const header = new TextEncoder().encode(JSON.stringify({ n, t: types, d: [dc.list, dor.list, dp.list, dcat.list] }));
    let size = pad8(8 + header.length);
    for (const c of COLS) { const t = types[c]; if (t) size = pad8(size + n * BYTES[t]); }
    const buf = new Uint8Array(size);
    const dv = new DataView(buf.buffer);
    dv.setUint32(0, MAGIC2, true);
    dv.setUint32(4, header.length, true);
    buf.set(header, 8);
    let off = pad8(8 + header.length);
    for (const c of COLS) { const t = types[c]; if (!t) continue; writeCol(t, cols[c], dv, off); off = pad8(off + n * BYTES[t]); }
    return buf;
  }
}

export function encodeChunk(lines: readonly PurchaseLine[]): Uint8Array {
  const b = new ChunkBuilder(lines.length);
  for (const l of lines) b.add(l.clientId, isoToDay(l.date), l.amount, l.qty, l.cost, l.orderId, l.product, l.category);
  return b.encode();
}

function isStrList(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((s) => typeof s === 'string');
}

function checkIndices(c: PurchaseChunk): Result<PurchaseChunk> {
  for (let i = 0; i < c.n; i++) {
    const k = c.client[i]!;
    if (k < 0 || k >= c.clients.length) return err(`chunk: row ${i} has a bad client index`);
    const o = c.order[i]!, p = c.product[i]!, g = c.category[i]!;
    if (o < -1 || o >= c.orders.length || p < -1 || p >= c.products.length || g < -1 || g >= c.categories.length) return err(`chunk: row ${i} has a bad index`);
    const d = c.day[i]!;
    if (d < MIN_DAY || d > MAX_DAY) return err(`chunk: row ${i} has a bad day`);
  }
  return ok(c);
}

/** The JSON header both formats share: its length, the row count and the raw fields. */
function readHeader(bytes: Uint8Array, dv: DataView): Result<{ hlen: number; n: number; h: Record<string, unknown> }> {
  const hlen = dv.getUint32(4, true);
  if (8 + hlen > bytes.byteLength) return err('chunk: header overruns');
  let head: unknown;
  try { head = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + hlen))); } catch { return err('chunk: header not JSON'); }
  if (typeof head !== 'object' || head === null) return err('chunk: header not an object');
  const h = head as Record<string, unknown>;
  const n = h.n;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > MAX_ROWS) return err('chunk: bad row count');
  return ok({ hlen, n, h });
}

/** Decodes and validates a chunk (it may come from a peer or a file): never trusts lengths or indices. */
export function decodeChunk(bytes: Uint8Array): Result<PurchaseChunk> {
  if (bytes.byteLength < 8) return err('chunk: too short');
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = dv.getUint32(0, true);
  if (magic === MAGIC) return decodeChunkV1(bytes, dv);
  if (magic !== MAGIC2) return err('chunk: bad magic');
  const hd = readHeader(bytes, dv);
  if (!hd.ok) return hd;
  const { hlen, n, h } = hd.value;
  if (typeof h.t !== 'object' || h.t === null) return err('chunk: bad column types');
  const t = h.t as Record<string, unknown>;
  const types: Partial<Record<ColName, ColType>> = {};
  for (const c of COLS) {
    const v = t[c];
    if (v === undefined && c === 'cost') continue;
    if (typeof v !== 'string' || !(v in BYTES)) return err(`chunk: bad type for ${c}`);
    types[c] = v as ColType;
  }
  if (!Array.isArray(h.d) || h.d.length !== 4 || !h.d.every(isStrList)) return err('chunk: bad dictionaries');
  const [clients, orders, products, categories] = h.d as [string[], string[], string[], string[]];
  let need = pad8(8 + hlen);
  for (const c of COLS) { const ty = types[c]; if (ty) need = pad8(need + n * BYTES[ty]); }
  if (bytes.byteLength !== need) return err('chunk: size does not match row count');
  let off = pad8(8 + hlen);
  const out: Partial<Record<ColName, Float64Array | Int32Array>> = {};
  for (const c of COLS) {
    const ty = types[c];
    if (!ty) continue;
    out[c] = readCol(ty, dv, off, n, c === 'amount' || c === 'qty' || c === 'cost');
    off = pad8(off + n * BYTES[ty]);
  }
  return checkIndices({
    n, clients, orders, products, categories,
    amount: out.amount as Float64Array, qty: out.qty as Float64Array, cost: (out.cost as Float64Array | undefined) ?? null,
    client: out.client as Int32Array, day: out.day as Int32Array, order: out.order as Int32Array, product: out.product as Int32Array, category: out.category as Int32Array,
  });
}

/** The first format (all columns 8/4 bytes wide), still read: bases written before KPC2 exist. */
function decodeChunkV1(bytes: Uint8Array, dv: DataView): Result<PurchaseChunk> {
  const hd = readHeader(bytes, dv);
  if (!hd.ok) return hd;
  const { hlen, n, h } = hd.value;
  const hasCost = h.hasCost === true;
  if (!Array.isArray(h.d) || h.d.length !== 4 || !h.d.every(isStrList)) return err('chunk: bad dictionaries');
  const [clients, orders, products, categories] = h.d as [string[], string[], string[], string[]];
  const headPad = (8 + hlen + 7) & ~7;
  const need = headPad + n * 8 * (hasCost ? 3 : 2) + n * 4 * 5;
  if (bytes.byteLength !== need) return err('chunk: size does not match row count');
  // Copy into a fresh aligned buffer: the source may sit at any offset inside a Yjs update.
  const body = bytes.slice(headPad).buffer;
  let off = 0;
  const f64 = () => { const a = new Float64Array(body, off, n); off += n * 8; return a; };
  const i32 = () => { const a = new Int32Array(body, off, n); off += n * 4; return a; };
  const amount = f64(), qty = f64(), cost = hasCost ? f64() : null;
  const client = i32(), day = i32(), order = i32(), product = i32(), category = i32();
  return checkIndices({ n, client, day, amount, qty, cost, order, product, category, clients, orders, products, categories });
}

/** One row of a chunk as a line (for exports and small views; analytics reads the columns). */
export function lineAt(c: PurchaseChunk, i: number): PurchaseLine {
  return {
    clientId: c.clients[c.client[i]!] as ClientId,
    date: dayToIso(c.day[i]!),
    amount: c.amount[i]!,
    qty: c.qty[i]!,
    cost: c.cost ? c.cost[i]! : NaN,
    orderId: c.orders[c.order[i]!] ?? '',
    product: c.products[c.product[i]!] ?? '',
    category: c.categories[c.category[i]!] ?? '',
  };
}

export function chunkLines(c: PurchaseChunk): PurchaseLine[] {
  const out: PurchaseLine[] = [];
  for (let i = 0; i < c.n; i++) out.push(lineAt(c, i));
  return out;
}

export function validatePurchaseLine(l: PurchaseLine): Result<PurchaseLine> {
  if (!l.clientId) return err('purchase: no client');
  if (Number.isNaN(isoToDay(l.date))) return err('purchase: bad date');
  if (!Number.isFinite(l.amount)) return err('purchase: bad amount');
  if (!Number.isFinite(l.qty)) return err('purchase: bad quantity');
  return ok(l);
}
