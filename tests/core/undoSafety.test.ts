import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { buildClientIndex, buildImportPlan, mappingFromSuggestions, parseCsv, suggestMapping, type Entity, type ImportPlan } from '../../src/core/import';
import { hashBytes } from '../../src/core/model/ids';
import { applyBatch, undoBatch, undoImport, undoPreview, type BatchWrite } from '../../src/core/commands/batches';
import { chunkHead } from '../../src/core/commands/undoSafety';
import { importContext, importPlan } from '../../src/core/commands/importPlan';
import { createPlan } from '../../src/core/commands/plans';
import { ClientCache, getClient } from '../../src/core/queries/clients';
import { allChunks, listBatches, purchaseCount } from '../../src/core/queries/purchases';
import { storeOf } from '../../src/core/queries/store';
import { decodeChunk, type PurchaseLine } from '../../src/core/model/purchase';
import { ChunkBuilder, encodeChunk } from '../../src/core/model/purchaseEncode';
import { batchIdFor } from '../../src/core/model/batch';
import { deterministicId } from '../../src/core/model/ids';
import type { ClientId } from '../../src/core/model/client';
import type { Interaction, InteractionId } from '../../src/core/model/interaction';
import type { Client } from '../../src/core/model/client';
import { makeBatch } from './batchKit';
import { countUpdates, replica, value, type Replica } from './helpers';

const utf8 = (s: string) => new TextEncoder().encode(s);
const NOW = '2026-01-01T00:00:00.000Z';

