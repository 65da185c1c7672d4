import * as Y from 'yjs';
import { collection, type YRecord } from '../schema/layout';
import {
  type Address, type Client, type ClientId, type ClientScalarField, type CustomValue,
  CLIENT_SCALAR_FIELDS, defaultClient, newClientId, validateAddress, validateClientField,
} from '../model/client';
import { err, ok, type Result } from '../util/result';
import { run, type Ctx } from './context';

/** One entry of a client's change log: who changed which field from what to what. */
export interface HistoryEntry { at: string; by: string; field: string; from: unknown; to: unknown }

const HISTORY_LIMIT = 500; // keep the log bounded per client; old entries are the least useful

function stamp(ctx: Ctx, m: YRecord): void {
  m.set('updatedAt', ctx.now());
  m.set('updatedBy', ctx.me);
}

function logChange(ctx: Ctx, m: YRecord, field: string, from: unknown, to: unknown): void {
  let h = m.get('history');
  if (!(h instanceof Y.Array)) { h = new Y.Array<HistoryEntry>(); m.set('history', h); }
  const arr = h as Y.Array<HistoryEntry>;
  arr.push([{ at: ctx.now(), by: ctx.me, field, from: from ?? null, to: to ?? null }]);
  if (arr.length > HISTORY_LIMIT) arr.delete(0, arr.length - HISTORY_LIMIT);
}

/** Writes a complete new client record as a Y.Map (used by create and by import). */
export function writeNewClient(col: Y.Map<YRecord>, c: Client): YRecord {
  const m = new Y.Map<unknown>();
  col.set(c.id, m);
  for (const f of CLIENT_SCALAR_FIELDS) m.set(f, c[f]);
  for (const f of ['createdAt', 'createdBy', 'updatedAt', 'updatedBy', 'deletedAt'] as const) m.set(f, c[f]);
  m.set('id', c.id);
  const tags = new Y.Map<boolean>();
  for (const t of c.tags) tags.set(t, true);
  m.set('tags', tags);
  const addr = new Y.Map<Address>();
  for (const a of c.addresses) addr.set(a.id, a);
  m.set('addresses', addr);
  const custom = new Y.Map<CustomValue>();
  for (const [k, v] of Object.entries(c.custom)) if (v !== null) custom.set(k, v);
  m.set('custom', custom);
  // Created with the record, not on the first edit: two laptops lazily creating it concurrently
  // would each set their own array under 'history', and the losing laptop's entries would vanish.
  m.set('history', new Y.Array<HistoryEntry>());
  return m;
}

export type NewClientInput = Partial<Omit<Client, 'id' | 'createdAt' | 'createdBy' | 'updatedAt' | 'updatedBy' | 'deletedAt'>> & { name: string };

export function createClient(ctx: Ctx, input: NewClientInput, id: ClientId = newClientId()): Result<ClientId> {
  const name = input.name.trim();
  if (!name) return err('name must not be empty');
  return run(ctx, 'createClient', () => {
    const col = collection(ctx.doc, 'clients');
    if (col.has(id)) return err('client exists');
    const c: Client = { ...defaultClient(id, ctx.now(), ctx.me), ...input, name, id };
    writeNewClient(col, c);
    return ok(id);
  });
}

function clientMap(ctx: Ctx, id: ClientId): YRecord | undefined {
  return collection(ctx.doc, 'clients').get(id);
}

/**
 * Field-level edit. Writes nothing when the value is unchanged: every Y.Map overwrite grows the
 * document, and the card autosaves on every blur.
 */
export function updateClientField(ctx: Ctx, id: ClientId, field: ClientScalarField, value: unknown): Result<boolean> {
  const v = validateClientField(field, value);
  if (!v.ok) return v;
  return run(ctx, 'updateClientField', () => {
    const m = clientMap(ctx, id);
    if (!m) return err('no such client');
    const old = m.get(field);
    if (JSON.stringify(old) === JSON.stringify(v.value)) return ok(false);
    m.set(field, v.value);
    logChange(ctx, m, field, old, v.value);
    stamp(ctx, m);
    return ok(true);
  });
}

