import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  createClient, updateClientField, setClientTag, setClientAddress, removeClientAddress, setCustomValue, deleteClient, restoreClient,
} from '../../src/core/commands/clients';
import { addContact, updateContactField, deleteContact } from '../../src/core/commands/contacts';
import { logInteraction, createTask, updateTask } from '../../src/core/commands/work';
import { setSetting, createMember, updateMember } from '../../src/core/commands/team';
import { applyBatch, undoBatch } from '../../src/core/commands/batches';
import { getClient, clientHistory, contactsOf } from '../../src/core/queries/clients';
import { purchaseCount } from '../../src/core/queries/purchases';
import { settingsMap } from '../../src/core/schema/layout';
import * as peek from './peek';
import type { ClientId } from '../../src/core/model/client';
import type { Ctx } from '../../src/core/commands/context';
import { exchange, pair, replica, state, value, type Replica, offlineEdits } from './helpers';
import { makeBatch } from './batchKit';

/**
 * Runs `setup` on A (then syncs it to B), then `onA` and `onB` concurrently (neither sees the other),
 * then merges in both delivery orders: A's update into B first, or B's into A first.
 * Returns the two merged docs; they must be identical.
 */
function concurrently<S>(setup: (a: Ctx) => S, onA: (a: Ctx, s: S) => void, onB: (b: Ctx, s: S) => void): { docs: [Y.Doc, Y.Doc]; s: S } {
  const [a, b] = pair();
  const { x, y, ua, ub, s } = offlineEdits(a, b, setup, onA, onB);
  // And the live replicas exchange too (each already holds its own update).
  Y.applyUpdate(a.doc, ub); Y.applyUpdate(b.doc, ua);
  expect(state(x)).toBe(state(y));
  expect(state(a.doc)).toBe(state(x));
  expect(state(b.doc)).toBe(state(x));
  return { docs: [x, y], s };
}

const mkClient = (ctx: Ctx) => value(createClient(ctx, { name: 'Альфа', notes: 'orig', segment: 'Опт' }));

