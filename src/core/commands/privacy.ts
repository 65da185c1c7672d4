import * as Y from 'yjs';
import { collection, flat, historyLog, settingsMap, type RecordKind } from '../schema/layout';
import { fkey } from '../schema/flat';
import { type ClientId, type OptoutChannel, OPTOUT_CHANNELS, isClientId, optoutField } from '../model/client';
import { decodeRecordChunk, encodeRecordChunk } from '../model/records';
import { validateInteraction } from '../model/interaction';
import { validateTask } from '../model/task';
import { validatePlan } from '../model/plan';
import type { PurchaseLine } from '../model/purchase';
import { storeOf } from '../queries/store';
import { contactsOf, getClient, type HistoryEntry } from '../queries/clients';
import { aliasesOf } from '../queries/aliases';
import { allChunks, purchasesOf } from '../queries/purchases';
import { err, ok, type Result } from '../util/result';
import { run, type Ctx } from './context';
import { allMergeKeys, logChange } from './merge';

/** The name an erased client's tombstone shows (the UI translates it when `erasedAt` is set). */
export const ERASED_NAME = 'Erased client';
const ERASED_PREFIX = 'erased:';

// ---------------------------------------------------------------------------------------------
// Consent
// ---------------------------------------------------------------------------------------------

/** Records that a client opted out of (or back into) a channel: the field holds the time of the opt-out. */
export function setOptOut(ctx: Ctx, id: ClientId, channel: OptoutChannel, out: boolean): Result<boolean> {
  if (!(OPTOUT_CHANNELS as readonly string[]).includes(channel)) return err('unknown channel');
  return run(ctx, 'setOptOut', () => {
    const c = getClient(ctx.doc, id);
    if (!c) return err('no such client');
    if (c.erasedAt) return err('erased');
    const f = optoutField(channel);
    const cur = c[f] ?? '';
    if (!!cur === out) return ok(false);
    const col = flat(ctx.doc, 'clients');
    const next = out ? ctx.now() : '';
    col.set(fkey(id, f), next);
    col.set(fkey(id, 'updatedAt'), ctx.now());
    col.set(fkey(id, 'updatedBy'), ctx.me);
    logChange(ctx, id, f, cur, next);
    return ok(true);
  });
}

// ---------------------------------------------------------------------------------------------
// Export of one client's data (the right of access): everything the base holds about them
// ---------------------------------------------------------------------------------------------

export interface ClientDataExport {
  format: 'kartoteka-client-data';
  version: 1;
  exportedAt: string;
  client: unknown;
  mergedFrom: string[];
  contacts: unknown[];
  interactions: unknown[];
  tasks: unknown[];
  plans: unknown[];
  purchases: PurchaseLine[];
  history: HistoryEntry[];
}

export function clientDataExport(doc: Y.Doc, id: ClientId, now: string = new Date().toISOString()): Result<ClientDataExport> {
  const client = getClient(doc, id);
  if (!client) return err('no such client');
  const also = aliasesOf(doc, id);
  const ids = new Set<string>([id, ...also]);
  const store = storeOf(doc);
  const of = <T>(kind: RecordKind, validate: (raw: unknown) => Result<T>): T[] => {
    const out: T[] = [];
    for (const rid of store.ids(kind)) {
      const raw = store.merged(kind, rid);
      if (!raw || !ids.has(String(raw.clientId))) continue;
      const r = validate(raw);
      if (r.ok) out.push(r.value);
    }
    return out;
  };
  return ok({
    format: 'kartoteka-client-data', version: 1, exportedAt: now, client, mergedFrom: also,
    contacts: contactsOf(doc, id), interactions: of('interactions', validateInteraction), tasks: of('tasks', validateTask), plans: of('plans', validatePlan),
    purchases: purchasesOf(allChunks(doc), id, also),
    history: historyLog<HistoryEntry>(doc).toArray().filter((h) => ids.has(h.clientId)),
  });
}

// ---------------------------------------------------------------------------------------------
// Erase (the right to be forgotten)
// ---------------------------------------------------------------------------------------------

