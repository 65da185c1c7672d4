import * as Y from 'yjs';
import { IndexeddbPersistence } from 'y-indexeddb';
import { classify, type PersistError, type Persistence, type PersistResult } from './types';
import { addUpdate, OFFLOAD_FROM, UPDATES_STORE, type UpdateWriter } from './updateWriter';

const OK: PersistResult = { ok: true };
const STORE = UPDATES_STORE; // y-indexeddb's store name: our records stay readable by y-indexeddb itself

function request<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((res, rej) => { r.onsuccess = () => res(r.result); r.onerror = () => rej(r.error); });
}
function done(tx: IDBTransaction): Promise<void> {
  return new Promise((res, rej) => { tx.oncomplete = () => res(); tx.onerror = () => rej(tx.error); tx.onabort = () => rej(tx.error ?? new Error('transaction aborted')); });
}

/**
 * y-indexeddb loads the base; we take over writing. y-indexeddb writes each update
 * fire-and-forget (a full disk fails silently) and compacts only past 500 records with a
 * non-atomic two-step. Here every update is one IndexedDB transaction whose failure is reported,
 * and compaction adds the snapshot and deletes the older records in one transaction.
 */
export class IndexedDbPersistence implements Persistence {
  private p: IndexeddbPersistence | null = null;
  private doc: Y.Doc | null = null;
  private pending = new Set<Promise<PersistResult>>();
  private readonly listeners = new Set<(e: PersistError) => void>();
  private lastError: PersistError | null = null;

  /** Updates of OFFLOAD_FROM bytes and more, when a writer on another thread was given. */
  private offloaded: UpdateWriter | null = null;
  /**
   * Which connection the latest write went through, and what writes through it wait for: every
   * write still in flight through the other one when it took over. Each connection commits its
   * own transactions in order; the lanes keep the records in update order across both, so a
   * batch's last transaction is never on disk before its chunks (an import stays all or nothing
   * across a crash).
   */
  private lane: { big: boolean; after: Promise<unknown> | null } = { big: false, after: null };

  /** `offload`: a writer on another thread for big updates (the app passes the storage worker). */
  constructor(readonly name: string, private readonly openTimeoutMs = 10_000, private readonly offload?: { writer: () => UpdateWriter; from?: number }) {}

  private fail(e: unknown): PersistResult {
    const error = classify(e);
    this.lastError = error;
    for (const l of this.listeners) l(error);
    return { ok: false, error };
  }

  /**
   * Runs a write in its lane, reported through `fail`. With nothing to wait for, `job` starts in
   * this same task: writes on one connection create their transactions in call order.
   */
  private enqueue(big: boolean, job: () => Promise<void>): Promise<PersistResult> {
    if (big !== this.lane.big) this.lane = { big, after: this.pending.size ? Promise.all(this.pending) : null };
    const after = this.lane.after;
    const w = (async (): Promise<PersistResult> => {
      try {
        if (after) await after;
        await job();
        return OK;
      } catch (e) { return this.fail(e); }
    })();
    this.pending.add(w);
    void w.then(() => this.pending.delete(w));
    return w;
  }

  private readonly onUpdate = (update: Uint8Array, origin: unknown) => {
    const db = this.p?.db;
    if (!db || origin === this.p) return;
    const off = this.offload && update.byteLength >= (this.offload.from ?? OFFLOAD_FROM) ? this.offload : null;
    void this.enqueue(off !== null, () => {
      if (!off) return addUpdate(db, update);
      this.offloaded ??= off.writer();
      return this.offloaded.write(update);
    });
  };

  async open(doc: Y.Doc): Promise<PersistResult> {
    if (typeof indexedDB === 'undefined') return this.fail(Object.assign(new Error('IndexedDB is not available in this browser'), { name: 'InvalidStateError' }));
    this.doc = doc;
    let p: IndexeddbPersistence;
    try { p = new IndexeddbPersistence(this.name, doc); } catch (e) { return this.fail(e); }
    this.p = p;
    doc.off('update', (p as unknown as { _storeUpdate: (u: Uint8Array, o: unknown) => void })._storeUpdate);
    const opened = (p as unknown as { _db: Promise<IDBDatabase> })._db;
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      await Promise.race([
        opened.then(() => p.whenSynced),
        new Promise((_, rej) => { timer = setTimeout(() => rej(Object.assign(new Error('IndexedDB did not open in time'), { name: 'UnknownError' })), this.openTimeoutMs); }),
      ]);
    } catch (e) {
      return this.fail(e);
    } finally { clearTimeout(timer); }
    doc.on('update', this.onUpdate);
    return OK;
  }

  async flush(): Promise<PersistResult> {
    const results = await Promise.all([...this.pending]);
    return results.find((r) => !r.ok) ?? (this.lastError ? { ok: false, error: this.lastError } : OK);
  }

  async compact(): Promise<PersistResult> {
    const db = this.p?.db;
    if (!db || !this.doc) return OK;
    await this.flush();
    const doc = this.doc;
    // In the main lane: a big update made meanwhile is written after the snapshot (a record with
    // a lower key would be deleted with the older ones without being in the snapshot).
    const r = await this.enqueue(false, async () => {
      const tx = db.transaction([STORE], 'readwrite');
      const store = tx.objectStore(STORE);
      const key = await request(store.add(Y.encodeStateAsUpdate(doc)));
      store.delete(IDBKeyRange.upperBound(key, true));
      await done(tx);
    });
    if (r.ok) this.lastError = null;
    return r;
  }

  async recordCount(): Promise<number> {
    const db = this.p?.db;
    if (!db) return 0;
    return request(db.transaction([STORE], 'readonly').objectStore(STORE).count());
  }

  onError(fn: (e: PersistError) => void): () => void { this.listeners.add(fn); return () => this.listeners.delete(fn); }

  async close(): Promise<void> {
    await this.flush();
    this.doc?.off('update', this.onUpdate);
    this.offloaded?.close();
    this.offloaded = null;
    await this.p?.destroy();
    this.p = null;
  }

  async destroy(): Promise<void> {
    await this.close();
    await new Promise<void>((res) => { const r = indexedDB.deleteDatabase(this.name); r.onsuccess = r.onerror = r.onblocked = () => res(); });
  }
}
