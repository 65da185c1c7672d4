import * as Y from 'yjs';
import { collection } from '../schema/layout';
import { type Contact, type ContactField, type ContactId, defaultContact, newContactId } from '../model/contact';
import type { ClientId } from '../model/client';
import { isIsoDay } from '../model/common';
import { err, ok, type Result } from '../util/result';
import { run, type Ctx } from './context';

function checkField(field: ContactField, value: unknown): Result<unknown> {
  if (field === 'phones' || field === 'emails') {
    return Array.isArray(value) && value.every((s) => typeof s === 'string') ? ok(value.map((s: string) => s.trim()).filter(Boolean)) : err(`${field} must be a list of strings`);
  }
  if (field === 'birthday') return value === '' || isIsoDay(value) ? ok(value) : err('birthday must be YYYY-MM-DD');
  return typeof value === 'string' ? ok(value) : err(`${field} must be text`);
}

export function writeNewContact(ctx: Ctx, c: Contact): void {
  const m = new Y.Map<unknown>();
  collection(ctx.doc, 'contacts').set(c.id, m);
  for (const [k, v] of Object.entries(c)) m.set(k, v);
}

export function addContact(ctx: Ctx, clientId: ClientId, input: Partial<Pick<Contact, ContactField>>, id: ContactId = newContactId()): Result<ContactId> {
  return run(ctx, 'addContact', () => {
    if (!collection(ctx.doc, 'clients').has(clientId)) return err('no such client');
    const c = defaultContact(id, clientId, ctx.now(), ctx.me);
    for (const [k, v] of Object.entries(input) as [ContactField, unknown][]) {
      const r = checkField(k, v);
      if (!r.ok) return r;
      (c as unknown as Record<string, unknown>)[k] = r.value;
    }
    writeNewContact(ctx, c);
    return ok(id);
  });
}

export function updateContactField(ctx: Ctx, id: ContactId, field: ContactField, value: unknown): Result<boolean> {
  const r = checkField(field, value);
  if (!r.ok) return r;
  return run(ctx, 'updateContactField', () => {
    const m = collection(ctx.doc, 'contacts').get(id);
    if (!m) return err('no such contact');
    if (JSON.stringify(m.get(field)) === JSON.stringify(r.value)) return ok(false);
    m.set(field, r.value);
    m.set('updatedAt', ctx.now());
    m.set('updatedBy', ctx.me);
    return ok(true);
  });
}

export function deleteContact(ctx: Ctx, id: ContactId, undo = false): Result<boolean> {
  return run(ctx, undo ? 'restoreContact' : 'deleteContact', () => {
    const m = collection(ctx.doc, 'contacts').get(id);
    if (!m) return err('no such contact');
    m.set('deletedAt', undo ? '' : ctx.now());
    return ok(true);
  });
}
