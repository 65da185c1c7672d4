import type * as Y from 'yjs';
import { flat, historyLog, settingsMap, type RecordKind } from '../schema/layout';
import { fkey } from '../schema/flat';
import {
  type Address, type Client, type ClientId, type CustomValue, OPTOUT_CHANNELS, clientDisplayName, isClientId, optoutField,
} from '../model/client';
import { storeOf } from '../queries/store';
import { getClient, type HistoryEntry } from '../queries/clients';
import { digits } from '../queries/search';
import { aliasMap as aliasMapOf } from '../queries/aliases';
import { err, ok, type Result } from '../util/result';
import { run, type Ctx } from './context';

// ---------------------------------------------------------------------------------------------
// Journal: every overlay key a bulk command writes, with what it held before, so that undo can
// restore exactly that (a key that was absent is deleted again, not set to ''), and only where
// nobody changed the key since (a later edit, local or from a peer, is never overwritten by undo).
// ---------------------------------------------------------------------------------------------

export interface KeyChange { kind: RecordKind; key: string; had: boolean; prev: unknown; next: unknown }

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

export class Journal {
  readonly changes: KeyChange[] = [];
  constructor(private readonly doc: Y.Doc) {}
  /** Sets an overlay key unless it already holds the value; records the previous state. */
  set(kind: RecordKind, id: string, field: string, value: unknown): boolean {
    const col = flat(this.doc, kind);
    const key = fkey(id, field);
    const had = col.has(key);
    const prev = had ? col.get(key) : undefined;
    if (had && same(prev, value)) return false;
    col.set(key, value);
    this.changes.push({ kind, key, had, prev: had ? prev : null, next: value });
    return true;
  }
}

/** Reverts journalled changes (newest first). Returns how many were restored and how many kept because they changed since. */
export function revertChanges(doc: Y.Doc, changes: readonly KeyChange[]): { restored: number; kept: number } {
  let restored = 0, kept = 0;
  for (let i = changes.length - 1; i >= 0; i--) {
    const c = changes[i]!;
    const col = flat(doc, c.kind);
    if (!col.has(c.key) || !same(col.get(c.key), c.next)) { kept++; continue; }
    if (c.had) col.set(c.key, c.prev); else col.delete(c.key);
    restored++;
  }
  return { restored, kept };
}

export function validateChanges(raw: unknown): KeyChange[] {
  if (!Array.isArray(raw)) return [];
  const kinds = new Set(['clients', 'contacts', 'interactions', 'tasks', 'plans']);
  return raw.filter((c): c is KeyChange => !!c && typeof c === 'object' && kinds.has((c as KeyChange).kind) && typeof (c as KeyChange).key === 'string' && typeof (c as KeyChange).had === 'boolean');
}

/** Appends to the change log (same shape as commands/clients.ts writes). */
export function logChange(ctx: Ctx, clientId: string, field: string, from: unknown, to: unknown): void {
  historyLog<HistoryEntry>(ctx.doc).push([{ clientId, at: ctx.now(), by: ctx.me, field, from: from ?? null, to: to ?? null }]);
}

export function stampClient(j: Journal, ctx: Ctx, id: string): void {
  j.set('clients', id, 'updatedAt', ctx.now());
  j.set('clients', id, 'updatedBy', ctx.me);
}

// ---------------------------------------------------------------------------------------------
// Merge
// ---------------------------------------------------------------------------------------------

/** Fields the merge screen offers, in screen order. Custom fields are offered as `cf:<id>`. */
export const MERGE_SCALARS = ['kind', 'name', 'legalForm', 'firstName', 'lastName', 'segment', 'managerId', 'isKey', 'notes', 'website', 'taxId', 'externalId'] as const;
export const MERGE_LISTS = ['phones', 'emails', 'tags', 'addresses'] as const;
export type MergeChoice = 'survivor' | 'loser' | 'both';
/** Per field: which side's value the survivor keeps. Missing = survivor's value, or the loser's when the survivor's is empty; lists default to 'both'. */
export type MergeChoices = Partial<Record<string, MergeChoice>>;

export interface MergeRecord {
  survivor: ClientId;
  loser: ClientId;
  loserName: string;
  at: string;
  by: string;
  changes: KeyChange[];
  /** The loser as it was when merged: edits made to it later (offline, on another laptop) are told apart from it. */
  snapshot: Client;
}

const RECORD_PREFIX = 'merge:';
const CHILD_KINDS = ['contacts', 'interactions', 'tasks', 'plans'] as const;

const emptyValue = (v: unknown): boolean => v === '' || v === null || v === undefined || v === false || (Array.isArray(v) && v.length === 0);

