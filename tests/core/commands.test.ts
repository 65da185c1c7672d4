import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { settingsMap } from '../../src/core/schema/layout';
import * as peek from './peek';
import { makeCtx } from '../../src/core/commands/context';
import {
  createClient, updateClientField, setClientTag, setClientAddress, removeClientAddress, setCustomValue, deleteClient, restoreClient,
} from '../../src/core/commands/clients';
import { addContact, updateContactField, deleteContact } from '../../src/core/commands/contacts';
import { createMember, updateMember, createFieldDef, archiveFieldDef, setSetting } from '../../src/core/commands/team';
import { logInteraction, createTask, updateTask, completeTask, postponeTask } from '../../src/core/commands/work';
import { applyBatch, undoBatch } from '../../src/core/commands/batches';
import { loadSample } from '../../src/core/commands/sample';
import { getClient, clientHistory, contactsOf, listMembers, listFieldDefs } from '../../src/core/queries/clients';
import { allChunks, listBatches, purchaseCount, purchasesOf } from '../../src/core/queries/purchases';
import { generateSample } from '../../src/core/sample/generate';
import { newClientId, type ClientId } from '../../src/core/model/client';
import type { MemberId } from '../../src/core/model/member';
import type { TaskId } from '../../src/core/model/task';
import { encodeChunk } from '../../src/core/model/purchaseEncode';
import { clock, countUpdates, exchange, replica, state, value } from './helpers';
import { makeBatch } from './batchKit';

const ME = 'mem_0123456789abcdef' as MemberId;

