import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { IndexedDbPersistence } from '../../src/sync/persistence/indexeddb';
import { openUpdateWriter, UPDATES_STORE, type UpdateWriter } from '../../src/sync/persistence/updateWriter';
import { workerUpdateWriter, type WorkerLike } from '../../src/sync/persistence/workerWriter';
import type { PersistRequest, PersistResponse } from '../../src/workers/persist.messages';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let seq = 0;
const fresh = () => `offload-${++seq}-${Math.random().toString(36).slice(2)}`;

/** Every record of the base's store, in key order (the order a reload applies them in). */
async function records(name: string): Promise<Uint8Array[]> {
  const db = await new Promise<IDBDatabase>((res, rej) => { const r = indexedDB.open(name); r.onsuccess = () => res(r.result); r.onerror = () => rej(r.error); });
  const all = await new Promise<Uint8Array[]>((res, rej) => {
    const r = db.transaction([UPDATES_STORE], 'readonly').objectStore(UPDATES_STORE).getAll();
    r.onsuccess = () => res(r.result as Uint8Array[]);
    r.onerror = () => rej(r.error);
  });
  db.close();
  return all;
}

/** A writer on a slow "other thread": in order (as the worker is), each write starting after a delay. */
function slowWriter(name: string, delays: number[]): UpdateWriter {
  const w = openUpdateWriter(name);
  let queue: Promise<unknown> = Promise.resolve();
  return {
    write(u) {
      const started = queue.then(() => sleep(delays.shift() ?? 0));
      const written = started.then(() => w.write(u));
      queue = started;
      return written;
    },
    close: () => w.close(),
  };
}

describe('big updates through a second connection', () => {
  const opened: IndexedDbPersistence[] = [];
  afterEach(async () => { for (const p of opened.splice(0)) await p.destroy(); });

  it('keeps the stored records in update order across both connections, whatever the other one takes', async () => {
    const name = fresh();
    // The slow lane's first writes take longest: without the lanes, the page's small writes made
    // after them would be stored first (a batch's last transaction on disk before its chunks).
    const p = new IndexedDbPersistence(name, undefined, { writer: () => slowWriter(name, [40, 30, 20, 10, 5]), from: 1000 });
    opened.push(p);
    const doc = new Y.Doc();
    expect(await p.open(doc)).toEqual({ ok: true });
    const sent: Uint8Array[] = [];
    doc.on('update', (u: Uint8Array) => { sent.push(u); });
    const arr = doc.getArray<Uint8Array | string>('a');
    const plan = ['big', 'small', 'big', 'big', 'small', 'small', 'big', 'small', 'big'];
    plan.forEach((kind, i) => doc.transact(() => arr.push([kind === 'big' ? new Uint8Array(4000).fill(i) : `s${i}`])));
    expect(sent.filter((u) => u.byteLength >= 1000)).toHaveLength(5);
    expect(await p.flush()).toEqual({ ok: true });
    // Each stored record as the index of the update it is (y-indexeddb's own empty record on open: -1).
    const stored = (await records(name)).map((u) => sent.findIndex((x) => Buffer.compare(x, u) === 0)).filter((i) => i >= 0);
    expect(stored).toEqual(sent.map((_, i) => i));
  });

  it('a big update made while the base is compacted is stored after the snapshot, never deleted with the older records', async () => {
    const name = fresh();
    const p = new IndexedDbPersistence(name, undefined, { writer: () => openUpdateWriter(name), from: 1000 });
    opened.push(p);
    const doc = new Y.Doc();
    await p.open(doc);
    const arr = doc.getArray<Uint8Array>('a');
    for (let i = 0; i < 3; i++) arr.push([new Uint8Array(2000).fill(i)]);
    const compacting = p.compact();
    // While compact() waits for the writes before it, one more big update.
    arr.push([new Uint8Array(2000).fill(9)]);
    expect(await compacting).toEqual({ ok: true });
    expect(await p.flush()).toEqual({ ok: true });
    await p.close();
    const again = new Y.Doc();
    const q = new IndexedDbPersistence(name);
    opened.push(q);
    await q.open(again);
    expect(again.getArray<Uint8Array>('a').toArray().map((u) => u[0])).toEqual([0, 1, 2, 9]);
  });
});

/** A stand-in for the storage worker: runs the real writer, answers like persist.worker.ts, can die. */
class FakeWorker implements WorkerLike {
  onmessage: ((ev: MessageEvent<unknown>) => void) | null = null;
  onerror: ((ev: ErrorEvent) => void) | null = null;
  terminated = false;
  hold = false;
  received: PersistRequest[] = [];
  private writer: UpdateWriter | null = null;
  postMessage(m: PersistRequest): void {
    this.received.push(m);
    if (m.type === 'open') { this.writer = openUpdateWriter(m.name); return; }
    if (this.hold) return; // a worker about to die: takes the message, never answers
    const reply = (r: PersistResponse) => setTimeout(() => this.onmessage?.({ data: r } as MessageEvent<unknown>), 0);
    this.writer!.write(m.update).then(() => reply({ type: 'written', id: m.id, ok: true }),
      (e: Error) => reply({ type: 'written', id: m.id, ok: false, error: { name: e.name, message: e.message } }));
  }
  terminate(): void { this.terminated = true; }
  die(): void { this.onerror?.({} as ErrorEvent); }
}

describe('workerUpdateWriter', () => {
  it('writes through the worker; a worker that dies has everything it had not confirmed written again on this thread', async () => {
    const name = fresh();
    const p = new IndexedDbPersistence(name);
    await p.open(new Y.Doc()); // the page creates the base
    const fake = new FakeWorker();
    let fellBack = 0;
    const w = workerUpdateWriter(() => fake, name, () => { fellBack++; return openUpdateWriter(name); });
    await w.write(new Uint8Array([1]));
    expect(fake.received.map((m) => m.type)).toEqual(['open', 'write']);
    fake.hold = true;
    const lost = [w.write(new Uint8Array([2])), w.write(new Uint8Array([3]))];
    await sleep(5);
    fake.die();
    await Promise.all(lost);
    await w.write(new Uint8Array([4]));
    expect(fake.terminated).toBe(true);
    expect(fellBack).toBe(1);
    expect((await records(name)).filter((u) => u.length === 1).map((u) => u[0])).toEqual([1, 2, 3, 4]);
    w.close();
    await p.destroy();
  });

  it('reports a failed write with its name (a full disk stays a quota error)', async () => {
    const name = fresh();
    const p = new IndexedDbPersistence(name, undefined, { writer: () => workerUpdateWriter(() => new FakeWorker(), name, () => openUpdateWriter(name)), from: 1 });
    const doc = new Y.Doc();
    await p.open(doc);
    const errors: string[] = [];
    p.onError((e) => errors.push(e.kind));
    const proto = IDBObjectStore.prototype;
    const original = proto.add;
    proto.add = function add(): IDBRequest<IDBValidKey> { throw new DOMException('The quota has been exceeded.', 'QuotaExceededError'); };
    try {
      doc.getMap('m').set('k', 'v');
      const r = await p.flush();
      expect(r.ok).toBe(false);
    } finally { proto.add = original; }
    expect(errors).toEqual(['quota']);
    // The data stayed in memory; compaction (on this thread) stores it.
    expect(await p.compact()).toEqual({ ok: true });
    await p.destroy();
  });

  it('never creates a database of its own', async () => {
    const name = fresh();
    await expect(openUpdateWriter(name).write(new Uint8Array([1]))).rejects.toBeTruthy();
    const dbs = await indexedDB.databases();
    expect(dbs.some((d) => d.name === name)).toBe(false);
  });
});