function unionBy<T>(a: readonly T[], b: readonly T[], key: (x: T) => string): T[] {
  const seen = new Set(a.map(key));
  const out = [...a];
  for (const x of b) { const k = key(x); if (!seen.has(k)) { seen.add(k); out.push(x); } }
  return out;
}
const phoneKey = (p: string): string => { const d = digits(p); return d.length > 9 ? d.slice(-9) : d || p; };

/** What the survivor's list field becomes for a choice. */
function mergedList(field: (typeof MERGE_LISTS)[number], s: Client, l: Client, choice: MergeChoice): unknown {
  if (choice === 'survivor') return s[field];
  if (choice === 'loser') return l[field];
  if (field === 'phones') return unionBy(s.phones, l.phones, phoneKey);
  if (field === 'emails') return unionBy(s.emails, l.emails, (e) => e.toLowerCase());
  if (field === 'tags') return unionBy(s.tags, l.tags, (t) => t);
  return unionBy(s.addresses, l.addresses, (a) => a.id);
}

/** Writes `target` list onto the survivor with per-item keys where the overlay uses them. */
function writeList(j: Journal, id: ClientId, field: (typeof MERGE_LISTS)[number], cur: Client, target: unknown): boolean {
  let changed = false;
  if (field === 'tags') {
    const want = new Set(target as string[]);
    for (const t of want) if (!cur.tags.includes(t)) changed = j.set('clients', id, `tag:${t}`, true) || changed;
    for (const t of cur.tags) if (!want.has(t)) changed = j.set('clients', id, `tag:${t}`, false) || changed;
  } else if (field === 'addresses') {
    const want = target as Address[];
    const ids = new Set(want.map((a) => a.id));
    for (const a of want) if (!same(cur.addresses.find((x) => x.id === a.id), a)) changed = j.set('clients', id, `addr:${a.id}`, a) || changed;
    for (const a of cur.addresses) if (!ids.has(a.id)) changed = j.set('clients', id, `addr:${a.id}`, null) || changed;
  } else if (!same(cur[field], target)) changed = j.set('clients', id, field, target);
  return changed;
}

const recordKey = (loser: string): string => RECORD_PREFIX + loser;

function readRecord(raw: unknown): MergeRecord | null {
  if (typeof raw !== 'string') return null;
  try {
    const v = JSON.parse(raw) as Partial<MergeRecord>;
    if (!isClientId(v.survivor) || !isClientId(v.loser) || !v.snapshot || typeof v.snapshot !== 'object') return null;
    return { survivor: v.survivor, loser: v.loser, loserName: String(v.loserName ?? ''), at: String(v.at ?? ''), by: String(v.by ?? ''), changes: validateChanges(v.changes), snapshot: v.snapshot };
  } catch { return null; }
}

export function mergeRecord(doc: Y.Doc, loser: ClientId): MergeRecord | null {
  return readRecord(settingsMap(doc).get(recordKey(loser)));
}

/** Merges recorded into this client (undo-able ones), newest first. */
export function mergesInto(doc: Y.Doc, survivor: ClientId): MergeRecord[] {
  const out: MergeRecord[] = [];
  for (const [k, v] of settingsMap(doc)) {
    if (!k.startsWith(RECORD_PREFIX)) continue;
    const r = readRecord(v);
    if (r && r.survivor === survivor) out.push(r);
  }
  return out.sort((a, b) => b.at.localeCompare(a.at));
}

/** Every merge record (used by erase to drop records holding a client's data). */
export function allMergeKeys(doc: Y.Doc): { key: string; record: MergeRecord | null }[] {
  const out: { key: string; record: MergeRecord | null }[] = [];
  for (const [k, v] of settingsMap(doc)) if (k.startsWith(RECORD_PREFIX)) out.push({ key: k, record: readRecord(v) });
  return out;
}

/**
 * Merges `loser` into `survivor` in ONE transaction:
 *  - the survivor's fields take the chosen side's value (lists are united by default; opt-outs are
 *    always united — consent given to one record is not taken as consent for the other);
 *  - contacts, interactions, tasks and plans of the loser get `clientId` = survivor in the overlay;
 *  - purchases are not rewritten (chunks are immutable): the loser gets `mergedInto` and is hidden
 *    (deletedAt), and readers resolve the alias (queries/aliases.ts);
 *  - every key written is journalled in settings `merge:<loser>` so `undoMerge` restores it exactly.
 */