describe('clients', () => {
  it('create → read back with defaults, stamps and the creator', () => {
    const { doc, ctx } = replica(ME);
    const id = value(createClient(ctx, { name: '  Альфа ', legalForm: 'ООО', tags: ['VIP', 'опт'], phones: ['+79161234567'] }));
    const c = getClient(doc, id)!;
    expect(c).toMatchObject({ id, name: 'Альфа', legalForm: 'ООО', tags: ['VIP', 'опт'], kind: 'company', deletedAt: '', createdBy: ME, updatedBy: ME });
    expect(c.createdAt).toBe(c.updatedAt);
    expect(createClient(ctx, { name: '   ' })).toEqual({ ok: false, error: 'name must not be empty' });
    expect(createClient(ctx, { name: 'Дубль' }, id)).toEqual({ ok: false, error: 'client exists' });
    expect(getClient(doc, id)!.name).toBe('Альфа');
  });

  it('each command is exactly one update (one disk record, one message)', () => {
    const { doc, ctx } = replica(ME);
    const u = countUpdates(doc);
    const id = value(createClient(ctx, { name: 'A' }));
    expect(u.n).toBe(1);
    value(updateClientField(ctx, id, 'notes', 'x'));
    expect(u.n).toBe(2);
    value(logInteraction(ctx, id, { kind: 'call', date: '2026-01-01', text: '', result: '', next: { due: '2026-01-08', about: 'x' } }));
    expect(u.n).toBe(3);
  });

  it('field edit: writes nothing when the value is unchanged, logs history otherwise', () => {
    const { doc, ctx } = replica(ME);
    const id = value(createClient(ctx, { name: 'Альфа', notes: 'a' }));
    const u = countUpdates(doc);
    const before = Y.encodeStateAsUpdate(doc);
    expect(updateClientField(ctx, id, 'notes', 'a')).toEqual({ ok: true, value: false });
    expect(updateClientField(ctx, id, 'name', ' Альфа ')).toEqual({ ok: true, value: false }); // trimmed = same
    expect(updateClientField(ctx, id, 'phones', [])).toEqual({ ok: true, value: false });
    expect(u.n).toBe(0);
    expect(Y.encodeStateAsUpdate(doc)).toEqual(before);
    expect(updateClientField(ctx, id, 'notes', 'b')).toEqual({ ok: true, value: true });
    expect(updateClientField(ctx, id, 'phones', ['+7 916', ' '])).toEqual({ ok: true, value: true });
    expect(u.n).toBe(2);
    const c = getClient(doc, id)!;
    expect(c.notes).toBe('b');
    expect(c.phones).toEqual(['+7 916']);
    expect(c.updatedAt > c.createdAt).toBe(true);
    const h = clientHistory(doc, id);
    expect(h.map((e) => [e.field, e.from, e.to, e.by])).toEqual([['notes', 'a', 'b', ME], ['phones', null, ['+7 916'], ME]]);
  });

  it('field edit refuses bad values and unknown clients without writing', () => {
    const { doc, ctx } = replica(ME);
    const id = value(createClient(ctx, { name: 'A' }));
    const u = countUpdates(doc);
    expect(updateClientField(ctx, id, 'name', '').ok).toBe(false);
    expect(updateClientField(ctx, id, 'isKey', 'yes').ok).toBe(false);
    expect(updateClientField(ctx, newClientId(), 'notes', 'x')).toEqual({ ok: false, error: 'no such client' });
    expect(u.n).toBe(0);
  });

  it('history keeps every change of every client, in order, and only that client’s', () => {
    const { doc, ctx } = replica(ME);
    const id = value(createClient(ctx, { name: 'A' }));
    const other = value(createClient(ctx, { name: 'B' }));
    for (let i = 0; i < 520; i++) value(updateClientField(ctx, id, 'notes', `n${i}`));
    value(updateClientField(ctx, other, 'notes', 'x'));
    const h = clientHistory(doc, id);
    expect(h.length).toBe(520); // unbounded since the flat layout (see report)
    expect(h.at(-1)!.to).toBe('n519');
    expect(h[1]).toMatchObject({ from: 'n0', to: 'n1' });
    expect(clientHistory(doc, other)).toHaveLength(1);
  });

  it('tags are a set', () => {
    const { doc, ctx } = replica(ME);
    const id = value(createClient(ctx, { name: 'A' }));
    expect(setClientTag(ctx, id, ' VIP ', true)).toEqual({ ok: true, value: true });
    expect(setClientTag(ctx, id, 'VIP', true)).toEqual({ ok: true, value: false });
    expect(setClientTag(ctx, id, 'опт', true).ok).toBe(true);
    expect(getClient(doc, id)!.tags).toEqual(['VIP', 'опт']);
    expect(setClientTag(ctx, id, 'VIP', false)).toEqual({ ok: true, value: true });
    expect(setClientTag(ctx, id, 'VIP', false)).toEqual({ ok: true, value: false });
    expect(setClientTag(ctx, id, '  ', true).ok).toBe(false);
    expect(getClient(doc, id)!.tags).toEqual(['опт']);
    expect(clientHistory(doc, id).filter((e) => e.field === 'tags').length).toBe(3);
  });

  it('addresses: add, change, no-op, remove', () => {
    const { doc, ctx } = replica(ME);
    const id = value(createClient(ctx, { name: 'A' }));
    const a = { id: 'a1', kind: 'office' as const, line: 'ул. Ленина, 1', city: 'Москва', postalCode: '101000', country: 'RU' };
    expect(setClientAddress(ctx, id, a)).toEqual({ ok: true, value: true });
    expect(setClientAddress(ctx, id, { ...a })).toEqual({ ok: true, value: false });
    expect(setClientAddress(ctx, id, { ...a, city: 'Казань' })).toEqual({ ok: true, value: true });
    expect(setClientAddress(ctx, id, { ...a, id: 'a2', kind: 'legal' })).toEqual({ ok: true, value: true });
    expect(getClient(doc, id)!.addresses.map((x) => x.city).sort()).toEqual(['Казань', 'Москва']);
    expect(removeClientAddress(ctx, id, 'a1')).toEqual({ ok: true, value: true });
    expect(removeClientAddress(ctx, id, 'a1')).toEqual({ ok: true, value: false });
    expect(getClient(doc, id)!.addresses.map((x) => x.id)).toEqual(['a2']);
    expect(setClientAddress(ctx, id, { kind: 'x' } as never).ok).toBe(false);
  });

  it('custom values: set, unchanged, clear', () => {
    const { doc, ctx } = replica(ME);
    const id = value(createClient(ctx, { name: 'A', custom: { f0: 'x' } }));
    const fid = value(createFieldDef(ctx, 'Объём', 'number'));
    expect(getClient(doc, id)!.custom).toEqual({ f0: 'x' });
    expect(setCustomValue(ctx, id, fid, 12)).toEqual({ ok: true, value: true });
    expect(setCustomValue(ctx, id, fid, 12)).toEqual({ ok: true, value: false });
    expect(getClient(doc, id)!.custom[fid]).toBe(12);
    expect(setCustomValue(ctx, id, fid, null)).toEqual({ ok: true, value: true });
    expect(fid in getClient(doc, id)!.custom).toBe(false);
    expect(clientHistory(doc, id).map((e) => e.field)).toEqual([`custom:${fid}`, `custom:${fid}`]);
  });

  it('delete and restore are soft, idempotent and keep edits made while deleted', () => {
    const { doc, ctx } = replica(ME);
    const id = value(createClient(ctx, { name: 'A' }));
    expect(deleteClient(ctx, id)).toEqual({ ok: true, value: true });
    expect(deleteClient(ctx, id)).toEqual({ ok: true, value: false });
    expect(getClient(doc, id)!.deletedAt).not.toBe('');
    value(updateClientField(ctx, id, 'notes', 'edited while hidden'));
    expect(restoreClient(ctx, id)).toEqual({ ok: true, value: true });
    expect(restoreClient(ctx, id)).toEqual({ ok: true, value: false });
    expect(getClient(doc, id)).toMatchObject({ deletedAt: '', notes: 'edited while hidden' });
    expect(clientHistory(doc, id).map((e) => e.field)).toEqual(['deleted', 'notes', 'deleted']);
    expect(deleteClient(ctx, newClientId()).ok).toBe(false);
  });
});

