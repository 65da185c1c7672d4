import * as Y from 'yjs';
import { batchWritten, collection, flat, type RecordKind } from '../schema/layout';
import { fkey } from '../schema/flat';
import { chunkClients } from '../model/purchase';
import { decodeRecordChunk } from '../model/records';
import { storeOf } from '../queries/store';

/**
 * What undoing an import may remove, and which of its clients it must keep (commands/batches.ts
 * undoImport; the confirmation in ui/areas/import/BatchHistory.svelte shows these counts).
 *
 * THE RULE. Undo removes what the batch created — its purchase lines, contact persons, calls,
 * tasks and clients — EXCEPT a client that something outside the batch still names:
 *  - `imports`: purchase lines of another import that is in force (or still being written), or
 *    records (contact persons, calls, tasks, deals) another import brought;
 *  - `work`: the team's own work — the client was edited (overlay fields), or someone added a
 *    contact person, call, task or deal for it by hand.
 * Why: a user who undoes "cl.csv" wants that file's effect gone, not the purchase history of
 * "pu.csv" (still listed as active) turned into lines of a client nobody can open, nor a call
 * they logged last week pointing nowhere. Dropping such a client would be silent data loss; the
 * batch's own extras (its contact persons) still go, as the user asked. A kept client stays as a
 * base record in the undone batch, so re-importing the file later takes it back (prepare).
 *
 * Only the local, sequential case is decided here: a peer may add a reference concurrently with
 * the undo, and then the client is still dropped (tests/convergence counts that tolerance).
 */
export interface UndoCounts {
  /** Clients the batch created that the undo removes. */
  clientsRemoved: number;
  /** Clients the batch created that stay, because another import names them. */
  keptForImports: number;
  /** Clients the batch created that stay, because the team worked on them (edits, own records). */
  keptForWork: number;
  /** Purchase lines removed with the batch. */
  purchasesRemoved: number;
  /** The batch's own contact persons, removed with it. */
  contactsRemoved: number;
  /** The batch's own interactions (calls, meetings…), removed with it. */
  interactionsRemoved: number;
  /**
   * Existing clients whose imported updates the undo takes back (`revertibleUpdates`): present only
   * when the batch updated existing clients (0 then: the team has changed every such value since).
   */
  clientsReverted?: number;
}

export interface UndoAnalysis extends UndoCounts {
  /** Ids of the batch's clients that stay (either reason). */
  kept: Set<string>;
  /** The batch's record chunks, decoded (clients rows among them). */
  ownRows: Map<RecordKind, Record<string, unknown>[]>;
}

/** Kinds of record that name a client by `clientId`. */
const REFERRING: readonly RecordKind[] = ['contacts', 'interactions', 'tasks', 'plans'];

/** Inside or outside a transaction: reads only. `id` must be a written, not undone batch. */
export function analyseUndo(doc: Y.Doc, id: string, b: Y.Map<unknown>): UndoAnalysis {
  const store = storeOf(doc);
  // The batch's own records: they leave with it, so they do not hold a client back.
  const ownRows = new Map<RecordKind, Record<string, unknown>[]>();
  const records = b.get('records');
  if (records instanceof Y.Array) {
    for (const bytes of records.toArray()) {
      if (!(bytes instanceof Uint8Array)) continue;
      const chunk = decodeRecordChunk(bytes);
      if (!chunk.ok) continue;
      const rows = ownRows.get(chunk.value.kind);
      if (rows) rows.push(...chunk.value.rows); else ownRows.set(chunk.value.kind, [...chunk.value.rows]);
    }
  }
  const own = new Map<RecordKind, Set<string>>(REFERRING.map((k) => [k, new Set((ownRows.get(k) ?? []).map((r) => String(r.id)))]));

  // Candidates: clients the batch created that are still base records.
  const created = b.get('createdClientIds');
  const candidates = new Set<string>();
  for (const cid of Array.isArray(created) ? created.map(String) : []) if (store.pair('clients', cid).base) candidates.add(cid);

  const forImports = new Set<string>();
  const forWork = new Set<string>();
  // 1. Purchase lines of other imports: read only each chunk's client dictionary (its header), never its lines.
  if (candidates.size) {
    for (const [bid, other] of collection(doc, 'batches')) {
      if (bid === id || other.get('undoneAt')) continue; // undone: holds no lines; still being written: will show them
      const chunks = other.get('chunks');
      if (!(chunks instanceof Y.Array)) continue;
      for (const bytes of chunks.toArray()) {
        if (!(bytes instanceof Uint8Array)) continue;
        for (const cid of chunkHead(bytes)?.clients ?? []) if (candidates.has(cid)) forImports.add(cid);
      }
      if (forImports.size === candidates.size) break;
    }
  }
  // 2. Records outside the batch that name the client (per-client index of the store, kept up to date).
  for (const cid of candidates) {
    const { over } = store.pair('clients', cid);
    if (over && Object.keys(over).length > 0 && !forImports.has(cid)) forWork.add(cid);
    for (const kind of REFERRING) {
      if (forImports.has(cid)) break;
      for (const rid of store.ofClient(kind, cid)) {
        if (own.get(kind)!.has(rid)) continue;
        const p = store.pair(kind, rid);
        if (p.base) { forImports.add(cid); forWork.delete(cid); break; }
        if (p.over?.id === rid) forWork.add(cid);
      }
    }
  }
  const kept = new Set([...forImports, ...forWork]);
  const reverted = revertedClients(doc, b);
  let purchasesRemoved = 0;
  const chunks = b.get('chunks');
  if (chunks instanceof Y.Array) for (const bytes of chunks.toArray()) if (bytes instanceof Uint8Array) purchasesRemoved += chunkHead(bytes)?.n ?? 0;
  return {
    clientsRemoved: candidates.size - kept.size, keptForImports: forImports.size, keptForWork: forWork.size,
    purchasesRemoved, contactsRemoved: own.get('contacts')!.size, interactionsRemoved: own.get('interactions')!.size,
    ...(reverted === null ? {} : { clientsReverted: reverted }),
    kept, ownRows,
  };
}

