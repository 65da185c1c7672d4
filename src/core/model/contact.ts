import type { Brand } from './ids';
import { isIdShape, randomId } from './ids';
import type { ClientId } from './client';
import { isClientId } from './client';
import { err, ok, type Result } from '../util/result';
import { isIsoDay, isObj, stampedFrom, str, strArray, type Stamped } from './common';

/** A contact person inside a client's company. Kept in its own map, so concurrent adds never clash. */
export type ContactId = Brand<string, 'ContactId'>;
export const newContactId = (): ContactId => randomId('con') as ContactId;
export const isContactId = (v: unknown): v is ContactId => isIdShape(v, 'con');

export interface Contact extends Stamped {
  id: ContactId;
  clientId: ClientId;
  name: string;
  role: string;
  phones: string[];
  emails: string[];
  birthday: string; // YYYY-MM-DD or ''
  notes: string;
  deletedAt: string;
}

export const CONTACT_FIELDS = ['name', 'role', 'phones', 'emails', 'birthday', 'notes'] as const;
export type ContactField = (typeof CONTACT_FIELDS)[number];

export function defaultContact(id: ContactId, clientId: ClientId, now: string, by: Contact['createdBy']): Contact {
  return { id, clientId, name: '', role: '', phones: [], emails: [], birthday: '', notes: '', deletedAt: '', createdAt: now, createdBy: by, updatedAt: now, updatedBy: by };
}

export function validateContact(raw: unknown): Result<Contact> {
  if (!isObj(raw)) return err('contact: not an object');
  if (!isContactId(raw.id)) return err('contact: bad id');
  if (!isClientId(raw.clientId)) return err('contact: bad client id');
  return ok({
    ...stampedFrom(raw),
    id: raw.id,
    clientId: raw.clientId,
    name: str(raw.name),
    role: str(raw.role),
    phones: strArray(raw.phones),
    emails: strArray(raw.emails),
    birthday: isIsoDay(raw.birthday) ? raw.birthday : '',
    notes: str(raw.notes),
    deletedAt: str(raw.deletedAt),
  });
}
