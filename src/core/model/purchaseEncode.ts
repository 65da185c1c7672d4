import { BYTES, CHUNK_ROWS, COLS, MAGIC2, pad8, type ColName, type ColType, type PurchaseLine } from './purchase';
import { isoToDay } from '../util/day';
import { TextIndex } from '../util/textIndex';

/**
 * The purchase chunk encoder (format and decoder in ./purchase.ts). Its own module: only the
 * import worker, the import page and the sample generator write chunks.
 */

class Dict {
  /** Null while only `append` filled `list` (indexed on the first `id`). */
  private index: TextIndex | null = new TextIndex();
  private appended: string[] = [];
  // Lines of one order (and runs of one client) are adjacent in a file: skip the hash lookup for a repeat.
  private last = '';
  private lastId = -1;
  /** Whether `id` was used: until then every text came through `append`, each once. */
  looked = false;
  get list(): readonly string[] { return this.index ? this.index.list : this.appended; }
  id(s: string): number {
    if (s === this.last) return this.lastId;
    this.looked = true;
    if (!this.index) {
      this.index = new TextIndex(this.appended.length);
      for (const x of this.appended) this.index.append(x);
      this.appended = [];
    }
    const i = s ? this.index.add(s) : -1;
    this.last = s; this.lastId = i;
    return i;
  }
  /** Texts from elsewhere may already be here: `append` is no longer safe for this chunk. */
  mixed(): void { this.looked = true; }
  /** Adds a text the caller knows is not in the dictionary (no hashing). */
  append(s: string): number {
    if (this.index) {
      if (this.index.size) { this.appended = [...this.index.list]; }
      this.index = null;
    }
    return this.appended.push(s) - 1;
  }
}

const ASCII = /^[\x20-\x7e]*$/;

/**
 * The header length of a chunk whose client list's JSON array is at `at` (bytes [a, z) inside the
 * header), or -1 when the frame does not hold it (bad magic, lengths past the end).
 */
