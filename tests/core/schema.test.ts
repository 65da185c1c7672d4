import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { MIGRATIONS, SCHEMA_VERSION, openBase, storedSchemaVersion } from '../../src/core/schema/version';
import { meta, settingsMap } from '../../src/core/schema/layout';
import { makeCtx } from '../../src/core/commands/context';
import { createClient, updateClientField, setClientTag, deleteClient, restoreClient, setClientAddress, setCustomValue, removeClientAddress } from '../../src/core/commands/clients';
import { addContact, updateContactField, deleteContact } from '../../src/core/commands/contacts';
import { createMember, updateMember, createFieldDef, archiveFieldDef, setSetting } from '../../src/core/commands/team';
import { logInteraction, createTask, updateTask, completeTask, postponeTask } from '../../src/core/commands/work';
import { applyBatch, undoBatch } from '../../src/core/commands/batches';
import { loadSample } from '../../src/core/commands/sample';
import { batchIdFor } from '../../src/core/model/batch';
import type { ClientId } from '../../src/core/model/client';
import type { ContactId } from '../../src/core/model/contact';
import type { MemberId } from '../../src/core/model/member';
import type { FieldDefId } from '../../src/core/model/fieldDef';
import type { TaskId } from '../../src/core/model/task';
import { clock, countUpdates, exchange, value } from './helpers';

describe('migrations', () => {
  it('every migration has a target above the previous one and the last reaches SCHEMA_VERSION', () => {
    let prev = 0;
    for (const m of MIGRATIONS) { expect(m.to).toBeGreaterThan(prev); expect(m.why.length).toBeGreaterThan(0); prev = m.to; }
    expect(prev).toBe(SCHEMA_VERSION);
  });

  it('v1: a fresh doc gets a base id, creation time, default settings and the version stamp, in one update', () => {
    const doc = new Y.Doc();
    const u = countUpdates(doc);
    expect(openBase(doc)).toEqual({ mode: 'writable', migratedFrom: 0 });
    expect(u.n).toBe(1);
    expect(String(meta(doc).get('baseId'))).toMatch(/^base_/);
    expect(Number.isNaN(Date.parse(String(meta(doc).get('createdAt'))))).toBe(false);
    expect(settingsMap(doc).toJSON()).toEqual({ currency: 'RUB', defaultCountry: 'RU', activeWindowDays: 365 });
    expect(storedSchemaVersion(doc)).toBe(1);
  });

  it('v1 is idempotent and additive: existing settings and base id are kept', () => {
    const doc = new Y.Doc();
    meta(doc).set('baseId', 'base_keepme');
    settingsMap(doc).set('currency', 'MKD');
    MIGRATIONS[0]!.run(doc);
    MIGRATIONS[0]!.run(doc);
    expect(meta(doc).get('baseId')).toBe('base_keepme');
    expect(settingsMap(doc).get('currency')).toBe('MKD');
    expect(settingsMap(doc).get('defaultCountry')).toBe('RU');
  });

  it('opening an up-to-date base writes nothing', () => {
    const doc = new Y.Doc();
    openBase(doc);
    const u = countUpdates(doc);
    expect(openBase(doc)).toEqual({ mode: 'writable', migratedFrom: SCHEMA_VERSION });
    expect(u.n).toBe(0);
  });

  it('two laptops migrating concurrently converge on one base id and settings', () => {
    const a = new Y.Doc(), b = new Y.Doc();
    openBase(a); openBase(b);
    exchange(a, b);
    expect(meta(a).toJSON()).toEqual(meta(b).toJSON());
    expect(settingsMap(a).toJSON()).toEqual(settingsMap(b).toJSON());
  });

  it('a garbage version stamp counts as 0 and is migrated', () => {
    const doc = new Y.Doc();
    meta(doc).set('schemaVersion', 'two');
    expect(openBase(doc)).toEqual({ mode: 'writable', migratedFrom: 0 });
    expect(storedSchemaVersion(doc)).toBe(SCHEMA_VERSION);
  });
});

