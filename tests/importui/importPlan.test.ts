import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { buildClientIndex, buildImportPlan, mappingFromSuggestions, parseCsv, suggestMapping, type Entity, type ImportPlan, type Mapping } from '../../src/core/import';
import { hashBytes } from '../../src/core/model/ids';
import { makeCtx } from '../../src/core/commands/context';
import { undoBatch } from '../../src/core/commands/batches';
import {
  batchOfFile, batchWriteFromPlan, importContext, importPlan, loadImportTemplate, saveImportTemplate, summarise,
} from '../../src/core/commands/importPlan';
import { ClientCache } from '../../src/core/queries/clients';
import { allChunks, listBatches, purchaseCount } from '../../src/core/queries/purchases';
import { CHUNK_ROWS, decodeChunk } from '../../src/core/model/purchase';
import type { Client } from '../../src/core/model/client';
import type { MemberId } from '../../src/core/model/member';
import { defineRoots } from '../../src/core/schema/layout';
import { storeOf } from '../../src/core/queries/store';

const utf8 = (s: string) => new TextEncoder().encode(s);
const NOW = '2026-01-01T00:00:00.000Z';

function newDoc() {
  const doc = new Y.Doc();
  defineRoots(doc);
  let tick = 0;
  const ctx = makeCtx(doc, 'mem_tester' as MemberId, () => false, () => new Date(Date.UTC(2026, 0, 1, 0, 0, tick++)).toISOString());
  return { doc, ctx, clients: () => [...new ClientCache(doc).byId.values()] };
}

function plan(doc: Y.Doc, existing: Client[], bytes: Uint8Array, entity: Entity, mapping: Mapping = {}, fileName = 'f.csv'): { plan: ImportPlan; header: string[] } {
  const parsed = parseCsv(bytes);
  if (!parsed.ok) throw new Error(parsed.error.message);
  const ex = importContext(doc, existing);
  const r = buildImportPlan(parsed.value, {
    entity, fileName, fileHash: hashBytes(bytes), header: parsed.value.header,
    mapping: { ...mappingFromSuggestions(suggestMapping(parsed.value.header, entity)), ...mapping },
    defaultCountry: 'RU', index: buildClientIndex(ex.clients, ex.contacts, ex.batchIds), now: NOW, by: '',
    parseErrors: parsed.value.errors, duplicatePolicy: 'update',
  });
  if (!r.ok) throw new Error(r.error.message);
  return { plan: r.value, header: parsed.value.header };
}

const CLIENTS = 'Customer ID;Name;Phone;Email;City\n1;Ромашка;+7 916 555-12-34;a@x.ru;Москва\n2;Вектор;;v@x.ru;Тверь\n3;Альфа;;;Скопје\n';

