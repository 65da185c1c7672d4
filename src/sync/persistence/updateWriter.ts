import { isObj } from '../../core/model/common';

/**
 * Big updates written to the base's IndexedDB store from another thread.
 *
 * Chromium wraps every IndexedDB value over 64 KB into a blob on the calling thread: for an
 * import's purchase chunks that was ~6 ms of main thread per MB, a fifth of the write (measured:
 * the import bench's write took ~0.08 s less with those adds left out). A worker with its own
 * connection to the same database pays it instead, while the page goes on with the next slice.
 * IndexedDbPersistence keeps the records in update order across both connections (its lanes).
 */

/** Writes one update as one record of the base's store, resolving when the transaction committed. */
export interface UpdateWriter {
  write(update: Uint8Array): Promise<void>;
  /** Closes the writer's connection (pending writes settle first or fail). */
  close(): void;
}

/** From this size an update goes to the writer (Chromium's blob-wrapping threshold). */
export const OFFLOAD_FROM = 64 * 1024;

export const UPDATES_STORE = 'updates';

/** An error as it crosses threads: name (QuotaExceededError…) and message, rebuilt on arrival. */
export interface WireError { name: string; message: string }

export function toWire(e: unknown): WireError {
  const o = isObj(e) ? e : {};
  return { name: typeof o.name === 'string' ? o.name : 'Error', message: typeof o.message === 'string' ? o.message : String(e) };
}

export const fromWire = (w: WireError): Error => Object.assign(new Error(w.message), { name: w.name });

/**
 * Adds one update to the base's store in a transaction of its own, resolving when it committed.
 * The transaction is created before this returns: calls on one connection stay in call order.
 */
export function addUpdate(d: IDBDatabase, update: Uint8Array): Promise<void> {
  return new Promise<void>((res, rej) => {
    const tx = d.transaction([UPDATES_STORE], 'readwrite');
    tx.oncomplete = () => res();
    tx.onerror = () => rej(tx.error);
    tx.onabort = () => rej(tx.error ?? new Error('transaction aborted'));
    tx.objectStore(UPDATES_STORE).add(update);
  });
}

/**
 * The writer a worker runs (tests run it in-process against fake-indexeddb): its own connection,
 * opened on first write, to a database the page has already opened (and so created).
 */
export function openUpdateWriter(name: string, factory: IDBFactory = indexedDB): UpdateWriter {
  let db: Promise<IDBDatabase> | null = null;
  const open = () => new Promise<IDBDatabase>((res, rej) => {
    const r = factory.open(name);
    // The page creates the database; a writer must never create an empty one of its own.
    r.onupgradeneeded = () => { r.transaction?.abort(); };
    r.onsuccess = () => {
      const d = r.result;
      // Another tab upgrading or deleting the base: let it, and reopen on the next write.
      d.onversionchange = () => { d.close(); db = null; };
      res(d);
    };
    r.onerror = () => rej(r.error ?? new Error('IndexedDB did not open'));
    r.onblocked = () => rej(Object.assign(new Error('IndexedDB is blocked by another tab'), { name: 'UnknownError' }));
  });
  return {
    async write(update) {
      db ??= open();
      let d: IDBDatabase;
      try { d = await db; } catch (e) { db = null; throw e; }
      if (!d.objectStoreNames.contains(UPDATES_STORE)) throw Object.assign(new Error('IndexedDB: the base has no updates store'), { name: 'InvalidStateError' });
      await addUpdate(d, update);
    },
    close() { void db?.then((d) => d.close(), () => {}); db = null; },
  };
}