/** Non-personal fields the tombstone keeps so analytics by segment/manager/type do not change. */
const KEEP = ['kind', 'segment', 'managerId', 'createdAt', 'createdBy'] as const;
/**
 * Fields the tombstone sets explicitly empty: should a peer that has not seen the erase bring the
 * base record back (a concurrent chunk rewrite), the overlay still hides every personal field.
 */
const BLANK: Record<string, unknown> = {
  legalForm: '', firstName: '', lastName: '', notes: '', website: '', taxId: '', externalId: '', isKey: false,
  phones: [], emails: [], tags: [], addresses: [], custom: {}, referredBy: '', lostNote: '',
};
const ERASE_KINDS = ['contacts', 'interactions', 'tasks'] as const;

export interface EraseResult { clients: string[]; records: number; historyEntries: number; chunksRewritten: number }

function keysOf(col: Y.Map<unknown>, ids: ReadonlySet<string>): string[] {
  const out: string[] = [];
  for (const k of col.keys()) { const i = k.indexOf('|'); if (i > 0 && ids.has(k.slice(0, i))) out.push(k); }
  return out;
}

/**
 * Removes every trace of `clientIds` and their contacts, calls and tasks from the document, in the
 * current transaction. Idempotent: writes nothing when nothing is left to remove.
 */
function scrub(ctx: Ctx, clientIds: readonly string[]): EraseResult {
  const doc = ctx.doc;
  const store = storeOf(doc);
  const cids = new Set(clientIds);
  const res: EraseResult = { clients: [...cids], records: 0, historyEntries: 0, chunksRewritten: 0 };
  // 1. Child records (contacts, interactions, tasks) of those clients: in both layers.
  const drop = new Map<RecordKind, Set<string>>([['clients', cids]]);
  for (const kind of ERASE_KINDS) {
    const set = new Set<string>();
    for (const rid of store.ids(kind)) if (cids.has(String(store.merged(kind, rid)?.clientId ?? ''))) set.add(rid);
    drop.set(kind, set);
    const col = flat(doc, kind);
    for (const k of keysOf(col, set)) { col.delete(k); res.records++; }
  }
  // 2. Base rows: rewrite each record chunk that holds one (delete + insert in this transaction).
  for (const b of collection(doc, 'batches').values()) {
    const arr = b.get('records');
    if (!(arr instanceof Y.Array)) continue;
    for (let i = 0; i < arr.length; i++) {
      const bytes = arr.get(i);
      if (!(bytes instanceof Uint8Array)) continue;
      const d = decodeRecordChunk(bytes);
      if (!d.ok) continue;
      const ids = drop.get(d.value.kind);
      if (!ids) continue;
      const keep = d.value.rows.filter((r) => !ids.has(String(r.id)));
      if (keep.length === d.value.rows.length) continue;
      arr.delete(i, 1);
      if (keep.length) arr.insert(i, [encodeRecordChunk(d.value.kind, keep)]);
      else i--;
      res.chunksRewritten++;
    }
  }
  // 3. The change log: old and new values of their fields.
  const hist = historyLog<HistoryEntry>(doc);
  const all = hist.toArray();
  for (let i = all.length - 1; i >= 0; i--) {
    const h = all[i]!;
    if (cids.has(h.clientId) && h.field !== 'erased') {
      let start = i;
      while (start > 0 && cids.has(all[start - 1]!.clientId) && all[start - 1]!.field !== 'erased') start--;
      hist.delete(start, i - start + 1);
      res.historyEntries += i - start + 1;
      i = start;
    }
  }
  // 4. Merge records (they hold a snapshot of the merged client).
  const settings = settingsMap(doc);
  for (const { key, record } of allMergeKeys(doc)) if (!record || cids.has(record.loser) || cids.has(record.survivor)) settings.delete(key);
  // 5. The client's own overlay keys: everything but the tombstone.
  const col = flat(doc, 'clients');
  for (const cid of cids) {
    const { base, over } = store.pair('clients', cid);
    const kept: Record<string, unknown> = {};
    for (const f of KEEP) { const v = over?.[f] ?? base?.[f]; if (v !== undefined && v !== '') kept[f] = v; }
    const erasedAt = typeof over?.erasedAt === 'string' && over.erasedAt ? over.erasedAt : ctx.now();
    const deletedAt = typeof over?.deletedAt === 'string' && over.deletedAt ? over.deletedAt : ctx.now();
    const tomb: Record<string, unknown> = { ...BLANK, ...kept, id: cid, name: ERASED_NAME, erasedAt, deletedAt };
    if (typeof over?.mergedInto === 'string' && over.mergedInto) tomb.mergedInto = over.mergedInto;
    for (const k of keysOf(col, new Set([cid]))) {
      const f = k.slice(cid.length + 1);
      if (!(f in tomb) && f !== 'updatedAt' && f !== 'updatedBy') { col.delete(k); res.records++; }
    }
    let wrote = false;
    for (const [f, v] of Object.entries(tomb)) {
      const k = fkey(cid, f);
      if (col.has(k) && JSON.stringify(col.get(k)) === JSON.stringify(v)) continue;
      col.set(k, v); wrote = true;
    }
    if (wrote) { col.set(fkey(cid, 'updatedAt'), ctx.now()); col.set(fkey(cid, 'updatedBy'), ctx.me); }
  }
  return res;
}

