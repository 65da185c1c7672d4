import { isClientId, type Client, type ClientId } from '../model/client';
import type { Contact } from '../model/contact';

/** How an incoming row was matched to a client already in the base (strongest key first). */
export type MatchedBy = 'externalId' | 'taxId' | 'email' | 'phone' | 'name';
export const MATCH_ORDER: readonly MatchedBy[] = ['externalId', 'taxId', 'email', 'phone', 'name'];

/** Normalised keys of one client; '' = unknown. */
export interface ClientKeys {
  externalId: string;
  taxId: string;
  emails: string[];
  phones: string[];
  name: string;
}

/**
 * Source ids as exported: pandas writes integer ids of a column with gaps as floats ("17850.0"),
 * so a trailing ".0" is dropped; case and surrounding spaces do not matter.
 */
export const normExternalId = (s: string): string => s.trim().replace(/^(\d+)\.0+$/, '$1').toLowerCase();
/** Tax ids (ИНН, ЕДБ, VAT): letters and digits only, upper case. */
export const normTaxId = (s: string): string => s.replace(/[^\p{L}\p{N}]/gu, '').toUpperCase();
/** Phones compare by digits (E.164 values and "as typed" values meet on their digits). */
export const normPhone = (s: string): string => s.replace(/\D/g, '');
/** Names compare without case, quotes, punctuation and repeated spaces («Ромашка» = "РОМАШКА"). */
export const normName = (s: string): string =>
  s.toLowerCase().replace(/ё/g, 'е').replace(/[^\p{L}\p{N}]+/gu, ' ').trim();

/**
 * The key a contact person is known by on a client besides its id: the client and the name as the
 * contact's deterministic id takes it, so one made in the UI (random id) is found by an import.
 */
export const contactKey = (clientId: string, name: string): string => `${clientId}\u001f${normName(name)}`;

/**
 * Clients by every key the importer links on, and each client's normalised source id and tax id
 * (absent = none), which a weaker key must not contradict (`lookupClient`).
 */
export type KeyIndex = Record<MatchedBy, Map<string, ClientId>> & { readonly extOf: Map<ClientId, string>; readonly taxOf: Map<ClientId, string> };

/** An index of the base's clients by every key the importer links on. Build once per plan. */
export interface ClientIndex {
  readonly byId: Map<ClientId, Client>;
  readonly byKey: KeyIndex;
  /** Contact ids already in the base (deterministic ids make re-imports recognisable), and their `contactKey`s. */
  readonly contactIds: Set<string>;
  /** Batches already imported: the same file with the same mapping is then a no-op. */
  readonly batchIds: Set<string>;
  /** Interactions already in the base (deleted ones too): a grown file's earlier rows are not imported again. */
  readonly interactionIds: Set<string>;
  /**
   * Clients the team erased (privacy.ts): their ids are never given to a client an import makes
   * again — the privacy sweep would remove its data, and the dry run would count a client nobody sees.
   */
  readonly erasedIds: Set<string>;
}

export function emptyKeys(): KeyIndex {
  return { externalId: new Map(), taxId: new Map(), email: new Map(), phone: new Map(), name: new Map(), extOf: new Map(), taxOf: new Map() };
}

/**
 * Adds a client's keys to an index (first one wins: an older client keeps its key). Called again
 * for a client that gained keys (a later row gave it a source id), it adds only the new ones. A
 * client merged into another, indexed under the survivor's id, lends it its source id if the
 * survivor has none.
 */
export function indexClient(byKey: KeyIndex, c: Pick<Client, 'id' | 'externalId' | 'taxId' | 'emails' | 'phones' | 'name'>): void {
  const put = (k: MatchedBy, v: string) => { if (v && !byKey[k].has(v)) byKey[k].set(v, c.id); };
  const ext = normExternalId(c.externalId);
  put('externalId', ext);
  if (ext && !byKey.extOf.get(c.id)) byKey.extOf.set(c.id, ext);
  const tax = normTaxId(c.taxId);
  put('taxId', tax);
  if (tax && !byKey.taxOf.get(c.id)) byKey.taxOf.set(c.id, tax);
  for (const e of c.emails) put('email', e.trim().toLowerCase());
  for (const p of c.phones) { const d = normPhone(p); if (d.length >= 6) put('phone', d); }
  put('name', normName(c.name));
}

