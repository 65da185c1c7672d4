import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createClient, setClientTag, setCustomValue, updateClientField } from '../../src/core/commands/clients';
import { addContact } from '../../src/core/commands/contacts';
import { createTask, logInteraction } from '../../src/core/commands/work';
import { applyBatch } from '../../src/core/commands/batches';
import { mergeClients } from '../../src/core/commands/merge';
import { clientDataExport, eraseClient, ERASED_NAME, needsSweep, setOptOut, sweepErased } from '../../src/core/commands/privacy';
import { clientHistory, contactsOf, getClient } from '../../src/core/queries/clients';
import { allChunks, purchaseCount, purchasesOf } from '../../src/core/queries/purchases';
import { callListRows, mailingListRows } from '../../src/core/queries/segments';
import { storeOf } from '../../src/core/queries/store';
import type { ClientId } from '../../src/core/model/client';
import { makeBatch } from '../core/batchKit';
import { concurrently, encodedContains, replica, value } from './helpers';

describe('consent', () => {
  it('opt-out stores the date, logs it, writes nothing when unchanged, and lists leave the client out', () => {
    const { doc, ctx } = replica();
    const a = value(createClient(ctx, { name: 'Calls OK', phones: ['+79160000001'], emails: ['a@x.ru'] }));
    const b = value(createClient(ctx, { name: 'No calls', phones: ['+79160000002'], emails: ['b@x.ru'] }));
    expect(value(setOptOut(ctx, b, 'calls', true))).toBe(true);
    expect(value(setOptOut(ctx, b, 'calls', true))).toBe(false);
    expect(value(setOptOut(ctx, a, 'mailings', true))).toBe(true);
    expect(getClient(doc, b)!.optoutCalls).toMatch(/^\d{4}-/);
    expect(clientHistory(doc, b).map((h) => h.field)).toContain('optoutCalls');
    const all = [getClient(doc, a)!, getClient(doc, b)!];
    expect(callListRows(all).slice(1).map((r) => r[0])).toEqual(['Calls OK']);
    expect(mailingListRows(all).slice(1).map((r) => r[0])).toEqual(['No calls']);
    value(setOptOut(ctx, b, 'calls', false));
    expect(getClient(doc, b)!.optoutCalls).toBe('');
  });

  it('concurrent opt-outs of different channels both hold', () => {
    const { doc, s } = concurrently(
      (a) => value(createClient(a, { name: 'X' })),
      (a, id) => value(setOptOut(a, id, 'email', true)),
      (b, id) => value(setOptOut(b, id, 'sms', true)),
    );
    const c = getClient(doc, s)!;
    expect(c.optoutEmail).not.toBe('');
    expect(c.optoutSms).not.toBe('');
  });
});

describe('per-client data export', () => {
  it('includes the client, contacts, calls, tasks, purchases and history', () => {
    const { doc, ctx } = replica();
    const b = makeBatch('exp', 1, 5);
    value(applyBatch(ctx, b));
    const id = b.clientIds[0]!;
    value(updateClientField(ctx, id, 'notes', 'note'));
    value(createTask(ctx, id, '2026-05-01', 'call'));
    const e = value(clientDataExport(doc, id));
    expect(e.contacts).toHaveLength(1);
    expect(e.interactions).toHaveLength(1);
    expect(e.tasks).toHaveLength(1);
    expect(e.purchases).toHaveLength(5);
    expect(e.history.map((h) => h.field)).toContain('notes');
  });
});