describe('importPlan → BatchWrite', () => {
  it('writes a clients plan as one batch; applying it again is a no-op; undo removes it', () => {
    const { doc, ctx, clients } = newDoc();
    const { plan: p } = plan(doc, [], utf8(CLIENTS), 'clients');
    let updates = 0;
    doc.on('update', () => updates++);
    const r = importPlan(ctx, p, { validOnly: false });
    expect(r.ok && r.value.alreadyPresent).toBe(false);
    expect(updates).toBe(1); // ONE transaction
    expect(clients().map((c) => c.name).sort()).toEqual(['Альфа', 'Вектор', 'Ромашка']);
    const [b] = listBatches(doc);
    expect(b).toMatchObject({ id: p.batchId, fileName: 'f.csv', entity: 'clients', rowsRead: 3, created: 3, updated: 0, createdBy: 'mem_tester' });

    // Same plan again: nothing written.
    const again = importPlan(ctx, p, { validOnly: false });
    expect(again.ok && again.value.alreadyPresent).toBe(true);
    expect(updates).toBe(1);
    // Re-planning the same file sees the batch: all skip, refused with the reason.
    const { plan: p2 } = plan(doc, clients(), utf8(CLIENTS), 'clients');
    expect(p2.alreadyImported).toBe(true);
    const r2 = importPlan(ctx, p2, { validOnly: true });
    expect(!r2.ok && r2.error.code).toBe('already-imported');
    expect(batchOfFile(doc, p.fileHash, p2.batchId)?.id).toBe(p.batchId);

    const u = undoBatch(ctx, p.batchId);
    expect(u.ok && u.value.clientsRemoved).toBe(3);
    expect(clients()).toEqual([]);
    expect(batchOfFile(doc, p.fileHash)).toBeNull();
    // After undo the same file can come in again.
    const { plan: p3 } = plan(doc, clients(), utf8(CLIENTS), 'clients');
    expect(p3.alreadyImported).toBe(false);
    expect(importPlan(ctx, p3, { validOnly: false }).ok).toBe(true);
    expect(clients()).toHaveLength(3);
  });

  it('chunks purchase lines at CHUNK_ROWS and undo drops them', () => {
    const { doc, ctx } = newDoc();
    const n = CHUNK_ROWS * 2 + 5;
    let csv = 'Customer ID;Date;Sales\n';
    for (let i = 0; i < n; i++) csv += `${i % 7};${String((i % 28) + 1).padStart(2, '0')}.03.2024;${i},5\n`;
    const { plan: p } = plan(doc, [], utf8(csv), 'purchases');
    expect(p.purchases).toHaveLength(n);
    const w = batchWriteFromPlan(p, { validOnly: false });
    expect(w.ok).toBe(true);
    if (!w.ok) return;
    const sizes = w.value.chunks.map((c) => { const d = decodeChunk(c); return d.ok ? d.value.n : -1; });
    expect(sizes).toEqual([CHUNK_ROWS, CHUNK_ROWS, 5]);
    expect(w.value.clientsToCreate).toHaveLength(7);
    expect(w.value.info).toMatchObject({ entity: 'purchases', created: n, rowsRead: n });
    const r = importPlan(ctx, p, { validOnly: false });
    expect(r.ok).toBe(true);
    expect(purchaseCount(doc)).toBe(n);
    expect(allChunks(doc)[0]!.amount[1]).toBe(1.5);
    undoBatch(ctx, p.batchId);
    expect(purchaseCount(doc)).toBe(0);
  });

  it('takes streamed chunks from the worker as they are', () => {
    const { doc } = newDoc();
    const { plan: p } = plan(doc, [], utf8('Customer ID;Date;Sales\n1;01.02.2024;5\n'), 'purchases');
    const streamed = batchWriteFromPlan(p, { validOnly: false });
    if (!streamed.ok) throw new Error('no write');
    const w = batchWriteFromPlan({ ...p, purchases: [] }, { validOnly: false }, streamed.value.chunks);
    expect(w.ok && w.value.chunks).toEqual(streamed.value.chunks);
    const bad = batchWriteFromPlan({ ...p, purchases: [] }, { validOnly: false }, [new Uint8Array([1, 2, 3])]);
    expect(!bad.ok && bad.error.code).toBe('bad-chunk');
  });

  it('refuses a plan with row problems unless the user imports only the valid rows', () => {
    const { doc, ctx } = newDoc();
    const bytes = utf8('Customer ID;Date;Sales\n1;01.02.2024;5\n2;31.02.2024;6\n3;02.02.2024;abc\n4;03.02.2024;7\n');
    const { plan: p } = plan(doc, [], bytes, 'purchases');
    expect(p.counts.error).toBe(2);
    const r = importPlan(ctx, p, { validOnly: false });
    expect(!r.ok && r.error).toEqual({ code: 'has-errors', rows: 2 });
    expect(listBatches(doc)).toEqual([]);
    const ok = importPlan(ctx, p, { validOnly: true });
    expect(ok.ok).toBe(true);
    expect(purchaseCount(doc)).toBe(2);
    expect(listBatches(doc)[0]).toMatchObject({ created: 2, skipped: 2, rowsRead: 4 });
  });

  it('does not create a client whose only row was left out as a problem', () => {
    const { doc, ctx, clients } = newDoc();
    const bytes = utf8('Customer;Order date;Sales\nAlpha;2024-01-02;10.5\nBeta;2024-01-03;abc\nAlpha;2024-01-04;7\n');
    const { plan: p } = plan(doc, [], bytes, 'purchases');
    expect(p.clientsToCreate.map((c) => c.name)).toEqual(['Alpha', 'Beta']); // the planner links before it checks
    expect(summarise(p, { validOnly: true }, [])).toMatchObject({ create: 2, error: 1, newClientsFromPurchases: 1 });
    // Same with the lines streamed as chunks (the worker's way).
    const w = batchWriteFromPlan(p, { validOnly: true });
    if (!w.ok) throw new Error('no write');
    expect(summarise({ ...p, purchases: [] }, { validOnly: true }, w.value.chunks).newClientsFromPurchases).toBe(1);
    expect(importPlan(ctx, { ...p, purchases: [] }, { validOnly: true }, w.value.chunks).ok).toBe(true);
    expect(clients().map((c) => c.name)).toEqual(['Alpha']);
    expect(purchaseCount(doc)).toBe(2);
  });

  it('applies duplicate choices: update, skip, keep both — per row and for all', () => {
    const { doc, ctx, clients } = newDoc();
    importPlan(ctx, plan(doc, [], utf8(CLIENTS), 'clients').plan, { validOnly: false });
    const second = 'Customer ID;Name;Phone;Email;City\n1;Ромашка;;a@x.ru;Казань\n2;Вектор;;v@x.ru;Клин\n9;Новый;;;Омск\n';
    const { plan: p } = plan(doc, clients(), utf8(second), 'clients', {}, 'second.csv');
    expect(p.duplicates.map((d) => d.row)).toEqual([2, 3]);
    const rowOf = (name: string) => p.duplicates.find((d) => clients().find((c) => c.id === d.existingId)?.name === name)!.row;

    // For all: skip → only the new client.
    expect(summarise(p, { validOnly: false, duplicates: { all: 'skip' } })).toMatchObject({ create: 1, update: 0, skip: 2 });
    // Per row beats "for all": Ромашка updated, Вектор kept both.
    const choices = { validOnly: false, duplicates: { all: 'keep-both' as const, rows: { [rowOf('Ромашка')]: 'update' as const } } };
    expect(summarise(p, choices)).toMatchObject({ create: 2, update: 1 });
    const w = batchWriteFromPlan(p, choices);
    expect(w.ok && w.value.clientsToUpdate.length).toBe(1);
    expect(importPlan(ctx, p, choices).ok).toBe(true);
    const byName = (n: string) => clients().filter((c) => c.name === n);
    expect(byName('Ромашка')).toHaveLength(1);
    expect(byName('Вектор')).toHaveLength(2);
    expect(byName('Новый')).toHaveLength(1);
    expect(clients()).toHaveLength(5);
  });

  it('writes an interactions file and undoes it', () => {
    const { doc, ctx, clients } = newDoc();
    importPlan(ctx, plan(doc, [], utf8(CLIENTS), 'clients').plan, { validOnly: false });
    const { plan: p } = plan(doc, clients(), utf8('Customer ID;Date;Type;Subject\n1;05.03.2024;Звонок;Обсудили заказ\n2;06.03.2024;Встреча;Показ\n'), 'interactions', {}, 'calls.csv');
    expect(p.interactions).toHaveLength(2);
    expect(summarise(p, { validOnly: false }, [])).toMatchObject({ create: 2, newClientsFromPurchases: 0 });
    const r = importPlan(ctx, p, { validOnly: false });
    expect(r.ok).toBe(true);
    expect(listBatches(doc)[0]).toMatchObject({ entity: 'interactions', created: 2, fileName: 'calls.csv' });
    const store = storeOf(doc);
    expect([...store.ids('interactions')]).toHaveLength(2);
    undoBatch(ctx, p.batchId);
    expect([...storeOf(doc).ids('interactions')]).toHaveLength(0);
    expect(clients()).toHaveLength(3); // the clients file's batch stays
  });

  it('refuses an empty write', () => {
    const { doc, ctx, clients } = newDoc();
    importPlan(ctx, plan(doc, [], utf8(CLIENTS), 'clients').plan, { validOnly: false });
    // Same rows, another file (another hash): every row is unchanged → nothing to import.
    const { plan: p } = plan(doc, clients(), utf8(CLIENTS + '\n'), 'clients', {}, 'copy.csv');
    const r = importPlan(ctx, p, { validOnly: false });
    expect(!r.ok && r.error.code).toBe('nothing-to-import');
  });
});

