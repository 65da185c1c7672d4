import * as Y from 'yjs';
import { batchWritten, collection, flat } from '../schema/layout';
import { fkey, setFlatField } from '../schema/flat';
import type { BatchId, BatchInfo } from '../model/batch';
import { compactClient, type Address, type Client, type ClientId } from '../model/client';
import type { Contact } from '../model/contact';
import type { Interaction } from '../model/interaction';
import type { Task } from '../model/task';
import { checkChunk } from './chunkCheck';
import { compactRecord, decodeRecordChunk, encodeCompactChunks, encodeRecordChunks } from '../model/records';
import { storeOf } from '../queries/store';
import { foldClient } from '../queries/clients';
import { err, ok, type Result } from '../util/result';
import { run, type Ctx } from './context';
import { analyseUndo, revertibleUpdates, undoable, type Overwrite, type UndoCounts } from './undoSafety';

export type { UndoCounts } from './undoSafety';

export interface BatchWrite {
  info: Omit<BatchInfo, 'createdAt' | 'createdBy' | 'undoneAt'>;
  clientsToCreate: Client[];
  clientsToUpdate: { id: ClientId; fields: Partial<Client> }[];
  contactsToCreate: Contact[];
  interactions: Interaction[];
  tasks?: Task[];
  /** Purchase lines already encoded as columnar chunks (model/purchase.ts encodeChunk). */
  chunks: Uint8Array[];
}

const LIST_FIELDS = new Set(['id', 'tags', 'addresses', 'custom', 'createdAt', 'createdBy']);

/**
 * Writes a whole import batch in ONE transaction: on disk it is one IndexedDB record and on the
 * wire one update, so a crash or a full disk leaves either all of it or none of it. New records
 * go into the batch as base-record chunks; updates to existing clients go to the overlay field
 * by field. Re-applying the same batch (same deterministic id) is a no-op.
 */
export function applyBatch(ctx: Ctx, w: BatchWrite): Result<{ alreadyPresent: boolean }> {
  for (const c of w.chunks) { const d = checkChunk(c); if (!d.ok) return err(`refused: ${d.error}`); }
  return run<{ alreadyPresent: boolean }>(ctx, 'applyBatch', () => {
    const p = prepare(ctx, w);
    if (!p) return ok({ alreadyPresent: true });
    writeUpdates(ctx, w, p.now);
    p.records.push(clientRecordChunks(p, 0, p.newClients.length).concat(
      encodeRecordChunks('contacts', p.newContacts), encodeRecordChunks('interactions', p.newInteractions), encodeRecordChunks('tasks', p.newTasks)));
    p.chunks.push(chunksForYjs(w.chunks));
    return ok({ alreadyPresent: false });
  });
}

/**
 * Purchase chunks as Yjs should take them. Yjs copies a pushed Uint8Array but keeps a view on a
 * pushed ArrayBuffer: a chunk that owns its whole buffer goes in without a copy (~40 MB per
 * million lines). Nothing writes to a chunk's bytes after it is encoded.
 */
export function chunksForYjs(chunks: readonly Uint8Array[]): Uint8Array[] {
  return chunks.map((c) => (c.byteOffset === 0 && c.buffer instanceof ArrayBuffer && c.byteLength === c.buffer.byteLength
    ? c.buffer as unknown as Uint8Array // read back as a Uint8Array view (Yjs ContentBinary)
    : c));
}

export interface Prepared {
  b: Y.Map<unknown>;
  records: Y.Array<Uint8Array>;
  chunks: Y.Array<Uint8Array>;
  now: string;
  /**
   * New client records: the first `unstamped` still without the batch's stamps (added as they
   * are encoded, `stampedClients`: 20 000 copies at once were a long task), then records kept
   * from an undone copy of the batch, as they were.
   */
  newClients: object[];
  unstamped: number;
  stamp: { createdAt: string; createdBy: string; updatedAt: string; updatedBy: string };
  /** The batch's `createdClientIds`, when prepare was asked to leave them to a later transaction. */
  createdClientIds: string[];
  newContacts: Contact[];
  newInteractions: Interaction[];
  newTasks: Task[];
}

/**
 * New client records `from`…`to` (Prepared.newClients) as record chunks: the batch's new ones with
 * its stamps (compactClient), records kept from an undone copy as they were.
 */