describe('contacts', () => {
  it('add, edit, delete, restore; refuse bad fields and unknown clients', () => {
    const { doc, ctx } = replica(ME);
    const cid = value(createClient(ctx, { name: 'A' }));
    const id = value(addContact(ctx, cid, { name: 'Иван', phones: [' +7 ', ''], birthday: '1980-05-01' }));
    expect(contactsOf(doc, cid)).toMatchObject([{ id, name: 'Иван', phones: ['+7'], birthday: '1980-05-01', clientId: cid }]);
    expect(addContact(ctx, cid, { birthday: '1980-02-30' }).ok).toBe(false);
    expect(addContact(ctx, newClientId(), { name: 'X' })).toEqual({ ok: false, error: 'no such client' });
    expect(updateContactField(ctx, id, 'role', 'CEO')).toEqual({ ok: true, value: true });
    expect(updateContactField(ctx, id, 'role', 'CEO')).toEqual({ ok: true, value: false });
    expect(updateContactField(ctx, id, 'emails', 'a@b').ok).toBe(false);
    expect(deleteContact(ctx, id).ok).toBe(true);
    expect(contactsOf(doc, cid)).toEqual([]);
    expect(deleteContact(ctx, id, true).ok).toBe(true);
    expect(contactsOf(doc, cid)[0]!.role).toBe('CEO');
    expect(peek.count(doc, 'contacts')).toBe(1);
  });
});

