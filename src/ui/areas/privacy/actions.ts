/**
 * The privacy area's verbs for its components: commands run with `base.ctx`, queries read
 * `base.doc`. Components never import Yjs or the schema.
 */
import { base } from '../../state/base.svelte';
import { i18n } from '../../i18n/index.svelte';
import * as M from '../../../core/commands/merge';
import * as P from '../../../core/commands/privacy';
import * as S from '../../../core/commands/segments';
import { clientHistory, contactsOf, type HistoryEntry } from '../../../core/queries/clients';
import { aliasesOf } from '../../../core/queries/aliases';
import { findDuplicates, type DuplicatePair } from '../../../core/queries/duplicates';
import { callListRows, listSegments, mailingListRows, segmentMembers, type SegmentDef, type SegmentRule } from '../../../core/queries/segments';
import { clientsToVcard, contactsToVcard, csvBytes, csvFormatFor, toCsv } from '../../../core/export';
import type { Client, ClientId, OptoutChannel } from '../../../core/model/client';
import type { MemberId } from '../../../core/model/member';

export type { DuplicatePair } from '../../../core/queries/duplicates';
export type { MergeChoices, MergeRecord, LateChanges } from '../../../core/commands/merge';
export type { BulkUndo } from '../../../core/commands/segments';
export type { SegmentDef, SegmentRule, RuleOp } from '../../../core/queries/segments';
export { MERGE_SCALARS, MERGE_LISTS } from '../../../core/commands/merge';
export { SEGMENT_FIELDS, RULE_OPS } from '../../../core/queries/segments';
export { OPTOUT_CHANNELS, optoutField, clientDisplayName } from '../../../core/model/client';

// ---- files -------------------------------------------------------------------------------------
export function download(name: string, data: Uint8Array | string, mime: string): void {
  const blob = new Blob([typeof data === 'string' ? data : data.slice().buffer], { type: mime });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url; a.download = name; a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
const slug = (s: string): string => s.replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-|-$/g, '').slice(0, 40) || 'client';
const today = (): string => new Date().toISOString().slice(0, 10);

// ---- reads ---------------------------------------------------------------------------------------
export const client = (id: ClientId): Client | null => base.cache.byId.get(id) ?? null;
export const liveClients = (): Client[] => base.cache.live();
export const readDuplicates = (): DuplicatePair[] => findDuplicates(base.cache.live());
/** The client's history, with that of the duplicates merged into it, oldest first. */
export function readHistory(id: ClientId): HistoryEntry[] {
  const ids = [id, ...aliasesOf(base.doc, id)];
  const out = ids.flatMap((x) => clientHistory(base.doc, x));
  return ids.length > 1 ? out.sort((a, b) => a.at.localeCompare(b.at)) : out;
}
export const readMerges = (id: ClientId) => M.mergesInto(base.doc, id);
export const readLate = (loser: ClientId) => M.lateChanges(base.doc, loser);
export const readSegments = (): SegmentDef[] => listSegments(base.doc);
export const membersOf = (def: Pick<SegmentDef, 'match' | 'rules'>): Client[] => segmentMembers(base.cache.live(), def);

// ---- merge ---------------------------------------------------------------------------------------
export const merge = (survivor: ClientId, loser: ClientId, choices: M.MergeChoices) => M.mergeClients(base.ctx, survivor, loser, choices);
export const undoMerge = (loser: ClientId) => M.undoMerge(base.ctx, loser);
export const adoptLate = (loser: ClientId) => M.adoptLateChanges(base.ctx, loser);

// ---- consent, export, erase ------------------------------------------------------------------
export const setOptOut = (id: ClientId, ch: OptoutChannel, out: boolean) => P.setOptOut(base.ctx, id, ch, out);

export function exportClientJson(id: ClientId): boolean {
  const r = P.clientDataExport(base.doc, id);
  if (!r.ok) return false;
  download(`${slug((r.value.client as Client).name)}-${today()}.json`, JSON.stringify(r.value, null, 2), 'application/json');
  return true;
}

export function exportClientVcard(id: ClientId): boolean {
  const c = client(id);
  if (!c) return false;
  const text = clientsToVcard([c], '3.0') + contactsToVcard(contactsOf(base.doc, id), new Map([[c.id, c]]), '3.0');
  download(`${slug(c.name)}.vcf`, text, 'text/vcard');
  return true;
}

export async function erase(id: ClientId) {
  const r = P.eraseClient(base.ctx, id);
  // The on-disk log of past updates still holds the old data: rewrite it as one compacted record.
  if (r.ok) await base.persistence?.compact();
  return r;
}

/**
 * After a sync: cleans data a peer brought back for erased clients, and revives one side of a
 * merge made in both directions on two laptops. Writes nothing when there is nothing to fix.
 */
export function sweep(): void {
  if (base.readOnly || !base.ctx) return;
  M.repairMergeCycles(base.ctx);
  const r = P.sweepErased(base.ctx);
  if (r.ok && r.value) void base.persistence?.compact();
}

// ---- segments --------------------------------------------------------------------------------
export const saveSegment = (input: { id?: string; name: string; match: 'all' | 'any'; rules: SegmentRule[] }) => S.saveSegment(base.ctx, input);
export const deleteSegment = (id: string) => S.deleteSegment(base.ctx, id);
export const bulkManager = (ids: ClientId[], m: MemberId | '') => S.bulkAssignManager(base.ctx, ids, m);
export const bulkTag = (ids: ClientId[], tag: string, on: boolean) => S.bulkSetTag(base.ctx, ids, tag, on);
export const bulkTasks = (ids: ClientId[], due: string, about: string) => S.bulkCreateTasks(base.ctx, ids, due, about, 'manager');
export const undoBulk = (u: S.BulkUndo) => S.undoBulk(base.ctx, u);

/** Returns how many clients were left out (opted out, or no phone). */
export function exportCallList(clients: Client[], name: string): number {
  const rows = callListRows(clients, (id) => base.memberName(id));
  download(`${slug(name)}-calls-${today()}.csv`, csvBytes(toCsv(rows, csvFormatFor(i18n.locale))), 'text/csv');
  return clients.length - (rows.length - 1);
}
export function exportMailingList(clients: Client[], name: string): number {
  const rows = mailingListRows(clients, (id) => base.memberName(id));
  download(`${slug(name)}-mailing-${today()}.csv`, csvBytes(toCsv(rows, csvFormatFor(i18n.locale))), 'text/csv');
  return clients.length - (rows.length - 1);
}
export function exportVcards(clients: Client[], name: string): void {
  download(`${slug(name)}.vcf`, clientsToVcard(clients, '3.0'), 'text/vcard');
}
