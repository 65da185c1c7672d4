import type { Address, Client } from '../model/client';
import type { Contact } from '../model/contact';
import { normName } from './clientIndex';
import type { IncomingContact } from './clientRow';
import { countryCode } from './countries';

/**
 * The fields of `incoming` that would change `existing`: only non-empty incoming values that
 * differ; phones, e-mails and addresses are merged (union), never replaced. An empty result means
 * the row is a no-op (re-importing the same file changes nothing).
 */
export function changedFields(existing: Client, incoming: Partial<Client>): Partial<Client> {
  const out: Partial<Client> = {};
  for (const key of ['name', 'legalForm', 'firstName', 'lastName', 'taxId', 'externalId', 'website', 'segment', 'notes'] as const) {
    const v = incoming[key];
    if (v && v !== existing[key]) out[key] = v;
  }
  // Our export writes our own id where a client has no source id: read back, it is no source id.
  if (out.externalId === existing.id) delete out.externalId;
  if (incoming.kind && incoming.kind !== existing.kind && incoming.name && incoming.name !== existing.name) out.kind = incoming.kind;
  const phones = union(existing.phones, incoming.phones ?? [], (p) => p.replace(/\D/g, ''));
  if (phones.length !== existing.phones.length) out.phones = phones;
  const emails = union(existing.emails, incoming.emails ?? [], (e) => e.toLowerCase());
  if (emails.length !== existing.emails.length) out.emails = emails;
  const addresses = unionAddresses(existing.addresses, incoming.addresses ?? []);
  if (addresses.length !== existing.addresses.length) out.addresses = addresses;
  return out;
}

/**
 * Two rows' changes to one client as one update (file order): a later scalar wins, phones,
 * e-mails and addresses are united (each row's list is already the base's with the row's added).
 */
export function mergeChanges(a: Partial<Client>, b: Partial<Client>): Partial<Client> {
  const out: Partial<Client> = { ...a, ...b };
  if (a.phones && b.phones) out.phones = union(a.phones, b.phones, (p) => p.replace(/\D/g, ''));
  if (a.emails && b.emails) out.emails = union(a.emails, b.emails, (e) => e.toLowerCase());
  if (a.addresses && b.addresses) out.addresses = unionAddresses(a.addresses, b.addresses);
  return out;
}

function union(a: readonly string[], b: readonly string[], key: (s: string) => string): string[] {
  const seen = new Set(a.map(key));
  const out = [...a];
  for (const v of b) { const k = key(v); if (!seen.has(k)) { seen.add(k); out.push(v); } }
  return out;
}

/**
 * Addresses united by id and by what they say: one added in the UI has an id (`a<time>`) the import's
 * deterministic one never equals, so our own clients export imported back would add it again. Kind
 * is left out (the import calls every address "legal").
 */
function unionAddresses(a: readonly Address[], b: readonly Address[]): Address[] {
  const ids = new Set(a.map((x) => x.id));
  const texts = new Set(a.map(addressText));
  const out = [...a];
  for (const x of b) {
    const t = addressText(x);
    if (ids.has(x.id) || texts.has(t)) continue;
    ids.add(x.id); texts.add(t); out.push(x);
  }
  return out;
}

/**
 * An address's line, city, postal code and country without case, punctuation and repeated spaces
 * (the postal code without any space: "1 000" = "1000"); a country as its code where known
 * ("Македонија" = "MK", as the import reads a country cell).
 */
export function addressText(x: Address): string {
  const country = countryCode(x.country) ?? normName(x.country);
  return [normName(x.line), normName(x.city), normName(x.postalCode).replace(/ /g, ''), country].join('\u001f');
}

export { contactKey } from './clientIndex';

/** A later row about a contact person this plan creates: phones and e-mails it lacks, values it has none of. */
export function absorbContact(target: Contact, p: IncomingContact): void {
  target.phones = union(target.phones, p.phones, (x) => x.replace(/\D/g, '') || x);
  target.emails = union(target.emails, p.emails, (e) => e.toLowerCase());
  if (!target.role) target.role = p.role;
  if (!target.birthday) target.birthday = p.birthday;
  if (!target.notes) target.notes = p.notes;
}

/** Folds a later row about the same new client into the record being created (first value wins). */
export function absorb(target: Client, incoming: Partial<Client>): boolean {
  const changes = changedFields(target, incoming);
  let changed = false;
  for (const [k, v] of Object.entries(changes) as [keyof Client, unknown][]) {
    const cur = target[k];
    if (Array.isArray(v) || cur === '' || cur === undefined) { (target as unknown as Record<string, unknown>)[k] = v; changed = true; }
  }
  return changed;
}