describe('concurrent edits on two laptops converge, in either delivery order', () => {
  it('different fields of the same client both survive', () => {
    const { docs: [d], s: id } = concurrently(mkClient, (a, id) => value(updateClientField(a, id, 'notes', 'from A')), (b, id) => value(updateClientField(b, id, 'segment', 'from B')));
    expect(getClient(d, id)).toMatchObject({ notes: 'from A', segment: 'from B' });
    expect(clientHistory(d, id).map((h) => h.to).sort()).toEqual(['from A', 'from B']);
  });

  it('the same field: one deterministic winner, the loser still in the history', () => {
    const { docs: [d], s: id } = concurrently(mkClient, (a, id) => value(updateClientField(a, id, 'notes', 'from A')), (b, id) => value(updateClientField(b, id, 'notes', 'from B')));
    const winner = getClient(d, id)!.notes;
    expect(['from A', 'from B']).toContain(winner);
    const loser = winner === 'from A' ? 'from B' : 'from A';
    expect(clientHistory(d, id).filter((h) => h.field === 'notes').map((h) => h.to)).toContain(loser);
  });

  it('delete on A while B edits: deleted, B’s edit kept on the hidden record, restore brings it back', () => {
    const { docs: [d], s: id } = concurrently(mkClient, (a, id) => value(deleteClient(a, id)), (b, id) => value(updateClientField(b, id, 'notes', 'B edit')));
    const c = getClient(d, id)!;
    expect(c.deletedAt).not.toBe('');
    expect(c.notes).toBe('B edit');
    const ctx = replica().ctx;
    ctx.doc = d; // operate on the merged doc
    value(restoreClient(ctx, id));
    expect(getClient(d, id)).toMatchObject({ deletedAt: '', notes: 'B edit' });
  });

  it('delete on A while B adds a contact, logs a call and sets a task: nothing orphaned', () => {
    const { docs: [d], s: id } = concurrently(mkClient, (a, id) => value(deleteClient(a, id)), (b, id) => {
      value(addContact(b, id, { name: 'Иван' }));
      value(logInteraction(b, id, { kind: 'call', date: '2026-01-10', text: '', result: '', next: { due: '2026-01-20', about: 'x' } }));
    });
    expect(getClient(d, id)!.deletedAt).not.toBe('');
    for (const kind of ['contacts', 'interactions', 'tasks'] as const) {
      expect(peek.count(d, kind)).toBeGreaterThan(0);
      for (const [, r] of peek.all(d, kind)) expect(peek.has(d, 'clients', String(r.clientId))).toBe(true);
    }
    expect(contactsOf(d, id)).toHaveLength(1);
  });

  it('delete and restore concurrently with another delete: the client ends in one agreed state', () => {
    const setup = (a: Ctx) => { const id = mkClient(a); value(deleteClient(a, id)); return id; };
    const { docs: [d], s: id } = concurrently(setup, (a, id) => value(restoreClient(a, id)), (b, id) => value(updateClientField(b, id, 'notes', 'x')));
    expect(getClient(d, id)).toMatchObject({ deletedAt: '', notes: 'x' });
  });

  it('tags: concurrent adds of different tags both survive; add vs remove of another tag both apply', () => {
    const setup = (a: Ctx) => { const id = mkClient(a); value(setClientTag(a, id, 'old', true)); return id; };
    const { docs: [d], s: id } = concurrently(setup, (a, id) => { value(setClientTag(a, id, 'VIP', true)); value(setClientTag(a, id, 'old', false)); }, (b, id) => value(setClientTag(b, id, 'опт', true)));
    expect(getClient(d, id)!.tags).toEqual(['VIP', 'опт']);
  });

  it('tags: the same tag added on both laptops appears once', () => {
    const { docs: [d], s: id } = concurrently(mkClient, (a, id) => value(setClientTag(a, id, 'VIP', true)), (b, id) => value(setClientTag(b, id, 'VIP', true)));
    expect(getClient(d, id)!.tags).toEqual(['VIP']);
  });

  it('addresses and custom values: different keys merge', () => {
    const addr = (id: string, city: string) => ({ id, kind: 'office' as const, line: '', city, postalCode: '', country: 'RU' });
    const setup = (a: Ctx) => { const id = mkClient(a); value(setClientAddress(a, id, addr('a0', 'Тверь'))); return id; };
    const { docs: [d], s: id } = concurrently(setup,
      (a, id) => { value(setClientAddress(a, id, addr('a1', 'Москва'))); value(setCustomValue(a, id, 'f1', 1)); value(removeClientAddress(a, id, 'a0')); },
      (b, id) => { value(setClientAddress(b, id, addr('a2', 'Казань'))); value(setCustomValue(b, id, 'f2', 'x')); });
    const c = getClient(d, id)!;
    expect(c.addresses.map((x) => x.city).sort()).toEqual(['Казань', 'Москва']);
    expect(c.custom).toEqual({ f1: 1, f2: 'x' });
  });

  it('contacts: both laptops add contacts and edit different fields of one', () => {
    const setup = (a: Ctx) => { const id = mkClient(a); return { id, con: value(addContact(a, id, { name: 'Иван' })) }; };
    const { docs: [d], s } = concurrently(setup,
      (a, s) => { value(updateContactField(a, s.con, 'role', 'CEO')); value(addContact(a, s.id, { name: 'Пётр' })); },
      (b, s) => { value(updateContactField(b, s.con, 'phones', ['+7916'])); value(addContact(b, s.id, { name: 'Олег' })); });
    const cs = contactsOf(d, s.id);
    expect(cs.map((c) => c.name).sort()).toEqual(['Иван', 'Олег', 'Пётр']);
    expect(cs.find((c) => c.id === s.con)).toMatchObject({ role: 'CEO', phones: ['+7916'] });
  });

  it('contacts: delete on A while B edits keeps the edit on the hidden contact', () => {
    const setup = (a: Ctx) => { const id = mkClient(a); return { id, con: value(addContact(a, id, { name: 'Иван' })) }; };
    const { docs: [d], s } = concurrently(setup, (a, s) => value(deleteContact(a, s.con)), (b, s) => value(updateContactField(b, s.con, 'role', 'CEO')));
    expect(contactsOf(d, s.id)).toEqual([]);
    expect(peek.field(d, 'contacts', s.con, 'role')).toBe('CEO');
  });

  it('tasks: logging a call on both laptops closes the task once and both next tasks exist', () => {
    const setup = (a: Ctx) => { const id = mkClient(a); return { id, t: value(createTask(a, id, '2026-01-05', 'call')) }; };
    const next = { due: '2026-02-01', about: 'next' };
    const { docs: [d], s } = concurrently(setup,
      (a, s) => value(logInteraction(a, s.id, { kind: 'call', date: '2026-01-06', text: 'A', result: '', next })),
      (b, s) => value(logInteraction(b, s.id, { kind: 'meeting', date: '2026-01-07', text: 'B', result: '', next })));
    expect(peek.count(d, 'interactions')).toBe(2);
    expect(peek.field(d, 'tasks', s.t, 'doneAt')).not.toBe('');
    expect(peek.all(d, 'tasks').filter(([, t]) => !t.doneAt)).toHaveLength(2);
  });

  it('tasks: editing due date on A while B marks done keeps both', () => {
    const setup = (a: Ctx) => { const id = mkClient(a); return value(createTask(a, id, '2026-01-05', 'call')); };
    const { docs: [d], s: t } = concurrently(setup, (a, t) => value(updateTask(a, t, { due: '2026-01-09' })), (b, t) => value(updateTask(b, t, { doneAt: '2026-01-06T10:00:00Z' })));
    expect(peek.raw(d, 'tasks', t)).toMatchObject({ due: '2026-01-09', doneAt: '2026-01-06T10:00:00Z' });
  });

  it('settings and members: different keys merge, the same key has one winner', () => {
    const setup = (a: Ctx) => value(createMember(a, 'Анна', '#d62728'));
    const { docs: [d], s: m } = concurrently(setup,
      (a, m) => { value(setSetting(a, 'currency', 'EUR')); value(updateMember(a, m, { colour: '#000000' })); },
      (b, m) => { value(setSetting(b, 'currency', 'MKD')); value(setSetting(b, 'activeWindowDays', 90)); value(updateMember(b, m, { active: false })); });
    expect(['EUR', 'MKD']).toContain(settingsMap(d).get('currency'));
    expect(settingsMap(d).get('activeWindowDays')).toBe(90);
    expect(peek.raw(d, 'members', m)).toMatchObject({ colour: '#000000', active: false });
  });

  it('the same batch imported on both laptops: one copy of everything', () => {
    const b = makeBatch('both', 3, 10, 2);
    const { docs: [d] } = concurrently(() => null, (a) => value(applyBatch(a, b)), (x) => value(applyBatch(x, b)));
    expect(purchaseCount(d)).toBe(20);
    expect(peek.count(d, 'clients')).toBe(3);
    expect(peek.count(d, 'interactions')).toBe(3);
    expect(peek.count(d, 'contacts')).toBe(3);
  });

  it('undo on A while B edits an imported client: the client is hidden, B’s edit is kept and comes back on re-import', () => {
    const b = makeBatch('undo-edit', 2, 10);
    const setup = (a: Ctx) => { value(applyBatch(a, b)); return b.clientIds as [ClientId, ClientId]; };
    // A undoes without seeing B's edit, so it drops the client with the batch; B's edit stays in
    // the overlay (invisible without the base record) and is merged back when the file is re-imported.
    const { docs: [d], s: [c0, c1] } = concurrently(setup, (a) => value(undoBatch(a, b.id)), (x, [c0]) => value(updateClientField(x, c0, 'notes', 'B edit')));
    expect(purchaseCount(d)).toBe(0);
    expect(getClient(d, c0)).toBeNull();
    expect(getClient(d, c1)).toBeNull();
    expect(peek.count(d, 'interactions')).toBe(0);
    const ctx = replica().ctx;
    ctx.doc = d;
    value(applyBatch(ctx, b));
    expect(getClient(d, c0)).toMatchObject({ notes: 'B edit', deletedAt: '' });
    expect(purchaseCount(d)).toBe(10);
  });

  it('undo on A while B undoes too: undone once, no error', () => {
    const b = makeBatch('undo-undo', 2, 10);
    const { docs: [d] } = concurrently((a) => { value(applyBatch(a, b)); }, (a) => value(undoBatch(a, b.id)), (x) => value(undoBatch(x, b.id)));
    expect(purchaseCount(d)).toBe(0);
    expect(peek.count(d, 'clients')).toBe(0);
  });
});

