/**
 * Typed messages between the page and the storage worker (src/workers/persist.worker.ts), which
 * writes the base's big updates to IndexedDB off the main thread (sync/persistence/updateWriter.ts).
 * `open` names the database; every `write` is answered by a `written` with its id, in order.
 */
import type { WireError } from '../sync/persistence/updateWriter';
import { isObj } from '../core/model/common';

export type PersistRequest =
  | { type: 'open'; name: string }
  | { type: 'write'; id: number; update: Uint8Array };

export type PersistResponse =
  | { type: 'written'; id: number; ok: true }
  | { type: 'written'; id: number; ok: false; error: WireError };

export function isPersistRequest(v: unknown): v is PersistRequest {
  if (!isObj(v)) return false;
  if (v.type === 'open') return typeof v.name === 'string' && v.name !== '';
  return v.type === 'write' && typeof v.id === 'number' && v.update instanceof Uint8Array;
}

export function isPersistResponse(v: unknown): v is PersistResponse {
  if (!isObj(v) || v.type !== 'written' || typeof v.id !== 'number') return false;
  if (v.ok === true) return true;
  const e = v.error;
  return v.ok === false && isObj(e) && typeof e.name === 'string' && typeof e.message === 'string';
}
