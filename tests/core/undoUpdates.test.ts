import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { buildClientIndex, buildImportPlan, mappingFromSuggestions, parseCsv, suggestMapping, type ImportPlan } from '../../src/core/import';
import { hashBytes } from '../../src/core/model/ids';
import { undoImport, undoPreview } from '../../src/core/commands/batches';
import { importContext, importPlan } from '../../src/core/commands/importPlan';
import { updateClientField } from '../../src/core/commands/clients';
import { ClientCache } from '../../src/core/queries/clients';
import type { Client, ClientId } from '../../src/core/model/client';
import { countUpdates, replica, value } from './helpers';

/**
 * The undo confirmation says how many existing clients get their imported updates taken back
 * (audit): counted by the rule undo itself follows — a key edited since keeps the later value.
 */

const NOW = '2026-01-01T00:00:00.000Z';

function plan(doc: Y.Doc, text: string, fileName: string): ImportPlan {
  const bytes = new TextEncoder().encode(text);
  const parsed = parseCsv(bytes);
  if (!parsed.ok) throw new Error(parsed.error.message);
  const ex = importContext(doc, [...new ClientCache(doc).byId.values()]);
  const r = buildImportPlan(parsed.value, {
    entity: 'clients', fileName, fileHash: hashBytes(bytes), header: parsed.value.header,
    mapping: mappingFromSuggestions(suggestMapping(parsed.value.header, 'clients')),
    defaultCountry: 'RU', index: buildClientIndex(ex.clients, ex.contacts, ex.batchIds), now: NOW, by: '', duplicatePolicy: 'update',
  });
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

const CL = 'Customer ID;Name;Email\nC-1;Alpha;a@x.ru\nC-2;Beta;b@x.ru\nC-3;Gamma;g@x.ru\n';
/** Updates Alpha (notes, segment) and Beta (notes); Gamma is as it was; Delta is new. */
const UP = 'Customer ID;Name;Email;Notes;Segment\nC-1;Alpha;a@x.ru;VIP;A\nC-2;Beta;b@x.ru;pays late;\nC-3;Gamma;g@x.ru;;\nC-4;Delta;d@x.ru;;\n';

function twoImports() {
  const r = replica('mem_tester0000aa' as never);
  expect(importPlan(r.ctx, plan(r.doc, CL, 'cl.csv'), { validOnly: false }).ok).toBe(true);
  const up = plan(r.doc, UP, 'up.csv');
  expect(up.clientsToUpdate).toHaveLength(2);
  expect(importPlan(r.ctx, up, { validOnly: false }).ok).toBe(true);
  const byName = (name: string): Client => [...new ClientCache(r.doc).byId.values()].find((c) => c.name === name)!;
  return { ...r, up, byName };
}

describe('undo of an import that updated existing clients', () => {
  it('the preview counts the clients whose updates undo takes back, and the undo takes back exactly those', () => {
    const { doc, ctx, up, byName } = twoImports();
    const u = countUpdates(doc);
    expect(value(undoPreview(doc, up.batchId))).toMatchObject({ clientsRemoved: 1, clientsReverted: 2 });
    expect(u.n).toBe(0); // the preview writes nothing
    expect(value(undoImport(ctx, up.batchId))).toMatchObject({ clientsRemoved: 1, clientsReverted: 2 });
    expect([byName('Alpha').notes, byName('Alpha').segment, byName('Beta').notes]).toEqual(['', '', '']);
    // Undone: nothing left to take back.
    expect(value(undoPreview(doc, up.batchId))).not.toHaveProperty('clientsReverted');
  });

  it('a client the team edited since in every imported key is not counted, and keeps the edit', () => {
    const { doc, ctx, up, byName } = twoImports();
    const beta = byName('Beta').id as ClientId;
    expect(value(updateClientField(ctx, beta, 'notes', 'pays on time now'))).toBe(true);
    expect(value(undoPreview(doc, up.batchId))).toMatchObject({ clientsReverted: 1 });
    // One key of two edited: the other is still the import's, so Alpha is still counted.
    expect(value(updateClientField(ctx, byName('Alpha').id as ClientId, 'segment', 'B'))).toBe(true);
    expect(value(undoPreview(doc, up.batchId))).toMatchObject({ clientsReverted: 1 });
    expect(value(undoImport(ctx, up.batchId))).toMatchObject({ clientsReverted: 1 });
    expect([byName('Alpha').notes, byName('Alpha').segment, byName('Beta').notes]).toEqual(['', 'B', 'pays on time now']);
  });

  it('every imported key edited since: zero clients, and the undo changes none of them', () => {
    const { doc, ctx, up, byName } = twoImports();
    for (const [name, field, v] of [['Alpha', 'notes', 'x'], ['Alpha', 'segment', 'y'], ['Beta', 'notes', 'z']] as const) {
      expect(value(updateClientField(ctx, byName(name).id as ClientId, field, v))).toBe(true);
    }
    expect(value(undoPreview(doc, up.batchId))).toMatchObject({ clientsReverted: 0 });
    undoImport(ctx, up.batchId);
    expect([byName('Alpha').notes, byName('Alpha').segment, byName('Beta').notes]).toEqual(['x', 'y', 'z']);
  });

  it('an import that only created clients has no such count', () => {
    const r = replica('mem_tester0000aa' as never);
    const cl = plan(r.doc, CL, 'cl.csv');
    expect(importPlan(r.ctx, cl, { validOnly: false }).ok).toBe(true);
    expect(value(undoPreview(r.doc, cl.batchId))).not.toHaveProperty('clientsReverted');
  });
});
