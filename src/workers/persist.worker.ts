/// <reference lib="webworker" />
/**
 * Storage worker: a thin shell around sync/persistence/updateWriter.ts. It writes the base's big
 * updates (an import's chunks) to IndexedDB with its own connection, so the page does not pay for
 * Chromium's wrapping of large values.
 */
import { openUpdateWriter, toWire, type UpdateWriter } from '../sync/persistence/updateWriter';
import { isPersistRequest, type PersistResponse } from './persist.messages';

declare const self: DedicatedWorkerGlobalScope;

let writer: UpdateWriter | null = null;

const post = (m: PersistResponse) => self.postMessage(m);

self.onmessage = (ev: MessageEvent<unknown>) => {
  const m = ev.data;
  if (!isPersistRequest(m)) return;
  if (m.type === 'open') { writer?.close(); writer = openUpdateWriter(m.name); return; }
  const { id } = m;
  if (!writer) { post({ type: 'written', id, ok: false, error: { name: 'InvalidStateError', message: 'IndexedDB: the storage worker was not told which base to write' } }); return; }
  // Started in message order: the writer creates the transactions in that order.
  writer.write(m.update).then(() => post({ type: 'written', id, ok: true }), (e: unknown) => post({ type: 'written', id, ok: false, error: toWire(e) }));
};
