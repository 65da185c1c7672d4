import * as Y from 'yjs';
import { batchWritten, collection, flat, RECORD_KINDS, type RecordKind } from '../schema/layout';
import { splitKey } from '../schema/flat';
import { decodeRecordChunk, recordChunkKind } from '../model/records';
import { memoPerObject } from '../util/memo';
import type { Result } from '../util/result';

export type Raw = Record<string, unknown>;
export interface RawPair { base: Raw | null; over: Raw | null }
type Listener = (kind: RecordKind, changed: ReadonlySet<string> | null) => void;

// Record chunks are immutable: decoded once per bytes object, so re-reading the base after a
// batch change costs map insertions, not JSON parsing, and unchanged records keep their identity
// (which is how a batch change finds the records it really changed). Rows are never mutated.
const decodedRows = memoPerObject((bytes: Uint8Array): readonly Raw[] | null => {
  const c = decodeRecordChunk(bytes);
  return c.ok ? (c.value.rows as Raw[]) : null;
});

/**
 * Decodes record chunks ahead of use (a batch being written in slices): its last transaction
 * then finds them decoded instead of parsing 20 000 records in one task.
 */
export function predecodeRecordChunks(chunks: readonly Uint8Array[]): void {
  for (const c of chunks) decodedRows(c);
}

/**
 * The read side of the two record layers (see schema/layout.ts): base records decoded from
 * batches, and the flat overlay grouped by record id. Kept up to date incrementally: an overlay
 * edit re-groups only the keys it touched; a batch change re-decodes the batches (rare).
 * One store per Y.Doc (storeOf), shared by commands and queries.
 */
export class RecordStore {
  private base = new Map<RecordKind, Map<string, Raw>>();
  private over = new Map<RecordKind, Map<string, Raw>>();
  private readonly listeners = new Set<Listener>();
  /** Per kind, built on first use: record id → its clientId, and clientId → record ids. */
  private readonly byClient = new Map<RecordKind, { of: Map<string, string>; ids: Map<string, Set<string>> }>();

  constructor(private readonly doc: Y.Doc) {
    for (const kind of RECORD_KINDS) {
      const col = flat(doc, kind);
      const m = new Map<string, Raw>();
      for (const [k, v] of col) this.put(m, k, v);
      this.over.set(kind, m);
      col.observe((e) => {
        const changed = new Set<string>();
        for (const k of e.keysChanged) {
          const sk = splitKey(k);
          if (!sk) continue;
          changed.add(sk[0]);
          if (col.has(k)) this.put(m, k, col.get(k));
          else { const r = m.get(sk[0]); if (r) { delete r[sk[1]]; if (Object.keys(r).length === 0) m.delete(sk[0]); } }
        }
        const ix = this.byClient.get(kind);
        if (ix) for (const id of changed) this.index(kind, ix, id);
        this.emit(kind, changed);
      });
    }
    const batches = collection(doc, 'batches');
    // Writes into a batch still being written (invisible until its last transaction) change nothing readers see.
    const unwritten = (t: Y.AbstractType<unknown>): boolean => {
      let x: Y.AbstractType<unknown> | null = t;
      while (x && x.parent !== batches) x = x.parent as Y.AbstractType<unknown> | null;
      return x instanceof Y.Map && !batchWritten(x);
    };
    batches.observeDeep((events) => {
      if (events.every((e) => e.target !== batches && unwritten(e.target))) return;
      // The usual change, an import becoming visible: add its records instead of re-reading all.
      const shown = newlyShown(events, batches);
      if (shown && this.addShown(shown)) return;
      // Re-read the base layer of every kind already read, and tell exactly which records
      // changed: an import of 20 000 clients must not make every reader reload the whole base,
      // and a peer's small batch must not either. Chunks already decoded are not decoded again.
      // The per-client index is patched for those records only, as for overlay edits.
      const before = new Map(this.base);
      this.base.clear();
      for (const kind of RECORD_KINDS) {
        const old = before.get(kind);
        if (!old) { this.byClient.delete(kind); this.emit(kind, null); continue; }
        const now = this.baseOf(kind);
        const changed = new Set<string>();
        for (const [id, r] of now) if (old.get(id) !== r) changed.add(id);
        for (const id of old.keys()) if (!now.has(id)) changed.add(id);
        const ix = this.byClient.get(kind);
        if (ix) for (const id of changed) this.index(kind, ix, id);
        if (changed.size) this.emit(kind, changed);
      }
    });
  }