export function mergeClients(ctx: Ctx, survivor: ClientId, loser: ClientId, choose: MergeChoices = {}): Result<MergeRecord> {
  if (survivor === loser) return err('cannot merge a client with itself');
  return run<MergeRecord>(ctx, 'mergeClients', () => {
    const s = getClient(ctx.doc, survivor);
    const l = getClient(ctx.doc, loser);
    if (!s || !l) return err('no such client');
    if (s.erasedAt || l.erasedAt) return err('erased');
    if (l.mergedInto) return err('already merged');
    if (s.mergedInto) return err('survivor was merged into another client');
    const j = new Journal(ctx.doc);
    for (const f of MERGE_SCALARS) {
      const c = choose[f] ?? (emptyValue(s[f]) && !emptyValue(l[f]) ? 'loser' : 'survivor');
      if (c === 'loser' && !same(s[f], l[f])) { j.set('clients', survivor, f, l[f]); logChange(ctx, survivor, f, s[f], l[f]); }
    }
    for (const f of MERGE_LISTS) {
      const target = mergedList(f, s, l, choose[f] ?? 'both');
      if (writeList(j, survivor, f, s, target)) logChange(ctx, survivor, f, s[f], target);
    }
    for (const fid of new Set([...Object.keys(s.custom), ...Object.keys(l.custom)])) {
      const sv: CustomValue = s.custom[fid] ?? null, lv: CustomValue = l.custom[fid] ?? null;
      const c = choose[`cf:${fid}`] ?? (emptyValue(sv) && !emptyValue(lv) ? 'loser' : 'survivor');
      if (c === 'loser' && !same(sv, lv)) { j.set('clients', survivor, `cf:${fid}`, lv); logChange(ctx, survivor, `custom:${fid}`, sv, lv); }
    }
    for (const ch of OPTOUT_CHANNELS) {
      const f = optoutField(ch);
      const sv = s[f] ?? '', lv = l[f] ?? '';
      if (!sv && lv) { j.set('clients', survivor, f, lv); logChange(ctx, survivor, f, sv, lv); }
    }
    const store = storeOf(ctx.doc);
    for (const kind of CHILD_KINDS) {
      for (const rid of store.ids(kind)) if (store.merged(kind, rid)?.clientId === loser) j.set(kind, rid, 'clientId', survivor);
    }
    j.set('clients', loser, 'mergedInto', survivor);
    if (!l.deletedAt) j.set('clients', loser, 'deletedAt', ctx.now());
    stampClient(j, ctx, survivor);
    stampClient(j, ctx, loser);
    logChange(ctx, survivor, 'merged', clientDisplayName(l), null);
    logChange(ctx, loser, 'mergedInto', null, survivor);
    const rec: MergeRecord = { survivor, loser, loserName: clientDisplayName(l), at: ctx.now(), by: ctx.me, changes: j.changes, snapshot: l };
    settingsMap(ctx.doc).set(recordKey(loser), JSON.stringify(rec));
    return ok(rec);
  });
}

/**
 * Undoes a merge: every key the merge wrote goes back to what it was (absent keys are deleted
 * again), except keys someone changed since — their newer value stays (counted in `kept`).
 */
export function undoMerge(ctx: Ctx, loser: ClientId): Result<{ restored: number; kept: number }> {
  return run(ctx, 'undoMerge', () => {
    const rec = mergeRecord(ctx.doc, loser);
    if (!rec) return err('no such merge');
    const r = revertChanges(ctx.doc, rec.changes);
    settingsMap(ctx.doc).delete(recordKey(loser));
    logChange(ctx, rec.survivor, 'unmerged', rec.loserName, null);
    logChange(ctx, loser, 'mergedInto', rec.survivor, null);
    return ok(r);
  });
}

// ---------------------------------------------------------------------------------------------
// Edits that reached the loser after the merge (made offline on another laptop)
// ---------------------------------------------------------------------------------------------

export interface LateChanges {
  loser: ClientId;
  survivor: ClientId;
  fields: { field: string; was: unknown; now: unknown }[];
  children: { kind: (typeof CHILD_KINDS)[number]; id: string }[];
}

const IGNORED = new Set(['updatedAt', 'updatedBy', 'deletedAt', 'mergedInto', 'createdAt', 'createdBy', 'id']);

/**
 * The rule for a merge racing an offline edit: nothing is dropped. An edit that reached the hidden
 * loser after the merge is listed on the survivor's card (this function), and contacts, calls,
 * tasks and plans added to the loser offline are listed too; `adoptLateChanges` moves them over.
 */
