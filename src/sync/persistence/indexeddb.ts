import * as Y from 'yjs';
import { IndexeddbPersistence } from 'y-indexeddb';
import { classify, type PersistError, type Persistence, type PersistResult } from './types';

const OK: PersistResult = { ok: true };
const STORE = 'updates'; // y-indexeddb's store name: our records stay readable by y-indexeddb itself

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

  constructor(readonly name: string, private readonly openTimeoutMs = 10_000) {}

  private fail(e: unknown): PersistResult {
    const error = classify(e);
    this.lastError = error;
    for (const l of this.listeners) l(error);
    return { ok: false, error };
  }

  private readonly onUpdate = (update: Uint8Array, origin: unknown) => {
    const db = this.p?.db;
    if (!db || origin === this.p) return;
    const w = (async (): Promise<PersistResult> => {
      try {
        const tx = db.transaction([STORE], 'readwrite');
        tx.objectStore(STORE).add(update);
        await done(tx);
        return OK;
      } catch (e) { return this.fail(e); }
    })();
    this.pending.add(w);
    void w.then(() => this.pending.delete(w));
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
    try {
      const tx = db.transaction([STORE], 'readwrite');
      const store = tx.objectStore(STORE);
      const key = await request(store.add(Y.encodeStateAsUpdate(this.doc)));
      store.delete(IDBKeyRange.upperBound(key, true));
      await done(tx);
      this.lastError = null;
      return OK;
    } catch (e) { return this.fail(e); }
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
    await this.p?.destroy();
    this.p = null;
  }

  async destroy(): Promise<void> {
    await this.close();
    await new Promise<void>((res) => { const r = indexedDB.deleteDatabase(this.name); r.onsuccess = r.onerror = r.onblocked = () => res(); });
  }
}
