import type { Address, Client } from '../model/client';

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

function unionAddresses(a: readonly Address[], b: readonly Address[]): Address[] {
  const ids = new Set(a.map((x) => x.id));
  return [...a, ...b.filter((x) => !ids.has(x.id))];
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
