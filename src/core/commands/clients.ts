import { flat, historyLog } from '../schema/layout';
import { fkey, setFlatField, writeFlatRecord } from '../schema/flat';
import {
  type Address, type Client, type ClientId, type ClientScalarField, type CustomValue,
  defaultClient, newClientId, validateAddress, validateClientField,
} from '../model/client';
import { storeOf } from '../queries/store';
import { foldClient, type HistoryEntry } from '../queries/clients';
import { err, ok, type Result } from '../util/result';
import { run, type Ctx } from './context';

export type { HistoryEntry } from '../queries/clients';

function stamp(ctx: Ctx, id: string): void {
  const col = flat(ctx.doc, 'clients');
  col.set(fkey(id, 'updatedAt'), ctx.now());
  col.set(fkey(id, 'updatedBy'), ctx.me);
}

/**
 * The change log is one append-only Y.Array: concurrent appends from two laptops both survive,
 * so when two people set the same field offline the losing value is still readable in history.
 */
function logChange(ctx: Ctx, clientId: string, field: string, from: unknown, to: unknown): void {
  historyLog<HistoryEntry>(ctx.doc).push([{ clientId, at: ctx.now(), by: ctx.me, field, from: from ?? null, to: to ?? null }]);
}

/** The record as the overlay stores it: list fields become one key per item. */
export function clientToFlat(c: Client): Record<string, unknown> {
  const { tags, addresses, custom, ...rest } = c;
  const out: Record<string, unknown> = { ...rest };
  for (const t of tags) out[`tag:${t}`] = true;
  for (const a of addresses) out[`addr:${a.id}`] = a;
  for (const [k, v] of Object.entries(custom)) if (v !== null) out[`cf:${k}`] = v;
  return out;
}

export type NewClientInput = Partial<Omit<Client, 'id' | 'createdAt' | 'createdBy' | 'updatedAt' | 'updatedBy' | 'deletedAt'>> & { name: string };

export function createClient(ctx: Ctx, input: NewClientInput, id: ClientId = newClientId()): Result<ClientId> {
  const name = input.name.trim();
  if (!name) return err('name must not be empty');
  return run(ctx, 'createClient', () => {
    if (storeOf(ctx.doc).has('clients', id)) return err('client exists');
    const c: Client = { ...defaultClient(id, ctx.now(), ctx.me), ...input, name, id };
    writeFlatRecord(flat(ctx.doc, 'clients'), id, clientToFlat(c));
    return ok(id);
  });
}

/** Current folded (plain) state of a client, for comparing before a write. */
function current(ctx: Ctx, id: ClientId): Record<string, unknown> | null {
  const raw = storeOf(ctx.doc).merged('clients', id);
  return raw ? foldClient(raw) : null;
}

/**
 * Field-level edit. Writes nothing when the value is unchanged: every Y.Map overwrite grows the
 * document, and the card autosaves on every blur.
 */
export function updateClientField(ctx: Ctx, id: ClientId, field: ClientScalarField, value: unknown): Result<boolean> {
  const v = validateClientField(field, value);
  if (!v.ok) return v;
  return run(ctx, 'updateClientField', () => {
    const cur = current(ctx, id);
    if (!cur) return err('no such client');
    const old = cur[field];
    if (!setFlatField(flat(ctx.doc, 'clients'), id, field, v.value, old ?? defaultClient(id, '', '')[field])) return ok(false);
    logChange(ctx, id, field, old, v.value);
    stamp(ctx, id);
    return ok(true);
  });
}

/** Tags are one key each (`tag:X` → true/false): concurrent adds on two laptops both survive. */
export function setClientTag(ctx: Ctx, id: ClientId, tag: string, on: boolean): Result<boolean> {
  const t = tag.trim();
  if (!t) return err('empty tag');
  return run(ctx, 'setClientTag', () => {
    const cur = current(ctx, id);
    if (!cur) return err('no such client');
    if (on === (cur.tags as string[]).includes(t)) return ok(false);
    flat(ctx.doc, 'clients').set(fkey(id, `tag:${t}`), on);
    logChange(ctx, id, 'tags', on ? null : t, on ? t : null);
    stamp(ctx, id);
    return ok(true);
  });
}

export function setClientAddress(ctx: Ctx, id: ClientId, address: Address): Result<boolean> {
  const a = validateAddress(address);
  if (!a.ok) return a;
  return run(ctx, 'setClientAddress', () => {
    const cur = current(ctx, id);
    if (!cur) return err('no such client');
    const old = (cur.addresses as Address[]).find((x) => x.id === a.value.id) ?? null;
    if (!setFlatField(flat(ctx.doc, 'clients'), id, `addr:${a.value.id}`, a.value, old)) return ok(false);
    logChange(ctx, id, 'address', old, a.value);
    stamp(ctx, id);
    return ok(true);
  });
}

export function removeClientAddress(ctx: Ctx, id: ClientId, addressId: string): Result<boolean> {
  return run(ctx, 'removeClientAddress', () => {
    const cur = current(ctx, id);
    if (!cur) return err('no such client');
    const old = (cur.addresses as Address[]).find((x) => x.id === addressId);
    if (!old) return ok(false);
    flat(ctx.doc, 'clients').set(fkey(id, `addr:${addressId}`), null);
    logChange(ctx, id, 'address', old, null);
    stamp(ctx, id);
    return ok(true);
  });
}

export function setCustomValue(ctx: Ctx, id: ClientId, fieldId: string, value: CustomValue): Result<boolean> {
  return run(ctx, 'setCustomValue', () => {
    const cur = current(ctx, id);
    if (!cur) return err('no such client');
    const old = (cur.custom as Record<string, CustomValue>)[fieldId] ?? null;
    if (!setFlatField(flat(ctx.doc, 'clients'), id, `cf:${fieldId}`, value, old)) return ok(false);
    logChange(ctx, id, `custom:${fieldId}`, old, value);
    stamp(ctx, id);
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
    const cur = current(ctx, id);
    if (!cur) return err('no such client');
    if (cur.deletedAt) return ok(false);
    flat(ctx.doc, 'clients').set(fkey(id, 'deletedAt'), ctx.now());
    logChange(ctx, id, 'deleted', null, true);
    stamp(ctx, id);
    return ok(true);
  });
}

export function restoreClient(ctx: Ctx, id: ClientId): Result<boolean> {
  return run(ctx, 'restoreClient', () => {
    const cur = current(ctx, id);
    if (!cur) return err('no such client');
    if (!cur.deletedAt) return ok(false);
    flat(ctx.doc, 'clients').set(fkey(id, 'deletedAt'), '');
    logChange(ctx, id, 'deleted', true, null);
    stamp(ctx, id);
    return ok(true);
  });
}