/**
 * Erases a client's personal data from the base — the client, the clients merged into it, their
 * contacts, calls, tasks, their history, in ONE transaction — so it is gone from the stored
 * document (Yjs garbage-collects deleted content when doc.gc is on). What stays: a tombstone
 * (id, name "Erased client", type, segment, manager) so purchases and plans keep counting in
 * analytics, and an `erased:<id>` mark so a laptop that syncs later is cleaned too (sweepErased).
 * Not undoable, by design.
 */
export function eraseClient(ctx: Ctx, id: ClientId): Result<EraseResult> {
  return run<EraseResult>(ctx, 'eraseClient', () => {
    if (!storeOf(ctx.doc).has('clients', id)) return err('no such client');
    const ids = [id, ...aliasesOf(ctx.doc, id)];
    const res = scrub(ctx, ids);
    const settings = settingsMap(ctx.doc);
    for (const cid of ids) {
      if (!settings.has(ERASED_PREFIX + cid)) settings.set(ERASED_PREFIX + cid, ctx.now());
      logChange(ctx, cid, 'erased', null, null);
    }
    return ok(res);
  });
}

export function erasedIds(doc: Y.Doc): ClientId[] {
  const out: ClientId[] = [];
  for (const k of settingsMap(doc).keys()) if (k.startsWith(ERASED_PREFIX)) { const id = k.slice(ERASED_PREFIX.length); if (isClientId(id)) out.push(id); }
  return out.sort();
}

/** Whether data of an erased client came back (from a peer that had not seen the erase). */
export function needsSweep(doc: Y.Doc): boolean {
  const ids = erasedIds(doc);
  if (!ids.length) return false;
  const store = storeOf(doc);
  const set = new Set<string>(ids);
  for (const id of ids) {
    const { base, over } = store.pair('clients', id);
    if (base) return true;
    if (over && (over.name !== ERASED_NAME || Object.keys(over).some((k) => k.startsWith('tag:') || k.startsWith('addr:') || k.startsWith('cf:')))) return true;
    for (const [f, v] of Object.entries(BLANK)) if (over && JSON.stringify(over[f]) !== JSON.stringify(v)) return true;
  }
  for (const kind of ERASE_KINDS) for (const rid of store.ids(kind)) if (set.has(String(store.merged(kind, rid)?.clientId ?? ''))) return true;
  for (const h of historyLog<HistoryEntry>(doc)) if (set.has(h.clientId) && h.field !== 'erased') return true;
  return false;
}

/** Removes again what a peer brought back for erased clients. Writes nothing when clean. */
export function sweepErased(ctx: Ctx): Result<EraseResult | null> {
  if (!needsSweep(ctx.doc)) return ok(null);
  return run<EraseResult | null>(ctx, 'sweepErased', () => ok(scrub(ctx, erasedIds(ctx.doc))));
}