describe('team: members, field definitions, settings', () => {
  it('members: create (idempotent per id), update, validation', () => {
    const { doc, ctx } = replica(ME);
    const id = value(createMember(ctx, ' Анна ', '#d62728'));
    expect(createMember(ctx, 'Другая', '#000000', id)).toEqual({ ok: true, value: id });
    expect(listMembers(doc)).toMatchObject([{ id, name: 'Анна', colour: '#d62728', active: true }]);
    expect(createMember(ctx, '', '#000000').ok).toBe(false);
    expect(createMember(ctx, 'X', 'red').ok).toBe(false);
    expect(updateMember(ctx, id, { active: false })).toEqual({ ok: true, value: true });
    expect(updateMember(ctx, id, { active: false })).toEqual({ ok: true, value: false });
    expect(listMembers(doc)[0]!.active).toBe(false);
  });

  it('a refused member update writes nothing at all', () => {
    const { doc, ctx } = replica(ME);
    const id = value(createMember(ctx, 'Анна', '#d62728'));
    const before = Y.encodeStateAsUpdate(doc);
    expect(updateMember(ctx, id, { colour: '#000000', name: '  ' }).ok).toBe(false);
    expect(updateMember(ctx, id, { colour: 'red' }).ok).toBe(false);
    expect(Y.encodeStateAsUpdate(doc)).toEqual(before);
    expect(listMembers(doc)[0]!.colour).toBe('#d62728');
  });

  it('field definitions: ordered, typed, archivable', () => {
    const { doc, ctx } = replica(ME);
    const a = value(createFieldDef(ctx, 'Размер', 'number'));
    const b = value(createFieldDef(ctx, 'Сорт', 'choice', [' A ', '', 'B']));
    expect(createFieldDef(ctx, 'X', 'choice', ['  ']).ok).toBe(false);
    expect(createFieldDef(ctx, ' ', 'text').ok).toBe(false);
    expect(createFieldDef(ctx, 'X', 'blob' as never).ok).toBe(false);
    expect(listFieldDefs(doc).map((f) => [f.id, f.type, f.choices])).toEqual([[a, 'number', []], [b, 'choice', ['A', 'B']]]);
    value(archiveFieldDef(ctx, a));
    expect(listFieldDefs(doc)[0]!.archived).toBe(true);
  });

  it('settings are validated and unchanged values are not rewritten', () => {
    const { doc, ctx } = replica(ME);
    expect(setSetting(ctx, 'currency', 'eur').ok).toBe(false);
    expect(setSetting(ctx, 'currency', 'EURO').ok).toBe(false);
    expect(setSetting(ctx, 'defaultCountry', 'MKD').ok).toBe(false);
    expect(setSetting(ctx, 'activeWindowDays', 0).ok).toBe(false);
    expect(setSetting(ctx, 'activeWindowDays', '30').ok).toBe(false);
    expect(setSetting(ctx, 'currency', 'MKD')).toEqual({ ok: true, value: true });
    expect(setSetting(ctx, 'currency', 'MKD')).toEqual({ ok: true, value: false });
    expect(setSetting(ctx, 'activeWindowDays', 90)).toEqual({ ok: true, value: true });
    expect(settingsMap(doc).toJSON()).toEqual({ currency: 'MKD', defaultCountry: 'RU', activeWindowDays: 90 });
  });
});

