import * as Y from 'yjs';
import { collection } from '../schema/layout';
import type { BatchId, BatchInfo } from '../model/batch';
import { type Client, type ClientId } from '../model/client';
import type { Contact } from '../model/contact';
import type { Interaction } from '../model/interaction';
import { decodeChunk } from '../model/purchase';
import { err, ok, type Result } from '../util/result';
import { run, type Ctx } from './context';
import { writeNewClient } from './clients';
import { writeNewContact } from './contacts';

export interface BatchWrite {
  info: Omit<BatchInfo, 'createdAt' | 'createdBy' | 'undoneAt'>;
  clientsToCreate: Client[];
  clientsToUpdate: { id: ClientId; fields: Partial<Client> }[];
  contactsToCreate: Contact[];
  interactions: Interaction[];
  /** Purchase lines already encoded as columnar chunks (model/purchase.ts encodeChunk). */
  chunks: Uint8Array[];
}

/**
 * Writes a whole import batch in ONE transaction: on disk it is one IndexedDB record and on the
 * wire one update, so a crash or a full disk leaves either all of it or none of it.
 * Re-applying the same batch (same deterministic id) is a no-op.
 */
export function applyBatch(ctx: Ctx, w: BatchWrite): Result<{ alreadyPresent: boolean }> {
  for (const c of w.chunks) { const d = decodeChunk(c); if (!d.ok) return err(`refused: ${d.error}`); }
  return run<{ alreadyPresent: boolean }>(ctx, 'applyBatch', () => {
    const batches = collection(ctx.doc, 'batches');
    const existing = batches.get(w.info.id);
    if (existing && !existing.get('undoneAt')) return ok({ alreadyPresent: true });
    const clients = collection(ctx.doc, 'clients');
    const created: string[] = [];
    // One timestamp for the whole batch: undoBatch tells an untouched created client by
    // updatedAt === createdAt, so two separate now() calls must never straddle a millisecond.
    const now = ctx.now();
    for (const c of w.clientsToCreate) {
      const prev = clients.get(c.id);
      if (prev) {
        // Re-import after an undo brings the same clients back; a live one was imported elsewhere first.
        if (prev.get('deletedAt')) { prev.set('deletedAt', ''); created.push(c.id); }
        continue;
      }
      writeNewClient(clients, { ...c, createdAt: now, createdBy: ctx.me, updatedAt: now, updatedBy: ctx.me });
      created.push(c.id);
    }
    for (const u of w.clientsToUpdate) {
      const m = clients.get(u.id);
      if (!m) continue;
      for (const [k, v] of Object.entries(u.fields)) {
        if (v === undefined || k === 'id' || k === 'tags' || k === 'addresses' || k === 'custom') continue;
        if (JSON.stringify(m.get(k)) !== JSON.stringify(v)) m.set(k, v);
      }
      m.set('updatedAt', now);
      m.set('updatedBy', ctx.me);
    }
    const contacts = collection(ctx.doc, 'contacts');
    for (const c of w.contactsToCreate) if (!contacts.has(c.id)) writeNewContact(ctx, c);
    const inter = collection(ctx.doc, 'interactions');
    for (const i of w.interactions) {
      if (inter.has(i.id)) continue;
      const m = new Y.Map<unknown>();
      inter.set(i.id, m);
      for (const [k, v] of Object.entries({ ...i, batchId: w.info.id })) m.set(k, v);
    }
    const b = new Y.Map<unknown>();
    batches.set(w.info.id, b);
    const info: BatchInfo = { ...w.info, createdClientIds: created, createdAt: now, createdBy: ctx.me, undoneAt: '' };
    for (const [k, v] of Object.entries(info)) b.set(k, v);
    const chunks = new Y.Array<Uint8Array>();
    chunks.push(w.chunks);
    b.set('chunks', chunks);
    return ok({ alreadyPresent: false });
  });
}

/**
 * Undoes an import as a unit: its purchase chunks are dropped (Yjs frees their content), its
 * interactions removed, and the clients it created are soft-deleted unless someone edited them since.
 */
export function undoBatch(ctx: Ctx, id: BatchId): Result<{ clientsRemoved: number }> {
  return run(ctx, 'undoBatch', () => {
    const b = collection(ctx.doc, 'batches').get(id);
    if (!b) return err('no such batch');
    if (b.get('undoneAt')) return ok({ clientsRemoved: 0 });
    const chunks = b.get('chunks');
    if (chunks instanceof Y.Array) chunks.delete(0, chunks.length);
    b.set('undoneAt', ctx.now());
    const inter = collection(ctx.doc, 'interactions');
    for (const [iid, m] of inter) if (m.get('batchId') === id) inter.delete(iid);
    let removed = 0;
    const clients = collection(ctx.doc, 'clients');
    const createdIds = b.get('createdClientIds');
    for (const cid of Array.isArray(createdIds) ? createdIds : []) {
      const m = clients.get(String(cid));
      if (m && !m.get('deletedAt') && m.get('updatedAt') === m.get('createdAt')) { m.set('deletedAt', ctx.now()); removed++; }
    }
    return ok({ clientsRemoved: removed });
  });
}
