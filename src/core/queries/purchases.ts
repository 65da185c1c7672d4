import * as Y from 'yjs';
import { collection } from '../schema/layout';
import { type BatchInfo, validateBatchInfo } from '../model/batch';
import { type PurchaseChunk, type PurchaseLine, decodeChunk, lineAt } from '../model/purchase';
import type { ClientId } from '../model/client';

export function listBatches(doc: Y.Doc): BatchInfo[] {
  const out: BatchInfo[] = [];
  for (const m of collection(doc, 'batches').values()) {
    const raw: Record<string, unknown> = {};
    for (const [k, v] of m) if (k !== 'chunks') raw[k] = v;
    const r = validateBatchInfo(raw);
    if (r.ok) out.push(r.value);
  }
  return out.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

/** All stored purchase chunks, decoded (malformed chunks from a peer are skipped, not fatal). */
export function allChunks(doc: Y.Doc): PurchaseChunk[] {
  const out: PurchaseChunk[] = [];
  for (const b of collection(doc, 'batches').values()) {
    if (b.get('undoneAt')) continue;
    const chunks = b.get('chunks');
    if (!(chunks instanceof Y.Array)) continue;
    for (const bytes of chunks) {
      if (!(bytes instanceof Uint8Array)) continue;
      const d = decodeChunk(bytes);
      if (d.ok) out.push(d.value);
    }
  }
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
      const idx = c.clients.indexOf(id);
      if (idx < 0) continue;
      for (let i = 0; i < c.n; i++) if (c.client[i] === idx) out.push(lineAt(c, i));
    }
  }
  return out.sort((a, b) => b.date.localeCompare(a.date));
}