/**
 * One overlay key an import changed on an existing client: what it wrote, and what was there
 * (`had`: whether the overlay had the key, else the value came from a base record or a default).
 * Kept in the batch (`updates`, commands/batches.ts writeUpdates) so that undo takes it back.
 */
export interface Overwrite { id: string; key: string; to: unknown; had: boolean; from: unknown }

/**
 * THE RULE for an import's updates, for undo (batches.ts revertUpdates) and its preview alike: an
 * entry is taken back only while its key still holds what the import wrote; a key someone changed
 * since keeps their value. Malformed entries (a peer's) are left out. Null: the batch updated nothing.
 */
export function revertibleUpdates(doc: Y.Doc, b: Y.Map<unknown>): Overwrite[] | null {
  const done = b.get('updates');
  if (!Array.isArray(done)) return null;
  const col = flat(doc, 'clients');
  const same = (a: unknown, x: unknown) => JSON.stringify(a ?? null) === JSON.stringify(x ?? null);
  const out: Overwrite[] = [];
  for (const o of done as unknown[]) {
    if (typeof o !== 'object' || o === null) continue;
    const { id, key, to, had, from } = o as Partial<Overwrite>;
    if (typeof id !== 'string' || typeof key !== 'string' || id.includes('|')) continue;
    const k = fkey(id, key);
    if (col.has(k) && same(col.get(k), to)) out.push({ id, key, to, had: had === true, from: from ?? null });
  }
  return out;
}

/**
 * How many existing clients get updates back. A deleted client the file named was brought back
 * (its `deletedAt` emptied, writeUpdates): undo deletes it again, which is no update to count.
 */
function revertedClients(doc: Y.Doc, b: Y.Map<unknown>): number | null {
  const list = revertibleUpdates(doc, b);
  return list && new Set(list.filter((o) => o.key !== 'deletedAt').map((o) => o.id)).size;
}

/** Whether a batch can be undone now (same checks as the command). */
export function undoable(doc: Y.Doc, id: string): Y.Map<unknown> | string {
  const b = collection(doc, 'batches').get(id);
  if (!b) return 'no such batch';
  if (!batchWritten(b)) return 'the import is still being written';
  return b;
}

// ---- a purchase chunk's row count and client dictionary, from its header only ----

const heads = new WeakMap<Uint8Array, { n: number; clients: readonly string[] } | null>();

/**
 * `chunkClients` (model/purchase.ts), remembered per bytes object: chunks are immutable, and a
 * preview followed by the undo reads every other batch's chunks twice. Null for bytes whose header
 * does not read; such a chunk is skipped by every reader (queries/purchases.ts).
 */
export function chunkHead(bytes: Uint8Array): { n: number; clients: readonly string[] } | null {
  if (heads.has(bytes)) return heads.get(bytes)!;
  const h = chunkClients(bytes);
  heads.set(bytes, h);
  return h;
}
