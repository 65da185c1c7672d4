import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createClient, setClientTag, updateClientField } from '../../src/core/commands/clients';
import { addContact } from '../../src/core/commands/contacts';
import { createTask, logInteraction } from '../../src/core/commands/work';
import { applyBatch } from '../../src/core/commands/batches';
import { adoptLateChanges, lateChanges, mergeClients, mergeRecord, mergesInto, repairMergeCycles, undoMerge } from '../../src/core/commands/merge';
import { contactsOf, getClient } from '../../src/core/queries/clients';
import { aliasesOf, resolveClientId } from '../../src/core/queries/aliases';
import { allChunks, purchasesOf } from '../../src/core/queries/purchases';
import { storeOf } from '../../src/core/queries/store';
import type { ClientId } from '../../src/core/model/client';
import type { Ctx } from '../../src/core/commands/context';
import { makeBatch } from '../core/batchKit';
import { concurrently, replica, state, value } from './helpers';

function two(ctx: Ctx): { s: ClientId; l: ClientId } {
  const s = value(createClient(ctx, { name: 'Иван Петров', kind: 'person', phones: ['+79161234567'], tags: ['vip'] }));
  const l = value(createClient(ctx, { name: 'Petrov Ivan', kind: 'person', phones: ['+79030000000'], emails: ['ivan@example.com'], notes: 'from loser', tags: ['opt'] }));
  return { s, l };
}

describe('mergeClients', () => {
  it('moves fields, lists, contacts, tasks and interactions to the survivor; undo restores exactly', () => {
    const { doc, ctx } = replica();
    const { s, l } = two(ctx);
    value(addContact(ctx, l, { name: 'Секретарь' }));
    value(createTask(ctx, l, '2026-03-01', 'call back'));
    value(logInteraction(ctx, l, { kind: 'call', date: '2026-02-01', text: 'hi', result: '' }));
    const before = state(doc);
    const rec = value(mergeClients(ctx, s, l, { name: 'survivor' }));
    const sv = getClient(doc, s)!;
    expect(sv.name).toBe('Иван Петров');
    expect(sv.phones).toEqual(['+79161234567', '+79030000000']);
    expect(sv.emails).toEqual(['ivan@example.com']); // survivor's empty field takes the loser's
    expect(sv.notes).toBe('from loser');
    expect(sv.tags).toEqual(['opt', 'vip']);
    expect(contactsOf(doc, s).map((c) => c.name)).toEqual(['Секретарь']);
    expect(getClient(doc, l)!.mergedInto).toBe(s);
    expect(getClient(doc, l)!.deletedAt).not.toBe('');
    expect(resolveClientId(doc, l)).toBe(s);
    expect(aliasesOf(doc, s)).toEqual([l]);
    const store = storeOf(doc);
    for (const kind of ['tasks', 'interactions'] as const) for (const id of store.ids(kind)) expect(store.merged(kind, id)!.clientId).toBe(s);
    expect(mergesInto(doc, s).map((m) => m.loser)).toEqual([l]);
    expect(rec.changes.length).toBeGreaterThan(5);
    // Undo: every record as before (history keeps the merge and the unmerge).
    const u = value(undoMerge(ctx, l));
    expect(u.kept).toBe(0);
    expect(mergeRecord(doc, l)).toBeNull();
    const after = JSON.parse(state(doc)) as { json: Record<string, unknown> };
    const prev = JSON.parse(before) as { json: Record<string, unknown> };
    for (const k of ['clients', 'contacts', 'tasks', 'interactions', 'plans']) expect(after.json[k]).toEqual(prev.json[k]);
    expect(getClient(doc, l)!.mergedInto).toBe('');
  });

  it('field by field: the loser side can win a scalar and a list', () => {
    const { doc, ctx } = replica();
    const { s, l } = two(ctx);
    value(mergeClients(ctx, s, l, { name: 'loser', phones: 'survivor', tags: 'loser' }));
    const sv = getClient(doc, s)!;
    expect(sv.name).toBe('Petrov Ivan');
    expect(sv.phones).toEqual(['+79161234567']);
    expect(sv.tags).toEqual(['opt']);
  });

  it('refuses self-merge and double merge', () => {
    const { ctx } = replica();
    const { s, l } = two(ctx);
    expect(mergeClients(ctx, s, s).ok).toBe(false);
    value(mergeClients(ctx, s, l));
    expect(mergeClients(ctx, s, l).ok).toBe(false);
  });

  it('purchases of an imported loser count for the survivor (alias), chunks untouched', () => {
    const { doc, ctx } = replica();
    const b = makeBatch('m1', 2, 20);
    value(applyBatch(ctx, b));
    const [x, y] = b.clientIds as [ClientId, ClientId];
    const chunksBefore = allChunks(doc);
    const nx = purchasesOf(chunksBefore, x).length, ny = purchasesOf(chunksBefore, y).length;
    value(mergeClients(ctx, x, y));
    const chunks = allChunks(doc);
    expect(purchasesOf(chunks, x, aliasesOf(doc, x)).length).toBe(nx + ny);
    expect(purchasesOf(chunks, x).length).toBe(nx);
    // Base-record children (imported contact and call) move through overlay keys.
    expect(contactsOf(doc, x)).toHaveLength(2);
    value(undoMerge(ctx, y));
    expect(contactsOf(doc, x)).toHaveLength(1);
    expect(contactsOf(doc, y)).toHaveLength(1);
  });

  it('undo keeps a field someone changed after the merge', () => {
    const { doc, ctx } = replica();
    const { s, l } = two(ctx);
    value(mergeClients(ctx, s, l));
    value(updateClientField(ctx, s, 'notes', 'edited later'));
    const u = value(undoMerge(ctx, l));
    expect(u.kept).toBeGreaterThan(0);
    expect(getClient(doc, s)!.notes).toBe('edited later');
  });
});

