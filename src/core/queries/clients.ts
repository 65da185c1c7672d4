import * as Y from 'yjs';
import { collection, type YRecord } from '../schema/layout';
import { type Client, type ClientId, validateClient } from '../model/client';
import { type Contact, validateContact } from '../model/contact';
import { type Member, validateMember } from '../model/member';
import { type FieldDef, validateFieldDef } from '../model/fieldDef';
import type { HistoryEntry } from '../commands/clients';

/** Reads one client Y.Map into a validated plain record (tags set → list, nested maps → objects). */
export function readClient(m: YRecord): Client | null {
  const raw: Record<string, unknown> = {};
  for (const [k, v] of m) {
    if (k === 'history') continue;
    if (k === 'tags' && v instanceof Y.Map) raw.tags = [...v.keys()].sort();
    else if (k === 'addresses' && v instanceof Y.Map) raw.addresses = [...v.values()];
    else if (v instanceof Y.AbstractType) raw[k] = v.toJSON();
    else raw[k] = v;
  }
  const r = validateClient(raw);
  return r.ok ? r.value : null;
}

export function getClient(doc: Y.Doc, id: ClientId): Client | null {
  const m = collection(doc, 'clients').get(id);
  return m ? readClient(m) : null;
}

export function clientHistory(doc: Y.Doc, id: ClientId): HistoryEntry[] {
  const h = collection(doc, 'clients').get(id)?.get('history');
  return h instanceof Y.Array ? (h.toArray() as HistoryEntry[]) : [];
}

function readAll<T>(col: Y.Map<YRecord>, validate: (raw: unknown) => { ok: true; value: T } | { ok: false; error: string }): T[] {
  const out: T[] = [];
  for (const m of col.values()) { const r = validate(m.toJSON()); if (r.ok) out.push(r.value); }
  return out;
}

export const listMembers = (doc: Y.Doc): Member[] => readAll(collection(doc, 'members'), validateMember).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
export const listFieldDefs = (doc: Y.Doc): FieldDef[] => readAll(collection(doc, 'fieldDefs'), validateFieldDef).sort((a, b) => a.order - b.order);

export function contactsOf(doc: Y.Doc, clientId: ClientId): Contact[] {
  const out: Contact[] = [];
  for (const m of collection(doc, 'contacts').values()) {
    if (m.get('clientId') !== clientId || m.get('deletedAt')) continue;
    const r = validateContact(m.toJSON());
    if (r.ok) out.push(r.value);
  }
  return out.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

/**
 * A live cache of all clients, refreshed per changed client (not per doc) so that an edit in a
 * 20 000-client base costs one record read, not twenty thousand.
 */
export class ClientCache {
  readonly byId = new Map<ClientId, Client>();
  private version = 0;
  private readonly listeners = new Set<(changed: ReadonlySet<ClientId> | null) => void>();
  private readonly col: Y.Map<YRecord>;

  constructor(doc: Y.Doc) {
    this.col = collection(doc, 'clients');
    for (const [id, m] of this.col) { const c = readClient(m); if (c) this.byId.set(id as ClientId, c); }
    this.col.observeDeep((events) => {
      const changed = new Set<ClientId>();
      for (const e of events) {
        if (e.target === this.col) for (const k of (e as Y.YMapEvent<YRecord>).keysChanged) changed.add(k as ClientId);
        else { const id = e.path[0]; if (typeof id === 'string') changed.add(id as ClientId); }
      }
      for (const id of changed) {
        const m = this.col.get(id);
        const c = m ? readClient(m) : null;
        if (c) this.byId.set(id, c); else this.byId.delete(id);
      }
      this.version++;
      for (const l of this.listeners) l(changed);
    });
  }

  get rev(): number { return this.version; }
  /** Clients not deleted. */
  live(): Client[] { const out: Client[] = []; for (const c of this.byId.values()) if (!c.deletedAt) out.push(c); return out; }
  subscribe(fn: (changed: ReadonlySet<ClientId> | null) => void): () => void { this.listeners.add(fn); return () => this.listeners.delete(fn); }
}
