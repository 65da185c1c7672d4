import 'fake-indexeddb/auto';
import { persistenceContract } from './persistence.contract';
import { MemoryPersistence } from '../../src/sync/persistence/memory';
import { IndexedDbPersistence } from '../../src/sync/persistence/indexeddb';
import { openUpdateWriter } from '../../src/sync/persistence/updateWriter';

persistenceContract('MemoryPersistence', {
  factory: (name) => new MemoryPersistence(name),
  breakWrites(p) {
    const m = p as MemoryPersistence;
    m.failWith = { kind: 'quota', message: 'simulated full disk' };
    return () => { m.failWith = null; };
  },
});

/** A full disk as browsers report it: add() throws a QuotaExceededError DOMException. */
function breakAdds(): () => void {
  const proto = IDBObjectStore.prototype;
  const original = proto.add;
  proto.add = function add(): IDBRequest<IDBValidKey> {
    throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
  };
  return () => { proto.add = original; };
}

// The app's big updates go through a second connection (the storage worker's, here in-process):
// every update that way (from: 1), and mixed with the page's own connection (from: 200 bytes).
for (const from of [1, 200]) {
  persistenceContract(`IndexedDbPersistence, updates from ${from} B through a second connection (fake-indexeddb)`, {
    factory: (name) => new IndexedDbPersistence(name, undefined, { writer: () => openUpdateWriter(name), from }),
    breakWrites: breakAdds,
  });
}

persistenceContract('IndexedDbPersistence (fake-indexeddb)', {
  factory: (name) => new IndexedDbPersistence(name),
  breakWrites: breakAdds,
  async withoutStorage(fn) {
    const g = globalThis as { indexedDB?: IDBFactory };
    const saved = g.indexedDB;
    delete g.indexedDB;
    try { await fn(); } finally { g.indexedDB = saved; }
  },
});