describe('interactions and tasks', () => {
  it('logInteraction closes the client’s due tasks (only those) and creates the next one', () => {
    const { doc, ctx } = replica(ME);
    const cid = value(createClient(ctx, { name: 'A' }));
    const other = value(createClient(ctx, { name: 'B' }));
    const past = value(createTask(ctx, cid, '2026-01-05', 'old'));
    const today = value(createTask(ctx, cid, '2026-01-10', 'today'));
    const future = value(createTask(ctx, cid, '2026-02-01', 'later'));
    const others = value(createTask(ctx, other, '2026-01-01', 'other client'));
    const r = value(logInteraction(ctx, cid, { kind: 'call', date: '2026-01-10', text: 'Позвонил', result: 'Ждут КП', next: { due: '2026-01-17', about: 'Отправить КП' } }));
    const done = (id: TaskId) => Boolean(peek.field(doc, 'tasks', id, 'doneAt'));
    expect([done(past), done(today), done(future), done(others)]).toEqual([true, true, false, false]);
    expect(r.task).not.toBeNull();
    expect(peek.raw(doc, 'tasks', r.task!)).toMatchObject({ clientId: cid, due: '2026-01-17', about: 'Отправить КП', assigneeId: ME });
    expect(done(r.task!)).toBe(false);
    expect(peek.raw(doc, 'interactions', r.interaction)).toMatchObject({ clientId: cid, kind: 'call', date: '2026-01-10', memberId: ME, result: 'Ждут КП' });
    expect(logInteraction(ctx, cid, { kind: 'call', date: '2026-01-10', text: '', result: '' }).ok && true).toBe(true);
    expect(peek.count(doc, 'tasks')).toBe(5); // no next → no new task
  });

  it('refuses bad input without writing', () => {
    const { doc, ctx } = replica(ME);
    const cid = value(createClient(ctx, { name: 'A' }));
    const u = countUpdates(doc);
    expect(logInteraction(ctx, cid, { kind: 'séance' as never, date: '2026-01-10', text: '', result: '' }).ok).toBe(false);
    expect(logInteraction(ctx, cid, { kind: 'call', date: '10.01.2026', text: '', result: '' }).ok).toBe(false);
    expect(logInteraction(ctx, cid, { kind: 'call', date: '2026-01-10', text: '', result: '', next: { due: 'soon', about: '' } }).ok).toBe(false);
    expect(logInteraction(ctx, newClientId(), { kind: 'call', date: '2026-01-10', text: '', result: '' }).ok).toBe(false);
    expect(createTask(ctx, cid, '2026-13-01', 'x').ok).toBe(false);
    expect(u.n).toBe(0);
  });

  it('completeTask and postponeTask (an overdue contact moves from today)', () => {
    const { doc, ctx } = replica(ME);
    const cid = value(createClient(ctx, { name: 'A' }));
    const overdue = value(createTask(ctx, cid, '2026-01-01', 'x'));
    const future = value(createTask(ctx, cid, '2026-03-01', 'y'));
    expect(postponeTask(ctx, overdue, 1, '2026-01-10')).toEqual({ ok: true, value: '2026-01-11' });
    expect(postponeTask(ctx, future, 7, '2026-01-10')).toEqual({ ok: true, value: '2026-03-08' });
    expect(postponeTask(ctx, future, 0, '2026-01-10').ok).toBe(false);
    expect(postponeTask(ctx, future, 1, 'today').ok).toBe(false);
    expect(completeTask(ctx, overdue)).toEqual({ ok: true, value: true });
    expect(completeTask(ctx, overdue)).toEqual({ ok: true, value: false });
    expect(Boolean(peek.field(doc, 'tasks', overdue, 'doneAt'))).toBe(true);
    expect(completeTask(ctx, 'tsk_nonexistent0000' as TaskId).ok).toBe(false);
  });

  it('updateTask changes only what differs', () => {
    const { doc, ctx } = replica(ME);
    const cid = value(createClient(ctx, { name: 'A' }));
    const t = value(createTask(ctx, cid, '2026-01-05', 'x'));
    expect(updateTask(ctx, t, { about: 'x' })).toEqual({ ok: true, value: false });
    expect(updateTask(ctx, t, { due: '2026-01-06' })).toEqual({ ok: true, value: true });
    expect(updateTask(ctx, t, { due: 'x' }).ok).toBe(false);
    expect(peek.field(doc, 'tasks', t, 'due')).toBe('2026-01-06');
  });
});

