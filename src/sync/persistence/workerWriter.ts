import { isPersistResponse, type PersistRequest } from '../../workers/persist.messages';
import { fromWire, type UpdateWriter } from './updateWriter';

/** What the writer needs of a Worker (tests pass a fake). */
export interface WorkerLike {
  postMessage(m: PersistRequest): void;
  terminate(): void;
  onmessage: ((ev: MessageEvent<unknown>) => void) | null;
  onerror: ((ev: ErrorEvent) => void) | null;
}

/**
 * An UpdateWriter that hands each update to the storage worker. If the worker cannot start or
 * dies, every write it had not confirmed is written again through `fallback` (a connection on
 * this thread), and so is every later one: an update written twice is harmless (Yjs applies it
 * once), an update lost is not.
 */
export function workerUpdateWriter(make: () => WorkerLike, name: string, fallback: () => UpdateWriter): UpdateWriter {
  let worker: WorkerLike | null = null;
  let local: UpdateWriter | null = null;
  let next = 0;
  const pending = new Map<number, { update: Uint8Array; res: () => void; rej: (e: unknown) => void }>();

  const toLocal = (): UpdateWriter => {
    worker?.terminate();
    worker = null;
    local ??= fallback();
    const w = local;
    // In id order (Map keeps insertion order): the fallback writes them as they were sent.
    for (const [id, p] of pending) { pending.delete(id); w.write(p.update).then(p.res, p.rej); }
    return w;
  };

  const start = (): WorkerLike | null => {
    try {
      const w = make();
      w.onmessage = (ev) => {
        const m = ev.data;
        if (!isPersistResponse(m)) return;
        const p = pending.get(m.id);
        if (!p) return;
        pending.delete(m.id);
        if (m.ok) p.res(); else p.rej(fromWire(m.error));
      };
      w.onerror = () => { if (worker === w) toLocal(); };
      w.postMessage({ type: 'open', name });
      return w;
    } catch {
      return null;
    }
  };

  return {
    write(update) {
      if (!local && !worker) worker = start();
      if (local || !worker) return (local ?? toLocal()).write(update);
      const id = next++;
      const w = worker;
      return new Promise<void>((res, rej) => {
        pending.set(id, { update, res, rej });
        // Cloned, not transferred: other listeners of the same Yjs update may still read it.
        try { w.postMessage({ type: 'write', id, update }); } catch { toLocal(); }
      });
    },
    close() {
      worker?.terminate();
      worker = null;
      local?.close();
      for (const p of pending.values()) p.rej(new Error('the base was closed before this update was written'));
      pending.clear();
    },
  };
}
