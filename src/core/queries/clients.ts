import type * as Y from 'yjs';
import { collection, historyLog, type YRecord } from '../schema/layout';
import { type Address, type Client, type ClientId, validateClient } from '../model/client';
import { type Contact, validateContact } from '../model/contact';
import { type Member, validateMember } from '../model/member';
import { type FieldDef, validateFieldDef } from '../model/fieldDef';
import { storeOf, type Raw } from './store';

/** One entry of the change log: who changed which field of which record, from what to what. */
export interface HistoryEntry { clientId: string; at: string; by: string; field: string; from: unknown; to: unknown }

/**
 * Folds the overlay's per-item keys into the record's lists: `tag:X` → true/false,
 * `addr:ID` → address or null (removed), `cf:ID` → custom value or null.
 */
export function foldClient(raw: Raw): Raw {
  const tags = new Set(Array.isArray(raw.tags) ? raw.tags.filter((t): t is string => typeof t === 'string') : []);
  const addresses = new Map<string, unknown>();
  if (Array.isArray(raw.addresses)) for (const a of raw.addresses) if (a && typeof a === 'object' && typeof (a as Address).id === 'string') addresses.set((a as Address).id, a);
  const custom: Raw = raw.custom && typeof raw.custom === 'object' ? { ...(raw.custom as Raw) } : {};
  const out: Raw = {};
  for (const [k, v] of Object.entries(raw)) {
    if (k.startsWith('tag:')) { if (v === true) tags.add(k.slice(4)); else tags.delete(k.slice(4)); }
    else if (k.startsWith('addr:')) { if (v && typeof v === 'object') addresses.set(k.slice(5), v); else addresses.delete(k.slice(5)); }
    else if (k.startsWith('cf:')) { if (v === null || v === undefined) delete custom[k.slice(3)]; else custom[k.slice(3)] = v; }
    else out[k] = v;
  }
  out.tags = [...tags].sort();
  out.addresses = [...addresses.values()];
  out.custom = custom;
  return out;
}

export function getClient(doc: Y.Doc, id: ClientId): Client | null {
  const raw = storeOf(doc).merged('clients', id);
  if (!raw) return null;
  const r = validateClient(foldClient(raw));
  return r.ok ? r.value : null;
}

export function clientHistory(doc: Y.Doc, id: ClientId): HistoryEntry[] {
  return historyLog<HistoryEntry>(doc).toArray().filter((h) => h.clientId === id);
}

function readAll<T>(col: Y.Map<YRecord>, validate: (raw: unknown) => { ok: true; value: T } | { ok: false; error: string }): T[] {
  const out: T[] = [];
  for (const m of col.values()) { const r = validate(m.toJSON()); if (r.ok) out.push(r.value); }
  return out;
}

export const listMembers = (doc: Y.Doc): Member[] => readAll(collection(doc, 'members'), validateMember).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
export const listFieldDefs = (doc: Y.Doc): FieldDef[] => readAll(collection(doc, 'fieldDefs'), validateFieldDef).sort((a, b) => a.order - b.order);

export function getContact(doc: Y.Doc, id: string): Contact | null {
  const raw = storeOf(doc).merged('contacts', id);
  const r = raw ? validateContact(raw) : null;
  return r?.ok ? r.value : null;
}

export function contactsOf(doc: Y.Doc, clientId: ClientId): Contact[] {
  return storeOf(doc).liveOfClient('contacts', clientId, validateContact).sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
}

export interface ClientCacheOptions {
  /**
   * Runs `step` in a later task (the UI passes a zero-delay timer). When given, a large change
   * (an import or a first sync brings 20 000 clients: ~0.2 s of folding and validating) is
   * applied in slices of about `sliceMs`, listeners hearing each slice, so no task blocks the
   * page for long. Without it (Node, tests) every change is applied at once.
   */
  defer?: (step: () => void) => void;
  sliceMs?: number;
}

/** Fewest ids a deferred step applies, and the least cost per id it assumes (so a step is never unbounded). */
const STEP_MIN = 64;
const STEP_MIN_COST = 0.001;

/** Changes up to this size are applied at once even when deferring. */
const SYNC_MAX = 500;

/**
 * A live cache of all clients, refreshed per changed client (not per doc) so that an edit in a
 * 20 000-client base costs one record read, not twenty thousand.
 */
export class ClientCache {
  readonly byId = new Map<ClientId, Client>();
  private version = 0;
  private readonly listeners = new Set<(changed: ReadonlySet<ClientId> | null) => void>();
  /** Ids waiting to be re-read (deferred mode), in arrival order. */
  private readonly queue = new Set<ClientId>();
  private scheduled = false;
  /** Milliseconds per id of the last step, listeners included (a first step takes STEP_MIN ids). */
  private perId = Infinity;

  constructor(private readonly doc: Y.Doc, private readonly opts: ClientCacheOptions = {}) {
    this.reloadAll();
    storeOf(doc).subscribe((kind, changed) => {
      if (kind !== 'clients') return;
      const defer = this.opts.defer;
      if (!defer) {
        if (changed === null) this.reloadAll();
        else for (const id of changed) this.reload(id as ClientId);
        this.notify(changed as ReadonlySet<ClientId> | null);
        return;
      }
      if (changed !== null && changed.size <= SYNC_MAX && this.queue.size === 0) {
        for (const id of changed) this.reload(id as ClientId);
        this.notify(changed as ReadonlySet<ClientId>);
        return;
      }
      // Everything re-read, in slices: ids gone from the store are dropped by reload().
      for (const id of changed ?? [...this.byId.keys(), ...storeOf(doc).ids('clients')]) this.queue.add(id as ClientId);
      this.schedule();
    });
  }

  /** True while a deferred change is still being applied. */
  get pending(): boolean { return this.queue.size > 0; }

  private schedule(): void {
    if (this.scheduled || !this.opts.defer) return;
    this.scheduled = true;
    this.opts.defer(() => { this.scheduled = false; this.step(); });
  }

  private step(): void {
    const budget = this.opts.sliceMs ?? 8;
    const t0 = performance.now();
    // The listeners' time (search entries, lists redrawn) counts too, and grows with the ids a
    // step hands them: the last step's cost per id bounds this one's ids. Timed on re-reading
    // alone, a step of 25 ms took 124 ms with its listeners on a slow VM.
    const most = Math.max(STEP_MIN, Math.floor(budget / this.perId));
    const done = new Set<ClientId>();
    for (const id of this.queue) {
      this.queue.delete(id);
      this.reload(id);
      done.add(id);
      if (done.size >= most || ((done.size & 63) === 0 && performance.now() - t0 > budget)) break;
    }
    if (done.size) {
      this.notify(done);
      this.perId = Math.max(STEP_MIN_COST, (performance.now() - t0) / done.size);
    }
    if (this.queue.size) this.schedule();
  }

  private notify(changed: ReadonlySet<ClientId> | null): void {
    this.version++;
    for (const l of this.listeners) l(changed);
  }

  private reloadAll(): void {
    this.byId.clear();
    for (const id of storeOf(this.doc).ids('clients')) this.reload(id as ClientId);
  }

  private reload(id: ClientId): void {
    const c = getClient(this.doc, id);
    if (c) this.byId.set(id, c); else this.byId.delete(id);
  }

  get rev(): number { return this.version; }
  /** Clients not deleted. */
  live(): Client[] { const out: Client[] = []; for (const c of this.byId.values()) if (!c.deletedAt) out.push(c); return out; }
  subscribe(fn: (changed: ReadonlySet<ClientId> | null) => void): () => void { this.listeners.add(fn); return () => this.listeners.delete(fn); }
}