export function clientRecordChunks(p: Prepared, from: number, to: number): Uint8Array[] {
  return encodeCompactChunks('clients', p.newClients.slice(from, to).map((c, j) => (from + j < p.unstamped ? compactClient(c as Client, p.stamp) : compactRecord(c))));
}

/**
 * Inside a transaction: the batch's map (replacing an undone or half-written one) and its new records; null when already present.
 * `idsLater`: the batch's `createdClientIds` (20 000 ids for a big file) are left to the caller's next transaction.
 */
export function prepare(ctx: Ctx, w: BatchWrite, writing?: string, idsLater = false): Prepared | null {
  const store = storeOf(ctx.doc);
  const batches = collection(ctx.doc, 'batches');
  const existing = batches.get(w.info.id);
  if (existing && !existing.get('undoneAt') && batchWritten(existing)) return null;
  const now = ctx.now();
  const stamp = { createdAt: now, createdBy: ctx.me, updatedAt: now, updatedBy: ctx.me };
  // A record another batch or a person already created is left alone: same source key, same id.
  // Re-importing after an undo replaces the undone batch, and with it the records the undo kept
  // (clients someone had worked on): carry those over so they do not vanish.
  const keptBefore = new Map<string, Record<string, unknown>>();
  const oldRecords = existing?.get('records');
  if (existing?.get('undoneAt') && oldRecords instanceof Y.Array) {
    for (const bytes of oldRecords.toArray()) {
      const chunk = bytes instanceof Uint8Array ? decodeRecordChunk(bytes) : null;
      if (chunk?.ok && chunk.value.kind === 'clients') for (const r of chunk.value.rows) keptBefore.set(String(r.id), r);
    }
  }
  const newClients: object[] = w.clientsToCreate.filter((c) => !store.has('clients', c.id) && !keptBefore.has(c.id));
  const unstamped = newClients.length;
  newClients.push(...keptBefore.values());
  const b = new Y.Map<unknown>();
  batches.set(w.info.id, b);
  const createdClientIds = newClients.map((c) => String((c as { id: unknown }).id));
  const info: BatchInfo = { ...w.info, createdClientIds: idsLater ? [] : createdClientIds, createdAt: now, createdBy: ctx.me, undoneAt: '' };
  for (const [k, v] of Object.entries(info)) b.set(k, v);
  if (writing) b.set('writing', writing);
  const records = new Y.Array<Uint8Array>();
  b.set('records', records);
  const chunks = new Y.Array<Uint8Array>();
  b.set('chunks', chunks);
  return {
    b, records, chunks, now, newClients, unstamped, stamp, createdClientIds,
    newContacts: w.contactsToCreate.filter((c) => !store.has('contacts', c.id)),
    newInteractions: w.interactions.filter((i) => !store.has('interactions', i.id)).map((i) => ({ ...i, batchId: w.info.id })),
    newTasks: (w.tasks ?? []).filter((t) => !store.has('tasks', t.id)),
  };
}

/**
 * Updates to existing clients: overlay fields (visible at once, so written with the batch's last
 * transaction). What each key held before goes into the batch, for undoImport.
 */
export function writeUpdates(ctx: Ctx, w: BatchWrite, now: string): void {
  const store = storeOf(ctx.doc);
  const col = flat(ctx.doc, 'clients');
  const done: Overwrite[] = [];
  const set = (id: string, key: string, to: unknown, cur: unknown): boolean => {
    const had = col.has(fkey(id, key)), from = had ? col.get(fkey(id, key)) : null;
    if (!setFlatField(col, id, key, to, cur)) return false;
    done.push({ id, key, to, had, from: from ?? null });
    return true;
  };
  for (const u of w.clientsToUpdate) {
    const cur = store.merged('clients', u.id);
    if (!cur) continue;
    const folded = foldClient(cur);
    let changed = false;
    for (const [k, v] of Object.entries(u.fields)) if (v !== undefined && !LIST_FIELDS.has(k) && set(u.id, k, v, folded[k])) changed = true;
    // Addresses are one overlay key each (`addr:<id>`, as the card writes them): only new or changed ones.
    const have = folded.addresses as Address[];
    for (const a of u.fields.addresses ?? []) if (set(u.id, `addr:${a.id}`, a, have.find((x) => x.id === a.id) ?? null)) changed = true;
    if (changed) { col.set(fkey(u.id, 'updatedAt'), now); col.set(fkey(u.id, 'updatedBy'), ctx.me); }
  }
  // A client the file names that the team had deleted (an earlier import's: same source key, same
  // id) was planned as new, and the dry run counted it so: it comes back, and undo deletes it again.
  // Told by its overlay key, so the batch's 20 000 new clients cost a lookup each. Never an erased one.
  for (const c of w.clientsToCreate) {
    const del = col.get(fkey(c.id, 'deletedAt'));
    if (typeof del !== 'string' || !del) continue;
    const cur = store.merged('clients', c.id);
    if (!cur || foldClient(cur).erasedAt || !set(c.id, 'deletedAt', '', del)) continue;
    col.set(fkey(c.id, 'updatedAt'), now); col.set(fkey(c.id, 'updatedBy'), ctx.me);
  }
  const b = collection(ctx.doc, 'batches').get(w.info.id);
  if (done.length && b) b.set('updates', done);
}