describe('records created concurrently under the same deterministic id', () => {
  // Two laptops import the same file offline; A then edits an imported client before syncing.
  // With one nested Y.Map per record, both laptops wrote a map under the same key and Yjs kept
  // one: the edit vanished when the other laptop's map won (depends on the Yjs client ids).
  // The flat overlay layout fixed it; both orders are pinned here.
  function run(aId: number, bId: number): string {
    const a: Replica = replica('' as never, aId), b: Replica = replica('' as never, bId);
    const batch = makeBatch('same-file', 1, 3);
    value(applyBatch(a.ctx, batch));
    value(applyBatch(b.ctx, batch));
    value(updateClientField(a.ctx, batch.clientIds[0]!, 'notes', 'A edit before sync'));
    Y.applyUpdate(a.doc, Y.encodeStateAsUpdate(b.doc));
    Y.applyUpdate(b.doc, Y.encodeStateAsUpdate(a.doc));
    expect(state(a.doc)).toBe(state(b.doc));
    return getClient(a.doc, batch.clientIds[0]!)!.notes;
  }
  it('the edit survives when the editing laptop’s client id orders last', () => {
    expect(run(2, 1)).toBe('A edit before sync');
  });
  it('the edit survives when the other laptop’s client id orders last', () => {
    expect(run(1, 2)).toBe('A edit before sync');
  });
});