/**
 * Builds the lookup the planner links incoming rows with. Deleted and erased clients are left out:
 * a row matching only them plans a create. NOTE for the apply step: if that client came from an
 * earlier import, the deterministic id is the deleted record's id, so the create re-creates it.
 * The keys of a client merged into another lead to the survivor, so an old source id still finds it.
 */
export function buildClientIndex(existingClients: readonly Client[], existingContacts: readonly Contact[] = [], importedBatchIds: Iterable<string> = [], existingInteractionIds: Iterable<string> = [], erased: Iterable<string> = []): ClientIndex {
  const byId = new Map<ClientId, Client>();
  const byKey = emptyKeys();
  const merged: Client[] = [];
  for (const c of existingClients) {
    if (c.deletedAt || c.erasedAt) continue;
    if (c.mergedInto) { merged.push(c); continue; }
    byId.set(c.id, c);
    indexClient(byKey, c);
  }
  for (const c of merged) {
    const survivor = c.mergedInto;
    if (isClientId(survivor) && byId.has(survivor)) indexClient(byKey, { ...c, id: survivor });
  }
  // Contacts by id and by client + name: one made in the UI has a random id the import's deterministic one never equals.
  const contactIds = new Set<string>();
  for (const c of existingContacts) { contactIds.add(c.id); if (!c.deletedAt) contactIds.add(contactKey(c.clientId, c.name)); }
  return { byId, byKey, contactIds, batchIds: new Set(importedBatchIds), interactionIds: new Set(existingInteractionIds), erasedIds: new Set(erased) };
}

/**
 * Finds a client by the strongest key the row has. A row with a source id never links by a weaker
 * key (tax id, e-mail, phone, name) to a client whose source id is another one: two ids are two
 * records in the source, whatever else they share (two "Иван Петров", two branches of one
 * company). Such a candidate is passed over and the next key tried. A client without a source id
 * may be found by any key, the name alone included: that is how a base typed by hand gets its ids
 * filled in, and a clients file lists every such match as a duplicate (matchedBy 'name') for the
 * user to confirm; refusing names would duplicate every hand-typed client on the first import of
 * an export with ids. `claimed`: source ids this plan already gave clients that have none in
 * `byKey` (the first row with an id to reach such a client claims it; a row with another id then
 * passes it over, as if it were stored). A row with a tax id never links by e-mail, phone or name
 * to a client with another tax id.
 */
export function lookupClient(byKey: KeyIndex, k: ClientKeys, claimed?: ReadonlyMap<ClientId, string>): { id: ClientId; matchedBy: MatchedBy } | null {
  if (k.externalId) { const id = byKey.externalId.get(k.externalId); if (id) return { id, matchedBy: 'externalId' }; }
  const ok = (id: ClientId | undefined): id is ClientId => {
    if (!id) return false;
    // Likewise a tax id: two firms called "Вектор" with different ИНН are two firms.
    const theirTax = k.taxId ? byKey.taxOf.get(id) : undefined;
    if (theirTax && theirTax !== k.taxId) return false;
    if (!k.externalId) return true;
    const theirs = byKey.extOf.get(id) || claimed?.get(id) || '';
    return !theirs || theirs === k.externalId;
  };
  const tries: [MatchedBy, string][] = [
    ['taxId', k.taxId],
    ...k.emails.map((e): [MatchedBy, string] => ['email', e]),
    ...k.phones.map((p): [MatchedBy, string] => ['phone', normPhone(p)]),
    ['name', k.name],
  ];
  for (const [by, v] of tries) {
    if (!v || (by === 'phone' && v.length < 6)) continue;
    const id = byKey[by].get(v);
    if (ok(id)) return { id, matchedBy: by };
  }
  return null;
}