describe('erase', () => {
  function setup() {
    const r = replica();
    const { doc, ctx } = r;
    const batch = makeBatch('er', 3, 30);
    value(applyBatch(ctx, batch));
    const id = batch.clientIds[1]!;
    // Personal data in every layer: base record, overlay edits, history, contacts, calls, tasks.
    value(updateClientField(ctx, id, 'notes', 'Паспорт 4510 123456'));
    value(updateClientField(ctx, id, 'notes', 'Живёт на улице Секретной'));
    value(updateClientField(ctx, id, 'emails', ['secret.person@example.org']));
    value(setClientTag(ctx, id, 'тайный-тег', true));
    value(setCustomValue(ctx, id, 'fld_aaaaaaaaaa', 'Кастом-секрет'));
    value(addContact(ctx, id, { name: 'Жена Секретова', phones: ['+79998887766'] }));
    value(logInteraction(ctx, id, { kind: 'call', date: '2026-02-02', text: 'Обсудили долг Секретова', result: '' }));
    value(createTask(ctx, id, '2026-06-01', 'Позвонить Секретову'));
    const other = batch.clientIds[0]!;
    return { doc, ctx, id, other, batch };
  }
  const SECRETS = ['Импорт er 1', '+79160000001', 'Контакт 1', 'Паспорт 4510', 'улице Секретной', 'secret.person@example.org', 'Кастом-секрет', 'Жена Секретова', '+79998887766', 'долг Секретова', 'Позвонить Секретову'];

  it('leaves no personal string in the encoded state; purchases and totals stay', () => {
    const { doc, ctx, id, other } = setup();
    const gcDoc = doc; expect(gcDoc.gc).toBe(true);
    for (const s of SECRETS) expect(encodedContains(doc, s), s).toBe(true);
    const linesBefore = purchasesOf(allChunks(doc), id).length;
    const total = purchaseCount(doc);
    const r = value(eraseClient(ctx, id));
    expect(r.chunksRewritten).toBeGreaterThan(0);
    for (const s of SECRETS) expect(encodedContains(doc, s), s).toBe(false);
    // Documented limit: Yjs keeps the KEY of a deleted map entry, and a tag lives in the key
    // (`<id>|tag:<name>`), so a tag's name stays in the document (its value is gone). Tags are
    // team labels; the erase screen says not to put personal data in them.
    expect(encodedContains(doc, 'тайный-тег')).toBe(true);
    expect(getClient(doc, id)!.tags).toEqual([]);
    // And on a laptop that receives the whole state afterwards.
    const fresh = new Y.Doc();
    Y.applyUpdate(fresh, Y.encodeStateAsUpdate(doc));
    for (const s of SECRETS) expect(encodedContains(fresh, s), s).toBe(false);
    const c = getClient(doc, id)!;
    expect(c.name).toBe(ERASED_NAME);
    expect(c.erasedAt).not.toBe('');
    expect(c.deletedAt).not.toBe('');
    expect(c.phones).toEqual([]);
    expect(contactsOf(doc, id)).toEqual([]);
    expect(purchasesOf(allChunks(doc), id).length).toBe(linesBefore);
    expect(purchaseCount(doc)).toBe(total);
    expect(clientHistory(doc, id).map((h) => h.field)).toEqual(['erased']);
    // Other clients of the same chunk are untouched.
    expect(getClient(doc, other)!.name).toBe('Импорт er 0');
    expect(contactsOf(doc, other)).toHaveLength(1);
    expect(needsSweep(doc)).toBe(false);
    expect(sweepErased(ctx)).toEqual({ ok: true, value: null });
  });

  it('erases the clients merged into it too', () => {
    const { doc, ctx } = replica();
    const s = value(createClient(ctx, { name: 'Survivor Secretov' }));
    const l = value(createClient(ctx, { name: 'Loser Secretov', phones: ['+70001112233'] }));
    value(mergeClients(ctx, s, l));
    value(eraseClient(ctx, s));
    for (const x of ['Survivor Secretov', 'Loser Secretov', '+70001112233']) expect(encodedContains(doc, x), x).toBe(false);
    expect(getClient(doc, l)!.erasedAt).not.toBe('');
  });

  it('a peer that edited the client offline: after sync and sweep nothing personal remains, in either order', () => {
    const { doc, ctx, s } = concurrently(
      (a) => { const b = makeBatch('er2', 2, 10); value(applyBatch(a, b)); return b.clientIds as ClientId[]; },
      (a, ids) => value(eraseClient(a, ids[0]!)),
      (b, ids) => { value(updateClientField(b, ids[0]!, 'notes', 'Офлайн-секрет')); value(addContact(b, ids[0]!, { name: 'Офлайн-контакт' })); value(eraseClient(b, ids[1]!)); },
    );
    expect(needsSweep(doc)).toBe(true);
    value(sweepErased(ctx));
    expect(needsSweep(doc)).toBe(false);
    for (const x of ['Офлайн-секрет', 'Офлайн-контакт', 'Импорт er2 0', 'Импорт er2 1', 'Контакт 0', 'Контакт 1']) expect(encodedContains(doc, x), x).toBe(false);
    expect(getClient(doc, s[0]!)!.name).toBe(ERASED_NAME);
    expect(getClient(doc, s[1]!)!.name).toBe(ERASED_NAME);
    expect(purchaseCount(doc)).toBe(10);
    const store = storeOf(doc);
    expect([...store.ids('contacts')]).toEqual([]);
  });
});