describe('import batches', () => {
  it('applyBatch writes everything; the same batch again changes nothing', () => {
    const { doc, ctx } = replica(ME);
    const b = makeBatch('k1', 3, 20, 2);
    expect(applyBatch(ctx, b)).toEqual({ ok: true, value: { alreadyPresent: false } });
    expect(purchaseCount(doc)).toBe(40);
    expect(peek.count(doc, 'clients')).toBe(3);
    expect(peek.count(doc, 'contacts')).toBe(3);
    expect(peek.count(doc, 'interactions')).toBe(3);
    expect(listBatches(doc)).toMatchObject([{ id: b.id, createdClientIds: b.clientIds, undoneAt: '', createdBy: ME }]);
    const before = state(doc);
    const u = countUpdates(doc);
    expect(applyBatch(ctx, b)).toEqual({ ok: true, value: { alreadyPresent: true } });
    expect(u.n).toBe(0);
    expect(state(doc)).toBe(before);
  });

  it('refuses a batch with a malformed chunk and writes nothing', () => {
    const { doc, ctx } = replica(ME);
    const b = makeBatch('bad', 1, 5);
    const broken = b.chunks[0]!.slice(0, -3);
    const u = countUpdates(doc);
    expect(applyBatch(ctx, { ...b, chunks: [broken] }).ok).toBe(false);
    expect(u.n).toBe(0);
  });

  it('undoBatch drops chunks and interactions, soft-deletes untouched created clients, keeps edited ones', () => {
    const { doc, ctx } = replica(ME);
    const b = makeBatch('k2', 3, 10);
    value(applyBatch(ctx, b));
    const [c0, c1, c2] = b.clientIds as [ClientId, ClientId, ClientId];
    value(updateClientField(ctx, c1, 'notes', 'a manager wrote this'));
    value(setClientTag(ctx, c2, 'VIP', true));
    expect(undoBatch(ctx, b.id)).toEqual({ ok: true, value: { clientsRemoved: 1 } });
    expect(purchaseCount(doc)).toBe(0);
    expect(allChunks(doc)).toEqual([]);
    expect(peek.batchChunks(doc, b.id)).toEqual([]);
    expect(peek.count(doc, 'interactions')).toBe(0);
    expect(getClient(doc, c0)).toBeNull(); // untouched: gone with its batch
    expect(getClient(doc, c1)).toMatchObject({ deletedAt: '', notes: 'a manager wrote this', name: 'Импорт k2 1' });
    expect(getClient(doc, c2)).toMatchObject({ deletedAt: '', tags: ['VIP'] });
    expect(contactsOf(doc, c1)).toEqual([]); // the batch's own contacts go with it
    expect(listBatches(doc)[0]!.undoneAt).not.toBe('');
    expect(undoBatch(ctx, b.id)).toEqual({ ok: true, value: { clientsRemoved: 0 } });
    expect(undoBatch(ctx, makeBatch('none', 0, 0).id).ok).toBe(false);
  });

  it('undo keeps an imported client someone worked on (contact, call, task) and leaves nothing pointing nowhere', () => {
    const { doc, ctx } = replica(ME);
    const b = makeBatch('k-work', 4, 10);
    value(applyBatch(ctx, b));
    const [c0, c1, c2, c3] = b.clientIds as [ClientId, ClientId, ClientId, ClientId];
    value(addContact(ctx, c0, { name: 'Новый контакт' }));
    value(logInteraction(ctx, c1, { kind: 'call', date: '2026-01-10', text: 'звонок', result: '' }));
    value(createTask(ctx, c2, '2026-01-20', 'перезвонить'));
    expect(undoBatch(ctx, b.id)).toEqual({ ok: true, value: { clientsRemoved: 1 } });
    expect(getClient(doc, c3)).toBeNull();
    for (const c of [c0, c1, c2]) expect(getClient(doc, c)).not.toBeNull();
    for (const kind of ['contacts', 'interactions', 'tasks'] as const) {
      for (const [id, r] of peek.all(doc, kind)) expect(peek.has(doc, 'clients', String(r.clientId)), `${kind} ${id}`).toBe(true);
    }
    expect(contactsOf(doc, c0).map((c) => c.name)).toEqual(['Новый контакт']);
  });

  it('an undone batch frees its purchase bytes', () => {
    const { doc, ctx } = replica(ME);
    const small = Y.encodeStateAsUpdate(doc).byteLength;
    const b = makeBatch('big', 2, 3000);
    value(applyBatch(ctx, b));
    expect(Y.encodeStateAsUpdate(doc).byteLength).toBeGreaterThan(small + 50_000);
    value(undoBatch(ctx, b.id));
    expect(Y.encodeStateAsUpdate(doc).byteLength).toBeLessThan(small + 10_000);
  });

  it('re-import after undo restores clients, interactions and purchases (untouched clients are removable again)', () => {
    const { doc, ctx } = replica(ME);
    const b = makeBatch('k3', 2, 10);
    value(applyBatch(ctx, b));
    value(undoBatch(ctx, b.id));
    expect(applyBatch(ctx, b)).toEqual({ ok: true, value: { alreadyPresent: false } });
    expect(purchaseCount(doc)).toBe(10);
    expect(peek.count(doc, 'interactions')).toBe(2);
    for (const id of b.clientIds) expect(getClient(doc, id)!.deletedAt).toBe('');
    expect(listBatches(doc)[0]).toMatchObject({ undoneAt: '', createdClientIds: b.clientIds });
    expect(contactsOf(doc, b.clientIds[0]!)).toHaveLength(1);
    expect(undoBatch(ctx, b.id)).toEqual({ ok: true, value: { clientsRemoved: 2 } });
  });

  it('a batch that updates existing clients and whose lines belong to them', () => {
    const { doc, ctx } = replica(ME);
    const cid = value(createClient(ctx, { name: 'Старый', notes: 'keep' }));
    const b = makeBatch('k4', 0, 5, 1, [cid]);
    value(applyBatch(ctx, { ...b, clientsToUpdate: [{ id: cid, fields: { segment: 'Опт', notes: 'keep' } }] }));
    expect(getClient(doc, cid)).toMatchObject({ segment: 'Опт', notes: 'keep' });
    expect(purchasesOf(allChunks(doc), cid).length).toBe(5);
    value(undoBatch(ctx, b.id));
    expect(getClient(doc, cid)!.deletedAt).toBe(''); // not created by the batch: never removed
  });

  it('two laptops importing the same file converge without doubling', () => {
    const a = replica(ME, 11), c = replica(ME, 12);
    const b = makeBatch('k5', 3, 10);
    value(applyBatch(a.ctx, b));
    value(applyBatch(c.ctx, b));
    exchange(a.doc, c.doc);
    expect(state(a.doc)).toBe(state(c.doc));
    expect(purchaseCount(a.doc)).toBe(10);
    expect(peek.count(a.doc, 'clients')).toBe(3);
    expect(peek.count(a.doc, 'batches')).toBe(1);
  });
});