describe('an undo that keeps an edited import never rewrites what the overlay already holds', () => {
  // A imports and tags a client; B removes the tag; A, not having seen that, undoes the import and
  // keeps the client (it was worked on). A must not write the tag again: that write would be
  // concurrent with B's removal and bring the tag back when A's client id orders last.
  for (const [aId, bId] of [[10, 20], [20, 10]] as const) {
    it(`B’s tag removal survives (client ids A=${aId}, B=${bId})`, () => {
      const a = replica('' as never, aId), b = replica('' as never, bId);
      const batch = makeBatch('keep-tag', 1, 2);
      value(applyBatch(a.ctx, batch));
      const id = batch.clientIds[0]!;
      value(setClientTag(a.ctx, id, 'VIP', true));
      value(updateClientField(a.ctx, id, 'notes', 'A notes'));
      exchange(a.doc, b.doc);
      value(setClientTag(b.ctx, id, 'VIP', false));
      value(updateClientField(b.ctx, id, 'notes', 'B notes'));
      value(undoBatch(a.ctx, batch.id));
      exchange(a.doc, b.doc);
      expect(state(a.doc)).toBe(state(b.doc));
      expect(getClient(a.doc, id)).toMatchObject({ tags: [], notes: 'B notes', name: 'Импорт keep-tag 0' });
    });
  }
});

describe('an undo that keeps an edited import never overwrites concurrent edits', () => {
  // A edits an imported client, C sees that edit and undoes the import: C keeps the client. B,
  // concurrently, changed the phone. The kept client stays a BASE record (in a rewritten chunk),
  // never copied into the overlay, so B's edit wins whatever the client ids' order.
  function run(bId: number, cId: number): string[] {
    const a = replica('' as never, 5), b = replica('' as never, bId), c = replica('' as never, cId);
    const batch = makeBatch('keep-copy', 1, 2);
    value(applyBatch(a.ctx, batch));
    exchange(a.doc, b.doc, c.doc);
    const id = batch.clientIds[0]!;
    value(updateClientField(a.ctx, id, 'notes', 'A worked on it'));
    Y.applyUpdate(c.doc, Y.encodeStateAsUpdate(a.doc));
    value(updateClientField(b.ctx, id, 'phones', ['+79990000000']));
    value(undoBatch(c.ctx, batch.id));
    exchange(a.doc, b.doc, c.doc);
    expect(state(a.doc)).toBe(state(b.doc));
    expect(state(a.doc)).toBe(state(c.doc));
    return getClient(a.doc, id)!.phones;
  }
  it('B’s edit survives when B’s client id orders last', () => {
    expect(run(20, 10)).toEqual(['+79990000000']);
  });
  it('B’s edit survives when the undoing laptop’s client id orders last', () => {
    expect(run(10, 20)).toEqual(['+79990000000']);
  });
});