describe('merge on one laptop while the other edits the loser offline', () => {
  it('nothing is lost: the late edit and the late task surface for the survivor, in either order', () => {
    const { doc, ctx, s } = concurrently(
      (a) => two(a),
      (a, { s, l }) => value(mergeClients(a, s, l)),
      (b, { l }) => { value(updateClientField(b, l, 'notes', 'offline note')); value(setClientTag(b, l, 'late', true)); value(createTask(b, l, '2026-04-01', 'offline task')); },
    );
    const late = lateChanges(doc, s.l)!;
    expect(late.survivor).toBe(s.s);
    expect(late.fields.map((f) => f.field).sort()).toEqual(['notes', 'tags']);
    expect(late.children).toHaveLength(1);
    // The merge itself held: the loser stays merged, its purchases resolve to the survivor.
    expect(resolveClientId(doc, s.l)).toBe(s.s);
    value(adoptLateChanges(ctx, s.l));
    const sv = getClient(doc, s.s)!;
    expect(sv.notes).toBe('offline note');
    expect(sv.tags).toContain('late');
    expect(lateChanges(doc, s.l)).toBeNull();
    const store = storeOf(doc);
    expect([...store.ids('tasks')].map((id) => store.merged('tasks', id)!.clientId)).toEqual([s.s]);
  });

  it('an offline edit of the survivor and the merge both survive', () => {
    const { doc, s } = concurrently(
      (a) => two(a),
      (a, { s, l }) => value(mergeClients(a, s, l)),
      (b, { s }) => value(updateClientField(b, s, 'segment', 'Опт')),
    );
    const sv = getClient(doc, s.s)!;
    expect(sv.segment).toBe('Опт');
    expect(sv.phones).toHaveLength(2);
  });

  it('two laptops merging the pair in opposite directions converge to one owner', () => {
    const { doc, ctx, s } = concurrently(
      (a) => two(a),
      (a, { s, l }) => value(mergeClients(a, s, l)),
      (b, { s, l }) => value(mergeClients(b, l, s)),
    );
    // Both were hidden (a cycle); the repair revives the smallest id, the same on every laptop.
    const keep = [s.s, s.l].sort()[0]!;
    expect(value(repairMergeCycles(ctx))).toEqual([keep]);
    expect(value(repairMergeCycles(ctx))).toEqual([]);
    const other = keep === s.s ? s.l : s.s;
    expect(getClient(doc, keep)!.deletedAt).toBe('');
    expect(resolveClientId(doc, other)).toBe(keep);
    expect(resolveClientId(doc, keep)).toBe(keep);
    expect(mergesInto(doc, keep).map((m) => m.loser)).toEqual([other]);
    void Y;
  });
});