/**
 * Takes back an undone batch's updates to existing clients: each key still holding what the
 * import wrote gets its earlier value back (or loses its overlay key, when the value came from
 * below); a key someone changed since keeps their value.
 */
function revertUpdates(ctx: Ctx, b: Y.Map<unknown>): void {
  const col = flat(ctx.doc, 'clients');
  // The rule (which entries still hold the import's value) is shared with the preview: undoSafety.ts.
  for (const o of revertibleUpdates(ctx.doc, b) ?? []) {
    const k = fkey(o.id, o.key);
    if (o.had) col.set(k, o.from); else col.delete(k);
  }
  b.delete('updates');
}

/**
 * Undoes an import as a unit: its purchase chunks and base records are dropped (Yjs frees their
 * content). A client it created that anything outside the batch still names — another import's
 * purchase lines or records, or the team's own work (edits, contact persons, calls, tasks, deals
 * added by hand) — is kept: dropping it would leave those pointing at a client that no longer
 * exists (the rule and why: undoSafety.ts). The result says how many were kept and why.
 */
export function undoImport(ctx: Ctx, id: BatchId): Result<UndoCounts> {
  return run(ctx, 'undoBatch', () => {
    const b = undoable(ctx.doc, id);
    if (typeof b === 'string') return err(b);
    if (b.get('undoneAt')) return ok(NOTHING);
    const a = analyseUndo(ctx.doc, id, b);
    // A kept client stays as a BASE record: its imported fields stay in a rewritten record chunk
    // instead of being copied into the overlay. Base records lose to every overlay key, so a
    // concurrent edit on another laptop can never be overwritten by a copy of the imported value
    // (copies would be new writes that can win). Only the kept clients themselves: the batch's
    // own contacts and calls go with the batch.
    const keepRows = (a.ownRows.get('clients') ?? []).filter((r) => a.kept.has(String(r.id)));
    const records = b.get('records');
    for (const name of ['chunks', 'records'] as const) {
      const arr = b.get(name);
      if (arr instanceof Y.Array) arr.delete(0, arr.length);
    }
    if (records instanceof Y.Array && keepRows.length) records.push(encodeRecordChunks('clients', keepRows));
    revertUpdates(ctx, b);
    b.set('undoneAt', ctx.now());
    const { kept: _k, ownRows: _r, ...counts } = a;
    return ok(counts);
  });
}

const NOTHING: UndoCounts = { clientsRemoved: 0, keptForImports: 0, keptForWork: 0, purchasesRemoved: 0, contactsRemoved: 0, interactionsRemoved: 0 };

/** undoImport, reporting only how many clients left (its first callers' shape). */
export function undoBatch(ctx: Ctx, id: BatchId): Result<{ clientsRemoved: number }> {
  const r = undoImport(ctx, id);
  return r.ok ? ok({ clientsRemoved: r.value.clientsRemoved }) : r;
}

/**
 * What undoImport would do now, without writing (the confirmation before an undo shows it).
 * An undone batch previews as nothing to do.
 */
export function undoPreview(doc: Y.Doc, id: BatchId): Result<UndoCounts> {
  const b = undoable(doc, id);
  if (typeof b === 'string') return err(b);
  if (b.get('undoneAt')) return ok(NOTHING);
  const { kept: _k, ownRows: _r, ...counts } = analyseUndo(doc, id, b);
  return ok(counts);
}