  /**
   * Adds the records of batches that just became visible, when every one of their ids is new:
   * the base is then exactly what re-reading every batch gives (whatever the batches' order), at
   * the cost of the new records only. False, changing nothing, otherwise (the caller re-reads).
   */
  private addShown(shown: readonly Y.Map<unknown>[]): boolean {
    const adds = new Map<RecordKind, { m: Map<string, Raw>; rows: [string, Raw][] }>();
    for (const b of shown) {
      const records = b.get('records');
      if (!(records instanceof Y.Array)) continue;
      for (const bytes of records) {
        if (!(bytes instanceof Uint8Array)) continue;
        const kind = recordChunkKind(bytes);
        const m = kind && this.base.get(kind); // a kind not read yet is read on first use
        const rows = m ? decodedRows(bytes) : null;
        if (!kind || !m || !rows) continue;
        let add = adds.get(kind);
        if (!add) adds.set(kind, add = { m, rows: [] });
        for (const row of rows) if (typeof row.id === 'string') add.rows.push([row.id, row]);
      }
    }
    for (const { m, rows } of adds.values()) if (rows.some(([id]) => m.has(id))) return false;
    for (const kind of RECORD_KINDS) {
      const m = this.base.get(kind);
      if (!m) { this.byClient.delete(kind); this.emit(kind, null); continue; }
      const changed = new Set<string>();
      // Within the new batches the first row of an id wins, as when re-reading.
      for (const [id, r] of adds.get(kind)?.rows ?? []) if (!m.has(id)) { m.set(id, r); changed.add(id); }
      const ix = this.byClient.get(kind);
      if (ix) for (const id of changed) this.index(kind, ix, id);
      if (changed.size) this.emit(kind, changed);
    }
    return true;
  }

  private put(m: Map<string, Raw>, k: string, v: unknown): void {
    const sk = splitKey(k);
    if (!sk) return;
    let r = m.get(sk[0]);
    if (!r) { r = {}; m.set(sk[0], r); }
    r[sk[1]] = v;
  }

  /** Base records are decoded per kind on first use: opening the app needs only clients. */
  private baseOf(kind: RecordKind): Map<string, Raw> {
    let m = this.base.get(kind);
    if (m) return m;
    m = new Map();
    // Undone batches are read too: undo leaves in them only the records people kept working on.
    for (const b of collection(this.doc, 'batches').values()) {
      if (!batchWritten(b)) continue;
      const records = b.get('records');
      if (!(records instanceof Y.Array)) continue;
      for (const bytes of records) {
        if (!(bytes instanceof Uint8Array) || recordChunkKind(bytes) !== kind) continue;
        const rows = decodedRows(bytes);
        if (!rows) continue; // a malformed chunk from a peer is ignored, never fatal
        for (const row of rows) if (typeof row.id === 'string' && !m.has(row.id)) m.set(row.id, row);
      }
    }
    this.base.set(kind, m);
    return m;
  }

  private emit(kind: RecordKind, changed: ReadonlySet<string> | null): void {
    for (const l of this.listeners) l(kind, changed);
  }

  /** Both layers of one record; null/null when it does not exist. */
  pair(kind: RecordKind, id: string): RawPair {
    return { base: this.baseOf(kind).get(id) ?? null, over: this.over.get(kind)!.get(id) ?? null };
  }

  has(kind: RecordKind, id: string): boolean {
    return this.baseOf(kind).has(id) || this.over.get(kind)!.get(id)?.id === id;
  }