/** Tags are a set (Y.Map tag → true): concurrent adds on two laptops both survive. */
export function setClientTag(ctx: Ctx, id: ClientId, tag: string, on: boolean): Result<boolean> {
  const t = tag.trim();
  if (!t) return err('empty tag');
  return run(ctx, 'setClientTag', () => {
    const m = clientMap(ctx, id);
    if (!m) return err('no such client');
    const tags = m.get('tags');
    if (!(tags instanceof Y.Map)) return err('client has no tag set');
    if (on === tags.has(t)) return ok(false);
    if (on) tags.set(t, true); else tags.delete(t);
    logChange(ctx, m, 'tags', on ? null : t, on ? t : null);
    stamp(ctx, m);
    return ok(true);
  });
}

export function setClientAddress(ctx: Ctx, id: ClientId, address: Address): Result<boolean> {
  const a = validateAddress(address);
  if (!a.ok) return a;
  return run(ctx, 'setClientAddress', () => {
    const m = clientMap(ctx, id);
    const addr = m?.get('addresses');
    if (!m || !(addr instanceof Y.Map)) return err('no such client');
    const old = addr.get(a.value.id);
    if (JSON.stringify(old) === JSON.stringify(a.value)) return ok(false);
    addr.set(a.value.id, a.value);
    logChange(ctx, m, 'address', old ?? null, a.value);
    stamp(ctx, m);
    return ok(true);
  });
}

export function removeClientAddress(ctx: Ctx, id: ClientId, addressId: string): Result<boolean> {
  return run(ctx, 'removeClientAddress', () => {
    const m = clientMap(ctx, id);
    const addr = m?.get('addresses');
    if (!m || !(addr instanceof Y.Map)) return err('no such client');
    if (!addr.has(addressId)) return ok(false);
    logChange(ctx, m, 'address', addr.get(addressId), null);
    addr.delete(addressId);
    stamp(ctx, m);
    return ok(true);
  });
}

export function setCustomValue(ctx: Ctx, id: ClientId, fieldId: string, value: CustomValue): Result<boolean> {
  return run(ctx, 'setCustomValue', () => {
    const m = clientMap(ctx, id);
    const custom = m?.get('custom');
    if (!m || !(custom instanceof Y.Map)) return err('no such client');
    const old = custom.get(fieldId) ?? null;
    if (old === value) return ok(false);
    if (value === null) custom.delete(fieldId); else custom.set(fieldId, value);
    logChange(ctx, m, `custom:${fieldId}`, old, value);
    stamp(ctx, m);
    return ok(true);
  });
}

/**
 * Soft delete: the client disappears from lists but keeps its purchases and history, so undo is
 * exact and a concurrent edit on another laptop is not lost (the edit lands on the hidden record
 * and reappears if the delete is undone). Erasing personal data is a separate command.
 */
export function deleteClient(ctx: Ctx, id: ClientId): Result<boolean> {
  return run(ctx, 'deleteClient', () => {
    const m = clientMap(ctx, id);
    if (!m) return err('no such client');
    if (m.get('deletedAt')) return ok(false);
    m.set('deletedAt', ctx.now());
    logChange(ctx, m, 'deleted', null, true);
    stamp(ctx, m);
    return ok(true);
  });
}

export function restoreClient(ctx: Ctx, id: ClientId): Result<boolean> {
  return run(ctx, 'restoreClient', () => {
    const m = clientMap(ctx, id);
    if (!m) return err('no such client');
    if (!m.get('deletedAt')) return ok(false);
    m.set('deletedAt', '');
    logChange(ctx, m, 'deleted', true, null);
    stamp(ctx, m);
    return ok(true);
  });
}
