import * as Y from 'yjs';
import { makeCtx, type Ctx } from '../../core/commands/context';
import { openBase, storedSchemaVersion, SCHEMA_VERSION } from '../../core/schema/version';
import { ClientCache, listMembers, listFieldDefs } from '../../core/queries/clients';
import { inBackground } from './background';
import { searchEntry, type SearchEntry } from '../../core/queries/search';
import { settingsMap } from '../../core/schema/layout';
import type { ClientId } from '../../core/model/client';
import type { Member, MemberId } from '../../core/model/member';
import type { FieldDef } from '../../core/model/fieldDef';
import { IndexedDbPersistence } from '../../sync/persistence/indexeddb';
import { openUpdateWriter } from '../../sync/persistence/updateWriter';
import { workerUpdateWriter } from '../../sync/persistence/workerWriter';
import type { PersistError, Persistence } from '../../sync/persistence/types';

const DB_NAME = 'kartoteka-base';

/** The base on disk, its big updates (an import's chunks) written by the storage worker. */
const basePersistence = () => new IndexedDbPersistence(DB_NAME, undefined, {
  writer: () => workerUpdateWriter(
    () => new Worker(new URL('../../workers/persist.worker.ts', import.meta.url), { type: 'module', name: 'storage' }),
    DB_NAME, () => openUpdateWriter(DB_NAME),
  ),
});
const ME_KEY = 'kartoteka.me';
/** Compact on open past this many stored records (y-indexeddb itself waits for 500). */
const COMPACT_AFTER = 50;

/**
 * The one open base of this tab. Owns the Y.Doc, its persistence and the caches; exposes plain
 * reactive values to components. Components call commands through `ctx` via the functions in
 * ./actions.ts and never see Yjs.
 */
class BaseState {
  status = $state<'loading' | 'ready' | 'failed'>('loading');
  storageError = $state<PersistError | null>(null);
  readOnly = $state(false);
  me = $state<MemberId | ''>('');
  /** Bumped on every change of the doc: derived views recompute from it. */
  rev = $state(0);
  clientsRev = $state(0);
  /** False while local changes are on their way to disk ("Saving…" / "All changes saved"). */
  saved = $state(true);
  private flushing = 0;
  members = $state<Member[]>([]);
  fieldDefs = $state<FieldDef[]>([]);
  settings = $state<{ currency: string; defaultCountry: string; activeWindowDays: number; signalingServers: string[]; relayUrl: string }>({ currency: 'RUB', defaultCountry: 'RU', activeWindowDays: 365, signalingServers: [], relayUrl: '' });

  doc = new Y.Doc();
  ctx!: Ctx;
  cache!: ClientCache;
  persistence: Persistence | null = null;
  readonly searchEntries = new Map<ClientId, SearchEntry>();

  async open(persistence: Persistence = basePersistence()): Promise<void> {
    this.persistence = persistence;
    persistence.onError((e) => { this.storageError = e; });
    performance.mark('kartoteka:open-start');
    const r = await persistence.open(this.doc);
    performance.mark('kartoteka:loaded');
    if (!r.ok) { this.storageError = r.error; this.status = 'failed'; return; }
    const state = openBase(this.doc);
    this.readOnly = state.mode === 'read-only';
    this.me = (localStorage.getItem(ME_KEY) ?? '') as MemberId | '';
    this.ctx = makeCtx(this.doc, this.me, () => this.readOnly);
    // 25 ms slices (its listeners included): few enough that a first sync of 20 000 clients is
    // not drawn out by per-slice list updates and paints, short enough that the page keeps
    // answering. At background priority: what the user just did (an import's result) is drawn
    // first — as timers, one slice ran ahead of it (50–80 ms measured after an import's commit).
    this.cache = new ClientCache(this.doc, { defer: inBackground, sliceMs: 25 });
    performance.mark('kartoteka:clients-read');
    for (const c of this.cache.byId.values()) this.searchEntries.set(c.id, searchEntry(c));
    performance.mark('kartoteka:search-indexed');
    this.cache.subscribe((changed) => {
      if (changed === null) { this.searchEntries.clear(); for (const c of this.cache.byId.values()) this.searchEntries.set(c.id, searchEntry(c)); }
      for (const id of changed ?? []) { const c = this.cache.byId.get(id); if (c) this.searchEntries.set(id, searchEntry(c)); else this.searchEntries.delete(id); }
      this.clientsRev++;
    });
    this.refreshSmall();
    this.doc.on('afterTransaction', (tr) => {
      this.rev++;
      if (tr.changed.size > 0) this.trackSave();
      // A peer or file may bring data stamped by a newer app: stop writing from then on.
      if (storedSchemaVersion(this.doc) > SCHEMA_VERSION) this.readOnly = true;
    });
    for (const name of ['members', 'fieldDefs', 'settings'] as const) this.doc.getMap(name).observeDeep(() => this.refreshSmall());
    this.status = 'ready';
    void this.maybeCompact();
  }

  private trackSave(): void {
    const p = this.persistence;
    if (!p) return;
    this.saved = false;
    const n = ++this.flushing;
    // The write is queued synchronously by the update handler; flush resolves once it is on disk.
    queueMicrotask(() => { void p.flush().then((r) => { if (n === this.flushing && r.ok) this.saved = true; }); });
  }

  private refreshSmall(): void {
    this.members = listMembers(this.doc);
    this.fieldDefs = listFieldDefs(this.doc);
    const s = settingsMap(this.doc);
    this.settings = {
      currency: String(s.get('currency') ?? 'RUB'),
      defaultCountry: String(s.get('defaultCountry') ?? 'RU'),
      activeWindowDays: Number(s.get('activeWindowDays') ?? 365),
      relayUrl: typeof s.get('relayUrl') === 'string' ? String(s.get('relayUrl')) : '',
      signalingServers: ((v) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []))(s.get('signalingServers')),
    };
  }

  setMe(id: MemberId): void {
    this.me = id;
    this.ctx.me = id;
    localStorage.setItem(ME_KEY, id);
  }

  private async maybeCompact(): Promise<void> {
    const p = this.persistence;
    if (!p || (await p.recordCount()) <= COMPACT_AFTER) return;
    await new Promise((r) => setTimeout(r, 1500)); // after first paint and first interactions
    await p.compact();
  }

  async retrySave(): Promise<void> {
    const p = this.persistence;
    if (!p) return;
    // Rewriting the whole state as one record stores everything the failed writes missed.
    const r = await p.compact();
    this.storageError = r.ok ? null : r.error;
  }

  memberName(id: string): string { return this.members.find((m) => m.id === id)?.name ?? ''; }
}

export const base = new BaseState();