describe('sample', () => {
  const size = { clients: 40, lines: 600 };
  it('generateSample is deterministic and consistent', () => {
    const s1 = generateSample(size, 20_500, 7), s2 = generateSample(size, 20_500, 7);
    expect(JSON.stringify({ ...s1, chunks: s1.chunks.map((c) => Array.from(c)) })).toBe(JSON.stringify({ ...s2, chunks: s2.chunks.map((c) => Array.from(c)) }));
    expect(s1.lines).toBe(600);
    const ids = new Set(s1.clients.map((c) => c.id));
    expect(ids.size).toBe(40);
    for (const x of [...s1.contacts, ...s1.interactions, ...s1.tasks]) expect(ids.has(x.clientId)).toBe(true);
    expect(generateSample(size, 20_500, 8).clients[0]!.id).not.toBe(s1.clients[0]!.id);
    expect(encodeChunk([]).byteLength).toBeGreaterThan(0);
  });

  it('two laptops loading the same sample converge to one copy; loading twice is a no-op', () => {
    const a = replica(ME, 21), b = replica('' as MemberId, 22);
    expect(loadSample(a.ctx, size, 20_500)).toEqual({ ok: true, value: { clients: 40, lines: 600 } });
    value(loadSample(b.ctx, size, 20_500));
    const once = state(a.doc);
    value(loadSample(a.ctx, size, 20_500));
    expect(state(a.doc)).toBe(once);
    exchange(a.doc, b.doc);
    expect(state(a.doc)).toBe(state(b.doc));
    expect(peek.count(a.doc, 'clients')).toBe(40);
    expect(peek.count(a.doc, 'members')).toBe(3);
    expect(purchaseCount(a.doc)).toBe(600);
    expect(peek.count(a.doc, 'batches')).toBe(1);
  });

  it('the sample undoes like any import', () => {
    const { doc, ctx } = replica(ME);
    value(loadSample(ctx, size, 20_500));
    const bid = listBatches(doc)[0]!.id;
    expect(undoBatch(ctx, bid)).toEqual({ ok: true, value: { clientsRemoved: 40 } });
    expect(purchaseCount(doc)).toBe(0);
  });
});

describe('ctx', () => {
  it('commands carry an origin naming the command and the member', () => {
    const doc = new Y.Doc();
    const ctx = makeCtx(doc, ME, () => false, clock);
    const origins: unknown[] = [];
    doc.on('update', (_u: Uint8Array, o: unknown) => origins.push(o));
    value(createClient(ctx, { name: 'A' }));
    expect(origins).toEqual([{ kind: 'command', name: 'createClient', member: ME }]);
  });
});