  /** Ids of every record of a kind in either layer. */
  *ids(kind: RecordKind): Iterable<string> {
    const base = this.baseOf(kind);
    yield* base.keys();
    for (const [id, r] of this.over.get(kind)!) if (!base.has(id) && r.id === id) yield id;
  }

  /** Merged plain record: overlay fields over the base record. */
  merged(kind: RecordKind, id: string): Raw | null {
    const { base, over } = this.pair(kind, id);
    if (!base && over?.id !== id) return null;
    return { ...(base ?? {}), ...(over ?? {}) };
  }

  /**
   * Ids of the records of a kind that belong to one client (contacts, interactions, tasks,
   * plans), from an index kept up to date per changed record: a card must not scan every
   * contact of the base whenever anything changes. Includes deleted records, like `ids`.
   */
  ofClient(kind: RecordKind, clientId: string): readonly string[] {
    let ix = this.byClient.get(kind);
    if (!ix) {
      ix = { of: new Map(), ids: new Map() };
      for (const id of this.ids(kind)) this.index(kind, ix, id);
      this.byClient.set(kind, ix);
    }
    const set = ix.ids.get(clientId);
    return set ? [...set] : [];
  }

  /** One client's records of a kind that are not deleted, validated (an invalid one from a peer is skipped). */
  liveOfClient<T>(kind: RecordKind, clientId: string, validate: (raw: unknown) => Result<T>): T[] {
    const out: T[] = [];
    for (const id of this.ofClient(kind, clientId)) {
      const raw = this.merged(kind, id);
      if (!raw || raw.deletedAt) continue;
      const r = validate(raw);
      if (r.ok) out.push(r.value);
    }
    return out;
  }

  private index(kind: RecordKind, ix: { of: Map<string, string>; ids: Map<string, Set<string>> }, id: string): void {
    const was = ix.of.get(id);
    const now = this.merged(kind, id)?.clientId;
    if (was === now) return;
    if (was !== undefined) { ix.ids.get(was)?.delete(id); ix.of.delete(id); }
    if (typeof now !== 'string') return;
    ix.of.set(id, now);
    let set = ix.ids.get(now);
    if (!set) ix.ids.set(now, set = new Set());
    set.add(id);
  }

  subscribe(fn: Listener): () => void { this.listeners.add(fn); return () => this.listeners.delete(fn); }
}

/**
 * The batches a transaction made visible, when that is all it did to the batches: a new batch
 * added written, or a batch's `writing` mark deleted (the last transaction of a sliced write),
 * with changes inside those batches or inside batches still being written. Null for anything
 * else (an undo, a replaced batch, a peer's edit to a written batch).
 */
function newlyShown<T>(events: readonly Y.YEvent<Y.AbstractType<unknown>>[], batches: Y.Map<T>): Y.Map<unknown>[] | null {
  const shown = new Set<Y.Map<unknown>>();
  const inside: Y.Map<unknown>[] = [];
  const visible = (b: Y.Map<unknown>) => batchWritten(b) && !b.get('undoneAt');
  for (const e of events) {
    if (e.target === batches) {
      for (const [key, change] of e.changes.keys) {
        const b = batches.get(key);
        if (change.action !== 'add' || !(b instanceof Y.Map) || b.get('undoneAt')) return null;
        if (batchWritten(b)) shown.add(b);
      }
      continue;
    }
    let b: Y.AbstractType<unknown> | null = e.target;
    while (b && b.parent !== batches) b = b.parent as Y.AbstractType<unknown> | null;
    if (!(b instanceof Y.Map)) return null;
    if (!batchWritten(b)) continue; // still being written: nothing visible changed
    if (b === e.target) {
      if (!visible(b) || [...e.changes.keys].some(([k, c]) => k !== 'writing' || c.action !== 'delete')) return null;
      shown.add(b);
    } else inside.push(b);
  }
  return inside.every((b) => shown.has(b)) ? [...shown] : null;
}

const stores = new WeakMap<Y.Doc, RecordStore>();
export function storeOf(doc: Y.Doc): RecordStore {
  let s = stores.get(doc);
  if (!s) { s = new RecordStore(doc); stores.set(doc, s); }
  return s;
}