function clientsFrame(chunk: Uint8Array, at: readonly [number, number]): number {
  if (chunk.length < 8) return -1;
  const dv = new DataView(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  const hlen = dv.getUint32(4, true), [a, z] = at;
  const fits = dv.getUint32(0, true) === MAGIC2 && pad8(8 + hlen) <= chunk.length && 8 < a && a + 2 <= z && z <= 8 + hlen;
  return fits && chunk[a] === 0x5b && chunk[z - 1] === 0x5d ? hlen : -1; // [ … ]
}

/**
 * Whether `chunk` looks as `encodeParts` wrote it for `rows` lines with its client list's JSON at
 * `at`: cheap, for bytes from another worker before anything is built on them (the write checks
 * every chunk in full: chunkCheck.ts).
 */
export function clientsAtFits(chunk: Uint8Array, rows: number, at: readonly [number, number]): boolean {
  if (clientsFrame(chunk, at) < 0) return false;
  const start = `{"n":${rows},"t":`;
  for (let i = 0; i < start.length; i++) if (chunk[8 + i] !== start.charCodeAt(i)) return false;
  return true;
}

/**
 * A chunk from `encodeParts` with its client list's JSON (`at` = where it is) replaced by
 * `clients` (a JSON array, UTF-8: `JsonLists`): the header is rebuilt around it and the columns
 * moved to their new offset. Null when `at` does not fit the chunk (the caller encodes the lines
 * again instead).
 */
export function withClients(chunk: Uint8Array, at: readonly [number, number], clients: Uint8Array): Uint8Array | null {
  const hlen = clientsFrame(chunk, at);
  if (hlen < 0) return null;
  const [a, z] = at, colsAt = pad8(8 + hlen);
  const newHlen = hlen - (z - a) + clients.length, newColsAt = pad8(8 + newHlen);
  const out = new Uint8Array(newColsAt + (chunk.length - colsAt));
  out.set(chunk.subarray(0, a), 0);
  out.set(clients, a);
  out.set(chunk.subarray(z, 8 + hlen), a + clients.length);
  new DataView(out.buffer).setUint32(4, newHlen, true);
  out.set(chunk.subarray(colsAt), newColsAt);
  return out;
}

/**
 * JSON arrays (UTF-8) of texts picked from one list by index, as `withClients` takes them. A split
 * file's tail chunks each name up to 20 000 of the same clients: JSON.stringify and encode per
 * chunk took ~9 ms a chunk, ~0.1 s of the join. The list is encoded once; a chunk's array is then
 * its texts' bytes copied. A list with a text JSON escapes or writes in more than one byte per
 * character (never a client id) takes JSON.stringify per array instead.
 */
export class JsonLists {
  private readonly all: Uint8Array | null;
  /** Where each text's `"…"` starts in `all` (and `at[n]` past the last one's comma). */
  private readonly at: Int32Array;

  constructor(private readonly texts: readonly string[]) {
    const all = new TextEncoder().encode(JSON.stringify(texts));
    const at = new Int32Array(texts.length + 1);
    let pos = 1;
    for (let i = 0; i < texts.length; i++) { at[i] = pos; pos += texts[i]!.length + 3; }
    at[texts.length] = pos;
    // The bytes are exactly '[', each text quoted, commas, ']' only when no text was escaped or widened.
    const plain = all.length === Math.max(2, pos);
    this.all = plain ? all : null;
    this.at = at;
  }

  /** `["texts[i]",…]` for the given indices, in their order. */
  pick(indices: ArrayLike<number>): Uint8Array {
    const { all, at } = this;
    if (!all) return new TextEncoder().encode(JSON.stringify(Array.from(indices, (i) => this.texts[i]!)));
    let size = 2;
    for (let k = 0; k < indices.length; k++) { const i = indices[k]!; size += at[i + 1]! - at[i]!; }
    if (indices.length > 0) size -= 1; // no comma after the last
    const out = new Uint8Array(size);
    out[0] = 0x5b; // [
    let pos = 1;
    for (let k = 0; k < indices.length; k++) {
      const i = indices[k]!, from = at[i]!, len = at[i + 1]! - from - 1; // without its comma
      for (let j = 0; j < len; j++) out[pos + j] = all[from + j]!;
      pos += len;
      out[pos++] = k + 1 < indices.length ? 0x2c : 0x5d; // , or ]
    }
    if (indices.length === 0) out[1] = 0x5d;
    return out;
  }
}

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
/** Days (from 1970) fit 16 bits for dates from 1880-04 to 2059-09; any KPC2 reader takes any column type (the header names it). */
function dayType(a: Int32Array): ColType {
  for (let i = 0; i < a.length; i++) { const v = a[i]!; if (v < -32_768 || v > 32_767) return 'i32'; }
  return 'i16';
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

/**
 * Where each text of an outside dictionary sits in the chunk being built (valid for one chunk:
 * `gen` = the builder's generation it was found in). Lets `addFrom` skip hashing a text again.
 */
export class Remap {
  readonly gen: Int32Array;
  readonly ix: Int32Array;
  constructor(size: number) { this.gen = new Int32Array(size).fill(-1); this.ix = new Int32Array(size); }
}

/**
 * Lines as columns with their dictionaries (index -1 = empty text): a part of a file planned apart
 * (import/split.ts) on its way to the planner that chunks it. Fresh buffers, so they can be transferred.
 */
export interface LineColumns {
  n: number;
  client: Int32Array; day: Int32Array; order: Int32Array; product: Int32Array; category: Int32Array;
  amount: Float64Array; qty: Float64Array; cost: Float64Array;
  clients: readonly string[]; orders: readonly string[]; products: readonly string[]; categories: readonly string[];
}

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
  /** Bumped by `reset`: Remap entries of an earlier chunk are stale. */
  private generation = 0;
  /**
   * The remaps of the outside dictionary that last added lines here (see `remap`). `add` leaves it:
   * a line added one by one has already made every dictionary `looked`, so `append` is off anyway.
   */
  private filledBy: object | null = null;
  /** addLinked's chunk index per link (valid where `gen` is this chunk's generation). */
  private readonly links: { texts: readonly string[] | null; gen: Int32Array; ix: Int32Array } = { texts: null, gen: new Int32Array(0), ix: new Int32Array(0) };
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
    this.addAt(this.dc.id(clientId), day, amount, qty, cost, orderId, product, category);
  }

  private addAt(client: number, day: number, amount: number, qty: number, cost: number, orderId: string, product: string, category: string): void {
    if (this.n === this.amount.length) this.grow();
    const i = this.n++;
    this.client[i] = client;
    this.day[i] = day;
    this.amount[i] = amount;
    this.qty[i] = qty;
    this.cost[i] = cost;
    if (Number.isNaN(cost)) this.allCost = false; else this.hasCost = true;
    this.order[i] = this.dor.id(orderId);
    this.product[i] = this.dp.id(product);
    this.category[i] = this.dcat.id(category);
  }

  /**
   * `add` with the client given as `texts[link]`: the chunk's index of each link is kept (per
   * chunk), so a line does not hash its client's id again. `texts` may hold one id under several
   * links (they meet in the one dictionary entry). One `texts` per builder (a new one starts afresh).
   */
  addLinked(link: number, texts: readonly string[], day: number, amount: number, qty: number, cost: number, orderId: string, product: string, category: string): void {
    const l = this.links;
    if (l.texts !== texts) { l.texts = texts; l.gen = new Int32Array(0); l.ix = new Int32Array(0); }
    if (link >= l.gen.length) {
      const gen = new Int32Array(Math.max(link + 1, l.gen.length * 2, 1024)).fill(-1), ix = new Int32Array(gen.length);
      gen.set(l.gen); ix.set(l.ix);
      l.gen = gen; l.ix = ix;
    }
    let c: number;
    if (l.gen[link] === this.generation) c = l.ix[link]!;
    else { c = this.dc.id(texts[link]!); l.gen[link] = this.generation; l.ix[link] = c; }
    this.addAt(c, day, amount, qty, cost, orderId, product, category);
  }

  /**
   * Adds line `i` of `L` exactly as `add` would, its client named by `clientText[clientOf[L.client[i]]]`
   * (`clientText` distinct); each dictionary text is looked up once per chunk (through `maps`), not once per line.
   */
  addFrom(L: LineColumns, i: number, clientOf: Int32Array, clientText: readonly string[], maps: { client: Remap; order: Remap; product: Remap; category: Remap }): void {
    this.addFromRange(L, i, i + 1, Infinity, clientOf, clientText, maps);
  }

  /**
   * `addFrom` for lines `from` up to `to` of `L`, stopping once the chunk holds `limit` lines;
   * returns the next line to add. `L`'s columns are read once per range, not once per line (a
   * part that crossed from another worker is a rebuilt object).
   */
  addFromRange(L: LineColumns, from: number, to: number, limit: number, clientOf: Int32Array, clientText: readonly string[], maps: { client: Remap; order: Remap; product: Remap; category: Remap }): number {
    // Lines of another part already in this chunk: its texts may repeat here.
    if (this.filledBy !== maps) {
      if (this.n > 0) for (const d of [this.dc, this.dor, this.dp, this.dcat]) d.mixed();
      this.filledBy = maps;
    }
    const { client, day, amount, qty, cost, order, product, category, orders, products, categories } = L;
    const end = Math.min(to, from + Math.max(0, limit - this.n));
    while (this.amount.length < this.n + (end - from)) this.grow();
    for (let i = from; i < end; i++) {
      const r = this.n++;
      this.client[r] = this.remap(this.dc, maps.client, clientOf[client[i]!]!, clientText);
      this.day[r] = day[i]!;
      this.amount[r] = amount[i]!;
      this.qty[r] = qty[i]!;
      const c = cost[i]!;
      this.cost[r] = c;
      if (Number.isNaN(c)) this.allCost = false; else this.hasCost = true;
      this.order[r] = this.remap(this.dor, maps.order, order[i]!, orders);
      this.product[r] = this.remap(this.dp, maps.product, product[i]!, products);
      this.category[r] = this.remap(this.dcat, maps.category, category[i]!, categories);
    }
    return end;
  }


  private remap(d: Dict, m: Remap, t: number, texts: readonly string[]): number {
    if (t < 0) return -1;
    if (m.gen[t] === this.generation) return m.ix[t]!;
    // Texts of an outside dictionary are distinct: in a chunk only they fill (`filledBy`), each is new here.
    const v = d.looked ? d.id(texts[t]!) : d.append(texts[t]!);
    m.gen[t] = this.generation;
    m.ix[t] = v;
    return v;
  }

  /**
   * Hands over the lines added so far as columns — the builder's own arrays, not copies (a tail
   * part is large: copying it doubled its memory); they may be longer than `n`. The builder is
   * left empty.
   */
  takeColumns(): LineColumns {
    const out: LineColumns = {
      n: this.n, client: this.client, day: this.day, order: this.order, product: this.product, category: this.category,
      amount: this.amount, qty: this.qty, cost: this.cost,
      clients: this.dc.list, orders: this.dor.list, products: this.dp.list, categories: this.dcat.list,
    };
    this.amount = new Float64Array(1); this.qty = new Float64Array(1); this.cost = new Float64Array(1);
    this.client = new Int32Array(1); this.day = new Int32Array(1); this.order = new Int32Array(1);
    this.product = new Int32Array(1); this.category = new Int32Array(1);
    this.reset();
    return out;
  }

  /** Starts the next chunk, keeping the column buffers (they are copied by `encode`). */
  reset(): void {
    this.n = 0;
    this.generation++;
    this.filledBy = null;
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
    return this.encodeParts(false).bytes;
  }

  /**
   * The chunk, and where its client dictionary's JSON array sits in it (bytes [start, end)) when
   * that text is ASCII (ids are; a tail part's provisional keys are): `withClients` can then give
   * the chunk other client texts without encoding it again. `span` false: only the bytes (no
   * scan of the client list for non-ASCII).
   */
  encodeParts(span = true): { bytes: Uint8Array; clients: readonly [number, number] | null } {
    const n = this.n;
    const cols: Record<ColName, Float64Array | Int32Array> = {
      amount: this.amount.subarray(0, n), qty: this.qty.subarray(0, n), cost: this.cost.subarray(0, n),
      client: this.client.subarray(0, n), day: this.day.subarray(0, n), order: this.order.subarray(0, n),
      product: this.product.subarray(0, n), category: this.category.subarray(0, n),
    };
    const { dc, dor, dp, dcat } = this;
    const types: Partial<Record<ColName, ColType>> = {
      amount: moneyType(cols.amount as Float64Array), qty: qtyType(cols.qty as Float64Array),
      client: indexType(dc.list.length, false), day: dayType(cols.day as Int32Array), order: indexType(dor.list.length, true),
      product: indexType(dp.list.length, true), category: indexType(dcat.list.length, true),
    };
    // Unknown costs are NaN, which cents cannot hold: cents only when every cost is known.
    if (this.hasCost) types.cost = this.allCost ? moneyType(cols.cost as Float64Array) : 'f64';
    // The text JSON.stringify({ n, t: types, d: [...] }) gives, built in three pieces to know where the client list is.
    const head = `{"n":${JSON.stringify(n)},"t":${JSON.stringify(types)},"d":[`, clientsJson = JSON.stringify(dc.list);
    const header = new TextEncoder().encode(`${head}${clientsJson},${JSON.stringify(dor.list)},${JSON.stringify(dp.list)},${JSON.stringify(dcat.list)}]}`);
    const clients = span && ASCII.test(head) && ASCII.test(clientsJson) ? [8 + head.length, 8 + head.length + clientsJson.length] as const : null;
    let size = pad8(8 + header.length);
    for (const c of COLS) { const t = types[c]; if (t) size = pad8(size + n * BYTES[t]); }
    const buf = new Uint8Array(size);
    const dv = new DataView(buf.buffer);
    dv.setUint32(0, MAGIC2, true);
    dv.setUint32(4, header.length, true);
    buf.set(header, 8);
    let off = pad8(8 + header.length);
    for (const c of COLS) { const t = types[c]; if (!t) continue; writeCol(t, cols[c], dv, off); off = pad8(off + n * BYTES[t]); }
    return { bytes: buf, clients };
  }
}

export function encodeChunk(lines: readonly PurchaseLine[]): Uint8Array {
  const b = new ChunkBuilder(lines.length);
  for (const l of lines) b.add(l.clientId, isoToDay(l.date), l.amount, l.qty, l.cost, l.orderId, l.product, l.category);
  return b.encode();
}