describe('mapping templates', () => {
  it('saves per source shape, loads by header (case and spacing aside), and a same save is a no-op', () => {
    const { doc, ctx } = newDoc();
    const header = ['Код', 'Наименование', 'Дата отгрузки'];
    expect(loadImportTemplate(doc, header)).toBeNull();
    const tpl = { entity: 'purchases' as const, mapping: { 'Код': 'clientExternalId' as const, 'Дата отгрузки': 'date' as const }, dateFormat: 'dmy' as const };
    expect(saveImportTemplate(ctx, header, tpl)).toEqual({ ok: true, value: true });
    let updates = 0;
    doc.on('update', () => updates++);
    expect(saveImportTemplate(ctx, header, tpl)).toEqual({ ok: true, value: false });
    expect(updates).toBe(0);
    expect(loadImportTemplate(doc, header)).toEqual(tpl);
    expect(loadImportTemplate(doc, ['код', 'НАИМЕНОВАНИЕ', 'Дата  отгрузки'])).toEqual({ ...tpl, mapping: { 'код': 'clientExternalId', 'Дата  отгрузки': 'date' } });
    expect(loadImportTemplate(doc, ['Код', 'Дата отгрузки'])).toBeNull(); // another shape
  });

  it('ignores a malformed template from a peer', () => {
    const { doc, ctx } = newDoc();
    const header = ['A', 'B'];
    saveImportTemplate(ctx, header, { entity: 'clients', mapping: { A: 'name' } });
    const key = [...doc.getMap('settings').keys()].find((k) => k.startsWith('importTemplate:'))!;
    doc.getMap('settings').set(key, '{"entity":"clients","mapping":{"A":"nonsense","B":"email"}}');
    expect(loadImportTemplate(doc, header)).toEqual({ entity: 'clients', mapping: { B: 'email' } });
    doc.getMap('settings').set(key, 'not json');
    expect(loadImportTemplate(doc, header)).toBeNull();
  });
});
