import type { ClientId } from './client';
import { err, ok, type Result } from '../util/result';
import { dayToIso, isoToDay } from '../util/day';

/**
 * (The encoder — ChunkBuilder, encodeChunk — is in ./purchaseEncode.ts: only imports and the
 * sample write chunks, and the app's first screen should not load that code.)
 *
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

/**
 * Rows per chunk. Every chunk carries its own client dictionary, and in a file sorted by date most
 * of a chunk's lines name different clients: at 10 000 rows a million lines of 20 000 clients
 * stored 1 M dictionary ids (33 MB of 59 MB, and most of the encode time); at 50 000 rows it is
 * 400 000 (40 MB in all). A chunk stays under ~2 MB, one write transaction of ~50 ms. Readers take
 * any size up to MAX_ROWS, so older chunks and older peers are unaffected.
 */
export const CHUNK_ROWS = 50_000;
const MAGIC1 = 0x3143504b; // 'KPC1' little-endian (first format, read only)
const MAX_ROWS = 1_000_000; // a chunk from a peer claiming more is malformed
/** Days a chunk may hold: the 4-digit-year dates isoToDay accepts (beyond them dayToIso throws or misreads). */
export const MIN_DAY = isoToDay('0100-01-01');
export const MAX_DAY = isoToDay('9999-12-31');

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

export type ColType = 'f64' | 'f32' | 'c32' | 'i32' | 'i16' | 'u16';
export const BYTES: Record<ColType, number> = { f64: 8, f32: 4, c32: 4, i32: 4, i16: 2, u16: 2 };
export const COLS = ['amount', 'qty', 'cost', 'client', 'day', 'order', 'product', 'category'] as const;
export type ColName = (typeof COLS)[number];
export const MAGIC2 = 0x3243504b; // 'KPC2': columns stored in the narrowest exact type

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

export const pad8 = (x: number) => (x + 7) & ~7;

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

/**
 * A chunk's row count and client dictionary from its header alone (either format; the lines are
 * not read): which clients a chunk names, e.g. for an undo that must keep them. Null when the
 * header does not read.
 */
export function chunkClients(bytes: Uint8Array): { n: number; clients: readonly string[] } | null {
  if (bytes.byteLength < 8) return null;
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = dv.getUint32(0, true);
  if (magic !== MAGIC1 && magic !== MAGIC2) return null;
  const hd = readHeader(bytes, dv);
  if (!hd.ok) return null;
  const d = hd.value.h.d;
  return Array.isArray(d) && isStrList(d[0]) ? { n: hd.value.n, clients: d[0] } : null;
}

/** Decodes and validates a chunk (it may come from a peer or a file): never trusts lengths or indices. */
export function decodeChunk(bytes: Uint8Array): Result<PurchaseChunk> {
  if (bytes.byteLength < 8) return err('chunk: too short');
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = dv.getUint32(0, true);
  if (magic === MAGIC1) return decodeChunkV1(bytes, dv);
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
