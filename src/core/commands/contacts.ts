import { flat } from '../schema/layout';
import { setFlatField, writeFlatRecord } from '../schema/flat';
import { type Contact, type ContactField, type ContactId, defaultContact, newContactId } from '../model/contact';
import type { ClientId } from '../model/client';
import { isIsoDay } from '../model/common';
import { storeOf } from '../queries/store';
import { err, ok, type Result } from '../util/result';
import { run, type Ctx } from './context';
import { fkey } from '../schema/flat';

function checkField(field: ContactField, value: unknown): Result<unknown> {
  if (field === 'phones' || field === 'emails') {
    return Array.isArray(value) && value.every((s) => typeof s === 'string') ? ok(value.map((s: string) => s.trim()).filter(Boolean)) : err(`${field} must be a list of strings`);
  }
  if (field === 'birthday') return value === '' || isIsoDay(value) ? ok(value) : err('birthday must be YYYY-MM-DD');
  return typeof value === 'string' ? ok(value) : err(`${field} must be text`);
}

export function addContact(ctx: Ctx, clientId: ClientId, input: Partial<Pick<Contact, ContactField>>, id: ContactId = newContactId()): Result<ContactId> {
  const c = defaultContact(id, clientId, ctx.now(), ctx.me);
  for (const [k, v] of Object.entries(input) as [ContactField, unknown][]) {
    const r = checkField(k, v);
    if (!r.ok) return r;
    (c as unknown as Record<string, unknown>)[k] = r.value;
  }
  return run(ctx, 'addContact', () => {
    if (!storeOf(ctx.doc).has('clients', clientId)) return err('no such client');
    writeFlatRecord(flat(ctx.doc, 'contacts'), id, c as unknown as Record<string, unknown>);
    return ok(id);
  });
}

export function updateContactField(ctx: Ctx, id: ContactId, field: ContactField, value: unknown): Result<boolean> {
  const r = checkField(field, value);
  if (!r.ok) return r;
  return run(ctx, 'updateContactField', () => {
    const cur = storeOf(ctx.doc).merged('contacts', id);
    if (!cur) return err('no such contact');
    const col = flat(ctx.doc, 'contacts');
    if (!setFlatField(col, id, field, r.value, cur[field] ?? defaultContact(id, '' as ClientId, '', '')[field])) return ok(false);
    col.set(fkey(id, 'updatedAt'), ctx.now());
    col.set(fkey(id, 'updatedBy'), ctx.me);
    return ok(true);
  });
}

export function deleteContact(ctx: Ctx, id: ContactId, undo = false): Result<boolean> {
  return run(ctx, undo ? 'restoreContact' : 'deleteContact', () => {
    if (!storeOf(ctx.doc).has('contacts', id)) return err('no such contact');
    flat(ctx.doc, 'contacts').set(fkey(id, 'deletedAt'), undo ? '' : ctx.now());
    return ok(true);
  });
}