describe('a base written by a newer app', () => {
  function newerBase(): Y.Doc {
    const doc = new Y.Doc();
    openBase(doc);
    meta(doc).set('schemaVersion', SCHEMA_VERSION + 1);
    return doc;
  }

  it('opens read-only and writes nothing', () => {
    const doc = newerBase();
    const before = Y.encodeStateAsUpdate(doc);
    const u = countUpdates(doc);
    expect(openBase(doc)).toEqual({ mode: 'read-only', reason: 'newer-schema', stored: SCHEMA_VERSION + 1, app: SCHEMA_VERSION });
    expect(u.n).toBe(0);
    expect(Y.encodeStateAsUpdate(doc)).toEqual(before);
  });

  it('every command refuses with read-only and the doc does not change', () => {
    // Populate while writable, then flip the switch as the app does when it sees a newer schema.
    const doc = new Y.Doc();
    openBase(doc);
    let ro = false;
    const ctx = makeCtx(doc, '' as MemberId, () => ro, clock);
    const cid = value(createClient(ctx, { name: 'Альфа' }));
    const con = value(addContact(ctx, cid, { name: 'Иван' }));
    const mem = value(createMember(ctx, 'Анна'));
    const fld = value(createFieldDef(ctx, 'Размер', 'number'));
    const task = value(createTask(ctx, cid, '2026-01-10', 'call'));
    const bid = batchIdFor('h', 'm');
    value(applyBatch(ctx, { info: { id: bid, fileName: 'f', fileHash: 'h', entity: 'clients', rowsRead: 0, created: 0, updated: 0, skipped: 0, createdClientIds: [] }, clientsToCreate: [], clientsToUpdate: [], contactsToCreate: [], interactions: [], chunks: [] }));
    meta(doc).set('schemaVersion', SCHEMA_VERSION + 1);
    expect(openBase(doc).mode).toBe('read-only');
    ro = true;
    const before = Y.encodeStateAsUpdate(doc);
    const u = countUpdates(doc);
    const results = [
      createClient(ctx, { name: 'Бета' }),
      updateClientField(ctx, cid, 'notes', 'x'),
      setClientTag(ctx, cid, 'VIP', true),
      setClientAddress(ctx, cid, { id: 'a', kind: 'office', line: '', city: 'Москва', postalCode: '', country: 'RU' }),
      removeClientAddress(ctx, cid, 'a'),
      setCustomValue(ctx, cid, fld, 3),
      deleteClient(ctx, cid),
      restoreClient(ctx, cid),
      addContact(ctx, cid, { name: 'Петр' }),
      updateContactField(ctx, con as ContactId, 'role', 'CEO'),
      deleteContact(ctx, con as ContactId),
      createMember(ctx, 'Игорь'),
      updateMember(ctx, mem as MemberId, { name: 'Аня' }),
      createFieldDef(ctx, 'Цвет', 'text'),
      archiveFieldDef(ctx, fld as FieldDefId),
      setSetting(ctx, 'currency', 'EUR'),
      logInteraction(ctx, cid, { kind: 'call', date: '2026-01-10', text: '', result: '' }),
      createTask(ctx, cid, '2026-01-11', 'x'),
      updateTask(ctx, task as TaskId, { doneAt: 'now' }),
      completeTask(ctx, task as TaskId),
      postponeTask(ctx, task as TaskId, 1, '2026-01-10'),
      applyBatch(ctx, { info: { id: batchIdFor('h2', 'm'), fileName: 'f', fileHash: 'h2', entity: 'clients', rowsRead: 0, created: 0, updated: 0, skipped: 0, createdClientIds: [] }, clientsToCreate: [], clientsToUpdate: [], contactsToCreate: [], interactions: [], chunks: [] }),
      undoBatch(ctx, bid),
      loadSample(ctx, { clients: 3, lines: 10 }, 20_000),
    ];
    for (const r of results) expect(r).toEqual({ ok: false, error: 'read-only' });
    expect(u.n).toBe(0);
    expect(Y.encodeStateAsUpdate(doc)).toEqual(before);
  });

  it('a concurrent older stamp never downgrades a newer one, whichever Yjs client id wins', () => {
    for (const [ca, cb] of [[1, 2], [2, 1], [5, 100], [100, 5]] as const) {
      const a = new Y.Doc(), b = new Y.Doc();
      a.clientID = ca; b.clientID = cb;
      openBase(a); openBase(b); // two fresh laptops, each migrating its own empty base
      // A newer app on A migrates further (simulated: what a v+1 app's openBase writes).
      meta(a).set('schemaVersion', SCHEMA_VERSION + 1);
      meta(a).set(`schemaVersion:${SCHEMA_VERSION + 1}`, true);
      exchange(a, b);
      expect(storedSchemaVersion(a)).toBe(SCHEMA_VERSION + 1);
      expect(storedSchemaVersion(b)).toBe(SCHEMA_VERSION + 1);
      expect(openBase(b).mode).toBe('read-only');
    }
  });
});

export type { ClientId };
