import { decodeChunk } from '../model/purchase';
import { err, ok, type Result } from '../util/result';

/** What writing a purchase chunk needs to know about it, once it is known to decode. */
export interface ChunkSummary { n: number; clients: readonly string[] }

/**
 * Purchase chunks are validated before they are written: fully decoded, which for a million
 * lines costs the main thread ~0.2 s — and the import path asked three times (plan check,
 * referenced clients, applyBatch). The answer is remembered per bytes object (chunks are
 * immutable), and the import worker, which has just encoded each chunk itself,
 * hands its summary over with the bytes (`rememberChecked`), so the main thread does not
 * decode a million lines again.
 */
const checked = new WeakMap<Uint8Array, ChunkSummary>();

export function checkChunk(bytes: Uint8Array): Result<ChunkSummary> {
  const hit = checked.get(bytes);
  if (hit) return ok(hit);
  const d = decodeChunk(bytes);
  if (!d.ok) return err(d.error);
  const s = { n: d.value.n, clients: d.value.clients };
  checked.set(bytes, s);
  return ok(s);
}

/**
 * For bytes our own import worker encoded (src/workers/import.worker.ts): its row count, and for
 * the first chunks its client dictionary as JSON text, read at once. The dry run's summary usually
 * needs only the first chunk or two (it stops once every new client is named); any other chunk's
 * list is decoded from its bytes when asked (~20 ms a chunk; JSON for every chunk was
 * ~12 MB of text per million lines for the worker to write). Text that does not read as a list of
 * strings is ignored and the chunk decoded instead.
 */
export function rememberChecked(bytes: Uint8Array, n: number, clientsJson?: string): void {
  // A list that came as JSON is read now, and made a set: it arrives while the dry run is under
  // way and the page has little to do, and the dry run's summary asks for it in the task that
  // draws the result (reading it there took ~20 ms of that task).
  let clients: readonly string[] | null = clientsJson === undefined ? null : stringList(clientsJson);
  checked.set(bytes, {
    n,
    get clients() { return (clients ??= decodedClients(bytes)); },
  });
  if (clients) clientSets.set(bytes, new Set(clients));
}

const clientSets = new WeakMap<Uint8Array, ReadonlySet<string>>();

/** The clients a chunk names, as a set (empty for bytes that do not decode); remembered per bytes. */
export function chunkClientSet(bytes: Uint8Array): ReadonlySet<string> {
  let set = clientSets.get(bytes);
  if (!set) {
    const s = checkChunk(bytes);
    set = new Set(s.ok ? s.value.clients : []);
    clientSets.set(bytes, set);
  }
  return set;
}

function stringList(json: string): string[] | null {
  try {
    const v: unknown = JSON.parse(json);
    return Array.isArray(v) && v.every((s) => typeof s === 'string') ? v : null;
  } catch { return null; }
}

function decodedClients(bytes: Uint8Array): readonly string[] {
  const d = decodeChunk(bytes);
  return d.ok ? d.value.clients : [];
}