function planFile(doc: Y.Doc, existing: Client[], text: string, entity: Entity, fileName: string): ImportPlan {
  const bytes = utf8(text);
  const parsed = parseCsv(bytes);
  if (!parsed.ok) throw new Error(parsed.error.message);
  const ex = importContext(doc, existing);
  const r = buildImportPlan(parsed.value, {
    entity, fileName, fileHash: hashBytes(bytes), header: parsed.value.header,
    mapping: mappingFromSuggestions(suggestMapping(parsed.value.header, entity)),
    defaultCountry: 'RU', index: buildClientIndex(ex.clients, ex.contacts, ex.batchIds), now: NOW, by: '',
    parseErrors: parsed.value.errors, duplicatePolicy: 'update',
  });
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

const CL = 'Customer ID;Name;Email\nC-1;Alpha;a@x.ru\nC-2;Beta;b@x.ru\nC-3;Gamma;g@x.ru\n';
const PU = 'Customer ID;Date;Sales\nC-1;01.02.2024;100\nC-2;02.02.2024;200\n';

/** The audit's steps: cl.csv (clients), then pu.csv (purchases of two of them). */
function clientsThenPurchases(): Replica & { cl: ImportPlan; pu: ImportPlan; names: () => string[] } {
  const r = replica('mem_tester0000aa' as never);
  const clients = () => [...new ClientCache(r.doc).byId.values()];
  const cl = planFile(r.doc, [], CL, 'clients', 'cl.csv');
  expect(importPlan(r.ctx, cl, { validOnly: false }).ok).toBe(true);
  const pu = planFile(r.doc, clients(), PU, 'purchases', 'pu.csv');
  expect(pu.clientsToCreate).toEqual([]); // the lines name clients cl.csv brought
  expect(importPlan(r.ctx, pu, { validOnly: false }).ok).toBe(true);
  return { ...r, cl, pu, names: () => clients().map((c) => c.name).sort() };
}

/** Every purchase line's client exists. */
function linesWithoutClient(doc: Y.Doc): string[] {
  const store = storeOf(doc);
  return allChunks(doc).flatMap((c) => c.clients).filter((id) => !store.has('clients', id));
}

describe('undo never leaves records pointing at a client it removed', () => {
  it('undoing cl.csv keeps the clients pu.csv (still active) names, removes the rest, and says so', () => {
    const { doc, ctx, cl, pu, names } = clientsThenPurchases();
    expect(names()).toEqual(['Alpha', 'Beta', 'Gamma']);
    const u = countUpdates(doc);
    const preview = value(undoPreview(doc, cl.batchId));
    expect(u.n).toBe(0); // the preview writes nothing
    expect(preview).toEqual({ clientsRemoved: 1, keptForImports: 2, keptForWork: 0, purchasesRemoved: 0, contactsRemoved: 0, interactionsRemoved: 0 });
    // The command the UI and the older callers use: before the fix it removed all 3.
    expect(undoBatch(ctx, cl.batchId)).toEqual({ ok: true, value: { clientsRemoved: 1 } });
    expect(names()).toEqual(['Alpha', 'Beta']);
    expect(linesWithoutClient(doc)).toEqual([]);
    expect(purchaseCount(doc)).toBe(2);
    const batches = listBatches(doc);
    expect(batches.find((b) => b.id === pu.batchId)!.undoneAt).toBe('');
    expect(batches.find((b) => b.id === cl.batchId)!.undoneAt).not.toBe('');
    // Undoing pu.csv too then removes its lines; the kept clients stay (they were kept, not pu.csv's).
    expect(value(undoImport(ctx, pu.batchId))).toMatchObject({ purchasesRemoved: 2, clientsRemoved: 0 });
    expect(purchaseCount(doc)).toBe(0);
  });

  it('the other order (pu.csv first) removes everything, as before', () => {
    const { doc, ctx, cl, pu, names } = clientsThenPurchases();
    expect(value(undoPreview(doc, pu.batchId))).toMatchObject({ purchasesRemoved: 2, clientsRemoved: 0 });
    value(undoBatch(ctx, pu.batchId));
    expect(value(undoImport(ctx, cl.batchId))).toEqual({ clientsRemoved: 3, keptForImports: 0, keptForWork: 0, purchasesRemoved: 0, contactsRemoved: 0, interactionsRemoved: 0 });
    expect(names()).toEqual([]);
  });

  it('re-importing cl.csv after the undo takes the kept clients back into the batch', () => {
    const { doc, ctx, cl, names } = clientsThenPurchases();
    value(undoBatch(ctx, cl.batchId));
    const again = planFile(doc, [...new ClientCache(doc).byId.values()], CL, 'clients', 'cl.csv');
    expect(importPlan(ctx, again, { validOnly: false }).ok).toBe(true);
    expect(names()).toEqual(['Alpha', 'Beta', 'Gamma']);
    expect(linesWithoutClient(doc)).toEqual([]);
  });

  it('keeps a client named by another batch\'s records (an interactions import) or by a deal added by hand', () => {
    const { doc, ctx } = replica();
    const a = makeBatch('own', 3, 4);
    value(applyBatch(ctx, a));
    const [c0, c1, c2] = a.clientIds as [ClientId, ClientId, ClientId];
    const id = batchIdFor('file-calls', 'mapping');
    const call: Interaction = { id: deterministicId('int', 'calls', '0') as InteractionId, clientId: c0, kind: 'call', date: '2026-01-06', memberId: '', text: 'from a file', result: '', batchId: '', deletedAt: '', createdAt: '', createdBy: '', updatedAt: '', updatedBy: '' };
    const calls: BatchWrite = {
      info: { id, fileName: 'calls.csv', fileHash: 'file-calls', entity: 'interactions', rowsRead: 1, created: 1, updated: 0, skipped: 0, createdClientIds: [] },
      clientsToCreate: [], clientsToUpdate: [], contactsToCreate: [], interactions: [call], chunks: [],
    };
    value(applyBatch(ctx, calls));
    value(createPlan(ctx, c1, { what: 'deal', amount: 10, date: '2026-03-01', probability: 0.5 }));
    expect(value(undoImport(ctx, a.id))).toEqual({ clientsRemoved: 1, keptForImports: 1, keptForWork: 1, purchasesRemoved: 4, contactsRemoved: 3, interactionsRemoved: 3 });
    expect(getClient(doc, c0)).not.toBeNull();
    expect(getClient(doc, c1)).not.toBeNull();
    expect(getClient(doc, c2)).toBeNull();
    const store = storeOf(doc);
    for (const kind of ['contacts', 'interactions', 'tasks', 'plans'] as const) {
      for (const rid of store.ids(kind)) expect(store.has('clients', String(store.merged(kind, rid)!.clientId))).toBe(true);
    }
  });

  it('a purchases batch\'s own new clients go with it unless a later import names them', () => {
    const { doc, ctx } = replica();
    const p1 = makeBatch('p1', 2, 6);
    value(applyBatch(ctx, p1));
    const [k0] = p1.clientIds as [ClientId, ClientId];
    const later = makeBatch('p2', 0, 3, 1, [k0]);
    value(applyBatch(ctx, later));
    expect(value(undoImport(ctx, p1.id))).toMatchObject({ clientsRemoved: 1, keptForImports: 1, purchasesRemoved: 6 });
    expect(linesWithoutClient(doc)).toEqual([]);
  });
});

describe('chunkHead: a chunk\'s client dictionary from its header only', () => {
  it('matches the full decoding, whatever the ids hold', () => {
    const odd = ['C-1', 'a"b', 'x]y', 'back\\slash', 'Ромашка', '[', '"d":[[', ''];
    const lines: PurchaseLine[] = odd.filter(Boolean).map((id, i) => ({ clientId: id as ClientId, date: '2026-01-02', amount: i, qty: 1, cost: NaN, orderId: `O${i}]`, product: 'p"', category: '' }));
    for (const bytes of [encodeChunk(lines), encodeChunk([]), encodeChunk(lines.slice(0, 1))]) {
      const d = decodeChunk(bytes);
      if (!d.ok) throw new Error(d.error);
      expect(chunkHead(bytes)).toEqual({ n: d.value.n, clients: d.value.clients });
    }
    expect(chunkHead(new Uint8Array([1, 2, 3]))).toBeNull();
  });

  it('previews the undo of a batch beside a million purchase lines without reading the lines', () => {
    const { doc, ctx } = replica();
    const base = makeBatch('big-clients', 2000, 0, 0);
    value(applyBatch(ctx, base));
    // 1 000 000 lines in 20 chunks of 50 000, naming the 2 000 clients over and over.
    const chunks: Uint8Array[] = [];
    for (let k = 0; k < 20; k++) {
      const b = new ChunkBuilder(50_000);
      for (let i = 0; i < 50_000; i++) b.add(base.clientIds[(i * 7 + k) % 2000]!, 20000 + (i % 300), 10, 1, NaN, '', 'p', '');
      chunks.push(b.encode());
    }
    const big = makeBatch('big-lines', 0, 0, 0);
    value(applyBatch(ctx, { ...big, chunks }));
    expect(purchaseCount(doc)).toBe(1_000_000);
    const t0 = performance.now();
    const p = value(undoPreview(doc, base.id));
    const ms = performance.now() - t0;
    expect(p).toMatchObject({ clientsRemoved: 0, keptForImports: 2000 });
    expect(ms).toBeLessThan(1000); // ~tens of ms: headers only (decoding every line is far slower)
    expect(value(undoPreview(doc, big.id))).toMatchObject({ purchasesRemoved: 1_000_000 });
  }, 60_000);
});
