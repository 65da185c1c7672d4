import * as Y from 'yjs';
import { batchWritten, collection } from '../schema/layout';
import { type BatchInfo, validateBatchInfo } from '../model/batch';
import { type PurchaseChunk, type PurchaseLine, decodeChunk, lineAt } from '../model/purchase';
import type { ClientId } from '../model/client';
import { memoPerObject } from '../util/memo';

export function listBatches(doc: Y.Doc): BatchInfo[] {
  const out: BatchInfo[] = [];
  for (const m of collection(doc, 'batches').values()) {
    if (!batchWritten(m)) continue;
    const raw: Record<string, unknown> = {};
    for (const [k, v] of m) if (k !== 'chunks') raw[k] = v;
    const r = validateBatchInfo(raw);
    if (r.ok) out.push(r.value);
  }
  return out.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

// Chunks are immutable, so a decoded chunk stays valid as long as its bytes are in the doc:
// decoding a million lines costs ~0.1 s, which an open card would otherwise pay on every edit.
const decodeCached = memoPerObject((bytes: Uint8Array): PurchaseChunk | null => { const r = decodeChunk(bytes); return r.ok ? r.value : null; });

/** Client id → its index in a chunk's client dictionary. */
const clientIndexOf = memoPerObject((c: PurchaseChunk) => new Map(c.clients.map((x, i) => [x, i])));
const indexOfClient = (c: PurchaseChunk, id: string): number => clientIndexOf(c).get(id) ?? -1;

/** Stored purchase chunks as raw bytes (cheap: no decoding), in batch order; undone batches and batches still being written skipped. */
export function rawChunks(doc: Y.Doc): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (const b of collection(doc, 'batches').values()) {
    if (b.get('undoneAt') || !batchWritten(b)) continue;
    const chunks = b.get('chunks');
    if (!(chunks instanceof Y.Array)) continue;
    for (const bytes of chunks) if (bytes instanceof Uint8Array) out.push(bytes);
  }
  return out;
}

/** All stored purchase chunks, decoded (malformed chunks from a peer are skipped, not fatal). */
export function allChunks(doc: Y.Doc): PurchaseChunk[] {
  const out: PurchaseChunk[] = [];
  for (const bytes of rawChunks(doc)) { const d = decodeCached(bytes); if (d) out.push(d); }
  return out;
}

export function purchaseCount(doc: Y.Doc): number {
  let n = 0;
  for (const c of allChunks(doc)) n += c.n;
  return n;
}

/**
 * One client's purchase lines, newest first (scans the dictionaries, then only matching rows).
 * `aliases`: ids merged into this client (queries/aliases.ts `aliasesOf`) — their lines count as
 * this client's, since purchase chunks are immutable and keep the loser's id.
 */
export function purchasesOf(chunks: readonly PurchaseChunk[], clientId: ClientId, aliases: readonly string[] = []): PurchaseLine[] {
  const out: PurchaseLine[] = [];
  const wanted = [clientId as string, ...aliases.filter((a) => a !== clientId)];
  for (const c of chunks) {
    for (const id of wanted) {
      const idx = indexOfClient(c, id);
      if (idx < 0) continue;
      for (let i = 0; i < c.n; i++) if (c.client[i] === idx) out.push(lineAt(c, i));
    }
  }
  return out.sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : 0));
}
