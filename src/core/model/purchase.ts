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
const MAGIC = 0x3143504b; // 'KPC1' little-endian
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
  id(s: string): number {
    if (!s) return -1;
    let i = this.map.get(s);
    if (i === undefined) { i = this.list.length; this.list.push(s); this.map.set(s, i); }
    return i;
  }
}

export function encodeChunk(lines: readonly PurchaseLine[]): Uint8Array {
  const n = lines.length;
  const dc = new Dict(), dor = new Dict(), dp = new Dict(), dcat = new Dict();
  const client = new Int32Array(n), day = new Int32Array(n), order = new Int32Array(n), product = new Int32Array(n), category = new Int32Array(n);
  const amount = new Float64Array(n), qty = new Float64Array(n), cost = new Float64Array(n);
  let hasCost = false;
  for (let i = 0; i < n; i++) {
    const l = lines[i]!;
    client[i] = dc.id(l.clientId);
    day[i] = isoToDay(l.date);
    amount[i] = l.amount;
    qty[i] = l.qty;
    cost[i] = l.cost;
    if (!Number.isNaN(l.cost)) hasCost = true;
    order[i] = dor.id(l.orderId);
    product[i] = dp.id(l.product);
    category[i] = dcat.id(l.category);
  }
  const header = new TextEncoder().encode(JSON.stringify({ n, hasCost, d: [dc.list, dor.list, dp.list, dcat.list] }));
  const headPad = (8 + header.length + 7) & ~7; // keep Float64 columns 8-byte aligned
  const f64cols = hasCost ? 3 : 2;
  const size = headPad + n * 8 * f64cols + n * 4 * 5;
  const buf = new Uint8Array(size);
  const dv = new DataView(buf.buffer);
  dv.setUint32(0, MAGIC, true);
  dv.setUint32(4, header.length, true);
  buf.set(header, 8);
  let off = headPad;
  const put = (a: Float64Array | Int32Array) => { buf.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), off); off += a.byteLength; };
  put(amount); put(qty); if (hasCost) put(cost);
  put(client); put(day); put(order); put(product); put(category);
  return buf;
}

function isStrList(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((s) => typeof s === 'string');
}

/** Decodes and validates a chunk (it may come from a peer or a file): never trusts lengths or indices. */
export function decodeChunk(bytes: Uint8Array): Result<PurchaseChunk> {
  if (bytes.byteLength < 8) return err('chunk: too short');
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (dv.getUint32(0, true) !== MAGIC) return err('chunk: bad magic');
  const hlen = dv.getUint32(4, true);
  if (8 + hlen > bytes.byteLength) return err('chunk: header overruns');
  let head: unknown;
  try { head = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + hlen))); } catch { return err('chunk: header not JSON'); }
  if (typeof head !== 'object' || head === null) return err('chunk: header not an object');
  const h = head as { n?: unknown; hasCost?: unknown; d?: unknown };
  const n = h.n;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > MAX_ROWS) return err('chunk: bad row count');
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
  for (let i = 0; i < n; i++) {
    const c = client[i]!;
    if (c < 0 || c >= clients.length) return err(`chunk: row ${i} has a bad client index`);
    const o = order[i]!, p = product[i]!, k = category[i]!, d = day[i]!;
    if (o < -1 || o >= orders.length || p < -1 || p >= products.length || k < -1 || k >= categories.length) return err(`chunk: row ${i} has a bad index`);
    if (d < MIN_DAY || d > MAX_DAY) return err(`chunk: row ${i} has a bad day`);
  }
  return ok({ n, client, day, amount, qty, cost, order, product, category, clients, orders, products, categories });
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
