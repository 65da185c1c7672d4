import 'fake-indexeddb/auto';
import { persistenceContract } from './persistence.contract';
import { MemoryPersistence } from '../../src/sync/persistence/memory';
import { IndexedDbPersistence } from '../../src/sync/persistence/indexeddb';

persistenceContract('MemoryPersistence', {
  factory: (name) => new MemoryPersistence(name),
  breakWrites(p) {
    const m = p as MemoryPersistence;
    m.failWith = { kind: 'quota', message: 'simulated full disk' };
    return () => { m.failWith = null; };
  },
});

persistenceContract('IndexedDbPersistence (fake-indexeddb)', {
  factory: (name) => new IndexedDbPersistence(name),
  breakWrites() {
    // A full disk as browsers report it: add() throws a QuotaExceededError DOMException.
    const proto = IDBObjectStore.prototype;
    const original = proto.add;
    proto.add = function add(): IDBRequest<IDBValidKey> {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
    return () => { proto.add = original; };
  },
  async withoutStorage(fn) {
    const g = globalThis as { indexedDB?: IDBFactory };
    const saved = g.indexedDB;
    delete g.indexedDB;
    try { await fn(); } finally { g.indexedDB = saved; }
  },
});