export function lateChanges(doc: Y.Doc, loser: ClientId): LateChanges | null {
  const rec = mergeRecord(doc, loser);
  const cur = getClient(doc, loser);
  if (!rec || !cur) return null;
  const fields: LateChanges['fields'] = [];
  const before = rec.snapshot as unknown as Record<string, unknown>;
  const now = cur as unknown as Record<string, unknown>;
  for (const k of new Set([...Object.keys(before), ...Object.keys(now)])) {
    if (IGNORED.has(k)) continue;
    if (!same(before[k] ?? '', now[k] ?? '')) fields.push({ field: k, was: before[k] ?? null, now: now[k] ?? null });
  }
  const store = storeOf(doc);
  const children: LateChanges['children'] = [];
  for (const kind of CHILD_KINDS) for (const rid of store.ids(kind)) { const r = store.merged(kind, rid); if (r?.clientId === loser && !r.deletedAt) children.push({ kind, id: rid }); }
  return fields.length || children.length ? { loser, survivor: rec.survivor, fields, children } : null;
}

/** Applies late edits of the loser to the survivor (lists united) and moves late records; one transaction. */
export function adoptLateChanges(ctx: Ctx, loser: ClientId): Result<number> {
  return run(ctx, 'adoptLateChanges', () => {
    const late = lateChanges(ctx.doc, loser);
    const rec = mergeRecord(ctx.doc, loser);
    if (!late || !rec) return ok(0);
    const s = getClient(ctx.doc, rec.survivor);
    const l = getClient(ctx.doc, loser);
    if (!s || !l) return err('no such client');
    const j = new Journal(ctx.doc);
    let n = 0;
    for (const f of late.fields) {
      if ((MERGE_LISTS as readonly string[]).includes(f.field)) {
        const field = f.field as (typeof MERGE_LISTS)[number];
        const target = mergedList(field, s, l, 'both');
        if (writeList(j, rec.survivor, field, s, target)) { logChange(ctx, rec.survivor, field, s[field], target); n++; }
      } else if (f.field === 'custom') {
        for (const [fid, v] of Object.entries(l.custom)) if (!same(s.custom[fid], v) && !same((rec.snapshot.custom ?? {})[fid], v)) { j.set('clients', rec.survivor, `cf:${fid}`, v); n++; }
      } else if (Object.prototype.hasOwnProperty.call(s, f.field) || f.field.startsWith('optout')) {
        const sv = (s as unknown as Record<string, unknown>)[f.field];
        if (!same(sv, f.now)) { j.set('clients', rec.survivor, f.field, f.now); logChange(ctx, rec.survivor, f.field, sv, f.now); n++; }
      }
    }
    for (const c of late.children) { j.set(c.kind, c.id, 'clientId', rec.survivor); n++; }
    if (j.changes.length) stampClient(j, ctx, rec.survivor);
    // The adopted state becomes the new reference point; the adoption joins the merge's undo.
    const next: MergeRecord = { ...rec, changes: [...rec.changes, ...j.changes], snapshot: l };
    settingsMap(ctx.doc).set(recordKey(loser), JSON.stringify(next));
    return ok(n);
  });
}

/**
 * Two laptops that merged the same pair in opposite directions offline leave a cycle (A→B and
 * B→A): both would be hidden. The client with the smallest id of the cycle is revived as the
 * survivor (the same choice on every laptop); the other's records show up as late changes on its
 * card. Writes nothing when there is no cycle.
 */
export function findMergeCycles(doc: Y.Doc): ClientId[][] {
  const map = aliasMapOf(doc);
  const cycles: ClientId[][] = [];
  const done = new Set<ClientId>();
  for (const start of map.keys()) {
    const path: ClientId[] = [];
    let cur: ClientId | undefined = start;
    while (cur && !done.has(cur) && !path.includes(cur)) { path.push(cur); cur = map.get(cur); }
    if (cur && path.includes(cur)) cycles.push(path.slice(path.indexOf(cur)).sort());
    for (const p of path) done.add(p);
  }
  return cycles;
}

export function repairMergeCycles(ctx: Ctx): Result<ClientId[]> {
  if (findMergeCycles(ctx.doc).length === 0) return ok([]);
  return run(ctx, 'repairMergeCycles', () => {
    const revived: ClientId[] = [];
    const col = flat(ctx.doc, 'clients');
    for (const cycle of findMergeCycles(ctx.doc)) {
      const keep = cycle[0]!;
      col.delete(fkey(keep, 'mergedInto'));
      col.set(fkey(keep, 'deletedAt'), '');
      settingsMap(ctx.doc).delete(recordKey(keep));
      logChange(ctx, keep, 'mergedInto', cycle[1] ?? null, null);
      revived.push(keep);
    }
    return ok(revived);
  });
}
