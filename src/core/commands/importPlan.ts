import type * as Y from 'yjs';
import { settingsMap } from '../schema/layout';
import { defaultClient, type Client, type ClientId } from '../model/client';
import { validateContact, type Contact } from '../model/contact';
import type { BatchId, BatchInfo } from '../model/batch';
import type { MemberId } from '../model/member';
import { CHUNK_ROWS } from '../model/purchase';
import { encodeChunk } from '../model/purchaseEncode';
import { checkChunk, chunkClientSet } from './chunkCheck';
import { storeOf } from '../queries/store';
import { erasedIds } from './privacy';
import { listBatches } from '../queries/purchases';
import type { ImportPlan, DuplicateMatch, DuplicatePolicy } from '../import/planTypes';
import { mergeChanges } from '../import/merge';
import { contactFromRow, importedContactId, keepBothClientId } from '../import/clientRow';
import { mappingKey, type Mapping } from '../import/mapping';
import { FIELDS, normaliseName, type Entity, type TargetField } from '../import/aliases';
import { DATE_FORMATS, type DateFormat } from '../import/dates';
import { err, ok, type Result } from '../util/result';
import { run, type Ctx } from './context';
import { applyBatch, type BatchWrite } from './batches';
import { applyBatchInSlices } from './batchSlices';

/**
 * Turns a dry run (`ImportPlan`, from src/core/import) plus the user's choices into ONE
 * `applyBatch` call. Nothing here parses files: the plan already holds every record, and purchase
 * lines arrive either in `plan.purchases` (small files, tests) or as chunks the worker encoded.
 */

/** What the user decided on the dry-run screen. */
export interface ImportChoices {
  /** The user accepted that rows with problems are left out ("import only valid rows"). */
  validOnly: boolean;
  /** Duplicates against the base: one policy for all, and per-row overrides (Excel row → policy). */
  duplicates?: { all?: DuplicatePolicy; rows?: Readonly<Record<number, DuplicatePolicy>> };
}

/** Why a plan is not written. Stable codes: the UI says them in words. */
export type ImportRefusal =
  | { code: 'already-imported'; batchId: BatchId }
  | { code: 'has-errors'; rows: number }
  | { code: 'nothing-to-import' }
  | { code: 'bad-chunk'; message: string }
  | { code: 'write-failed'; message: string };

/** The counts the confirm button talks about (also stored on the batch). */
export interface ImportSummary {
  rowsRead: number;
  create: number;
  update: number;
  skip: number;
  error: number;
  newClientsFromPurchases: number;
  /** Contact persons to add (a clients file may bring only new contacts for known clients). */
  contacts: number;
}

/** The policy a duplicate row ends up with. Rows without a choice follow "for all", then "update". */
export function duplicateChoice(choices: ImportChoices, row: number): DuplicatePolicy {
  return choices.duplicates?.rows?.[row] ?? choices.duplicates?.all ?? 'update';
}

/** The id the planner gives the second client of a "keep both" row (same formula: same id on every laptop). */

/** Scalar, non-empty incoming values: what an "update" writes when the plan did not prepare one. */
function scalarFields(incoming: Partial<Client>): Partial<Client> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(incoming)) {
    if (v === undefined || v === '' || Array.isArray(v) || (typeof v === 'object' && v !== null)) continue;
    out[k] = v;
  }
  return out as Partial<Client>;
}

interface Resolved {
  clientsToCreate: Client[];
  clientsToUpdate: { id: ClientId; fields: Partial<Client> }[];
  contactsToCreate: Contact[];
  duplicateSkips: number;
}

const orphanCache = new WeakMap<ImportPlan, { chunks: readonly Uint8Array[]; orphans: Set<ClientId> }>();

/**
 * Clients a purchases/interactions file would create that no imported line refers to: the planner
 * links a row's client before it checks the row's date and amount, so a row that ends up as an
 * error may still have "created" its client. Those are left out (null = keep all: clients files).
 * Remembered per plan and chunks: the dry-run screen asks on every choice.
 */
function unreferenced(plan: ImportPlan, chunks: readonly Uint8Array[] | null): Set<ClientId> | null {
  if (plan.entity === 'clients' || chunks === null) return null;
  const hit = orphanCache.get(plan);
  if (hit && hit.chunks.length === chunks.length && hit.chunks.every((c, i) => c === chunks[i])) return hit.orphans;
  // Cross off the clients the plan creates as lines name them; stop as soon as none is left
  // (a million lines name them all within the first chunk or two: no need to visit every
  // dictionary). The worker's first chunks come with their sets made (chunkCheck.ts).
  const named = new Set<string>();
  for (const l of plan.purchases) named.add(l.clientId);
  for (const i of plan.interactions) named.add(i.clientId);
  let left = plan.clientsToCreate.filter((c) => !named.has(c.id)).map((c) => c.id);
  for (const c of chunks) {
    if (left.length === 0) break;
    const set = chunkClientSet(c);
    left = left.filter((id) => !set.has(id));
  }
  const orphans = new Set(left);
  orphanCache.set(plan, { chunks: [...chunks], orphans });
  return orphans;
}

/**
 * Applies the duplicate choices to a plan. The UI plans with policy "update" (the plan then holds
 * every prepared update); any row may then be switched to skip or keep-both here without a new
 * pass over the file. A row's choice decides all it brings: its fields (only the rows updated are
 * written, when one client has rows with different choices) and its contact person (none with
 * "skip", the new client's with "keep both").
 */
function resolveDuplicates(plan: ImportPlan, choices: ImportChoices, now: string, by: MemberId | '', chunks: readonly Uint8Array[] | null = null): Resolved {
  // The common case (a purchases file: every new client named by a line, no duplicates to choose
  // about) is the plan as it stands: no map of 20 000 clients on every redraw of the dry run.
  if (plan.duplicates.length === 0 && (unreferenced(plan, chunks)?.size ?? 0) === 0) {
    return { clientsToCreate: plan.clientsToCreate, clientsToUpdate: plan.clientsToUpdate, contactsToCreate: plan.contactsToCreate, duplicateSkips: 0 };
  }
  const creates = new Map<ClientId, Client>(plan.clientsToCreate.map((c) => [c.id, c]));
  const updates = new Map<ClientId, Partial<Client>>(plan.clientsToUpdate.map((u) => [u.id, u.fields]));
  const planned = new Map<string, Contact>(plan.contactsToCreate.map((c) => [c.id, c]));
  const contacts = new Map(planned);
  const rowsOf = new Map<ClientId, { d: DuplicateMatch; choice: DuplicatePolicy }[]>();
  const owned: { owner: ClientId; d: DuplicateMatch }[] = [];
  let duplicateSkips = 0;
  for (const d of plan.duplicates) {
    const choice = duplicateChoice(choices, d.row);
    const dupId = keepBothClientId(plan.fileHash, d.row);
    if (choice === 'keep-both') {
      if (!creates.has(dupId)) creates.set(dupId, { ...defaultClient(dupId, now, by), ...d.incoming, id: dupId });
    } else creates.delete(dupId);
    if (choice === 'skip') duplicateSkips++;
    const rows = rowsOf.get(d.existingId);
    if (rows) rows.push({ d, choice }); else rowsOf.set(d.existingId, [{ d, choice }]);
    if (d.contact?.id) contacts.delete(d.contact.id);
    if (d.contact && choice !== 'skip') owned.push({ owner: choice === 'keep-both' ? dupId : d.existingId, d });
  }
  // The contact persons of rows not skipped, on the client each row ended on: one the plan made
  // (not in the base), or the new client's own.
  for (const { owner, d } of owned) {
    const p = d.contact!;
    const id = importedContactId(owner, p.name);
    const made = planned.get(id);
    if (made) contacts.set(id, made);
    else if (owner !== d.existingId && !contacts.has(id)) contacts.set(id, contactFromRow(owner, p, now, by));
  }
  for (const [id, rows] of rowsOf) {
    const upd = rows.filter((r) => r.choice === 'update');
    const plannedFields = updates.get(id);
    if (upd.length === 0) { updates.delete(id); continue; }
    if (upd.length === rows.length && plannedFields) continue; // every row updates: the plan's own update
    // Only some rows: what those rows change, in file order.
    let fields: Partial<Client> = {};
    for (const { d } of upd) fields = mergeChanges(fields, d.changes ?? scalarFields(d.incoming));
    // The plan decided the kind (a vCard person stays a person): follow it.
    if (plannedFields && 'kind' in fields) { if (plannedFields.kind) fields.kind = plannedFields.kind; else delete fields.kind; }
    if (Object.keys(fields).length) updates.set(id, fields); else updates.delete(id);
  }
  const orphans = unreferenced(plan, chunks);
  const clientsToCreate = [...creates.values()].filter((c) => !orphans?.has(c.id));
  const createdIds = new Set(clientsToCreate.map((c) => c.id));
  const dropped = new Set(plan.clientsToCreate.filter((c) => !createdIds.has(c.id)).map((c) => c.id));
  return {
    clientsToCreate,
    clientsToUpdate: [...updates].map(([id, fields]) => ({ id, fields })),
    contactsToCreate: [...contacts.values()].filter((c) => !dropped.has(c.clientId)),
    duplicateSkips,
  };
}

/**
 * Counts after the user's choices (what the confirm button promises). Pass the worker's chunks
 * (or [] when the lines are in `plan.purchases`) to count only new clients that lines refer to.
 */
export function summarise(plan: ImportPlan, choices: ImportChoices, streamedChunks: readonly Uint8Array[] | null = null): ImportSummary {
  const r = resolveDuplicates(plan, choices, '', '', streamedChunks);
  const create = plan.entity === 'clients' ? r.clientsToCreate.length : plan.counts.create;
  return {
    rowsRead: plan.rowsRead,
    create,
    update: r.clientsToUpdate.length,
    skip: plan.counts.skip + r.duplicateSkips,
    error: plan.counts.error,
    newClientsFromPurchases: plan.entity === 'clients' ? 0 : streamedChunks === null ? plan.counts.newClientsFromPurchases : r.clientsToCreate.length,
    contacts: r.contactsToCreate.length,
  };
}

/** Purchase lines as columnar chunks of ≤ CHUNK_ROWS (the worker already sends them so). */
export function encodePurchaseChunks(plan: Pick<ImportPlan, 'purchases'>): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let i = 0; i < plan.purchases.length; i += CHUNK_ROWS) out.push(encodeChunk(plan.purchases.slice(i, i + CHUNK_ROWS)));
  return out;
}

/**
 * The BatchWrite for a plan and the user's choices, or why it must not be written:
 * an already imported file, rows with problems the user has not agreed to leave out, nothing to do.
 * `streamedChunks`: purchase chunks from the worker (then `plan.purchases` is empty).
 */
export function batchWriteFromPlan(
  plan: ImportPlan, choices: ImportChoices, streamedChunks: readonly Uint8Array[] = [], now = '', by: MemberId | '' = '',
): Result<BatchWrite, ImportRefusal> {
  if (plan.alreadyImported) return err({ code: 'already-imported', batchId: plan.batchId });
  if (plan.counts.error > 0 && !choices.validOnly) return err({ code: 'has-errors', rows: plan.counts.error });
  const chunks = [...streamedChunks, ...encodePurchaseChunks(plan)];
  for (const c of chunks) {
    const d = checkChunk(c);
    if (!d.ok) return err({ code: 'bad-chunk', message: d.error });
    if (d.value.n > CHUNK_ROWS) return err({ code: 'bad-chunk', message: `chunk of ${d.value.n} rows exceeds ${CHUNK_ROWS}` });
  }
  const r = resolveDuplicates(plan, choices, now, by, chunks);
  const s = summarise(plan, choices, chunks);
  if (r.clientsToCreate.length + r.clientsToUpdate.length + r.contactsToCreate.length + plan.interactions.length + chunks.length === 0) {
    return err({ code: 'nothing-to-import' });
  }
  const info: BatchWrite['info'] = {
    id: plan.batchId, fileName: plan.fileName, fileHash: plan.fileHash, entity: plan.entity,
    rowsRead: s.rowsRead, created: s.create, updated: s.update, skipped: s.skip + s.error, createdClientIds: [],
  };
  return ok({
    info, clientsToCreate: r.clientsToCreate, clientsToUpdate: r.clientsToUpdate, contactsToCreate: r.contactsToCreate,
    interactions: plan.interactions, chunks,
  });
}

/** From this many bytes of purchase chunks or new clients an import is written in slices (applyBatchInSlices). */
const SLICED_FROM = { chunkBytes: 1 << 20, clients: 2000 };

/**
 * The same as importPlan for a big file, written in several transactions with `pause` between
 * them (the page stays responsive; the batch stays invisible until the last one), one after
 * another in a task until it has taken `taskMs`. Small plans are one transaction.
 */
export async function importPlanInSlices(
  ctx: Ctx, plan: ImportPlan, choices: ImportChoices, streamedChunks: readonly Uint8Array[],
  pause: () => Promise<void>, onProgress?: (done: number, total: number) => void, taskMs = 0,
): Promise<Result<{ batchId: BatchId; alreadyPresent: boolean; summary: ImportSummary }, ImportRefusal>> {
  const w = batchWriteFromPlan(plan, choices, streamedChunks, ctx.now(), ctx.me);
  if (!w.ok) return w;
  const chunkBytes = w.value.chunks.reduce((n, c) => n + c.byteLength, 0);
  const big = chunkBytes >= SLICED_FROM.chunkBytes || w.value.clientsToCreate.length >= SLICED_FROM.clients;
  const r = big ? await applyBatchInSlices(ctx, w.value, pause, onProgress, taskMs) : applyBatch(ctx, w.value);
  if (!r.ok) return err({ code: 'write-failed', message: r.error });
  return ok({ batchId: plan.batchId, alreadyPresent: r.value.alreadyPresent, summary: summarise(plan, choices, w.value.chunks) });
}

/** Writes the plan as one batch (one transaction). A second call with the same plan is a no-op. */
export function importPlan(
  ctx: Ctx, plan: ImportPlan, choices: ImportChoices, streamedChunks: readonly Uint8Array[] = [],
): Result<{ batchId: BatchId; alreadyPresent: boolean; summary: ImportSummary }, ImportRefusal> {
  const w = batchWriteFromPlan(plan, choices, streamedChunks, ctx.now(), ctx.me);
  if (!w.ok) return w;
  const r = applyBatch(ctx, w.value);
  if (!r.ok) return err({ code: 'write-failed', message: r.error });
  return ok({ batchId: plan.batchId, alreadyPresent: r.value.alreadyPresent, summary: summarise(plan, choices, w.value.chunks) });
}

// ---- what the planner needs from the base ----

/** The base as the planner sees it: clients, contact persons, and batches that are in force. */
export function importContext(doc: Y.Doc, clients: Iterable<Client>): { clients: Client[]; contacts: Contact[]; batchIds: string[]; interactionIds: string[]; erasedIds: string[] } {
  const store = storeOf(doc);
  const contacts: Contact[] = [];
  for (const id of store.ids('contacts')) {
    const raw = store.merged('contacts', id);
    const r = raw ? validateContact(raw) : null;
    if (r?.ok && !r.value.deletedAt) contacts.push(r.value);
  }
  const batches = listBatches(doc);
  const batchIds = batches.filter((b) => !b.undoneAt).map((b) => b.id);
  // Deleted ones too (an interaction the team deleted is not brought back by a later file that has
  // it), but not those of an undone import: importing the file again brings them back.
  const undone = new Set<string>(batches.filter((b) => b.undoneAt).map((b) => b.id));
  const interactionIds: string[] = [];
  for (const id of store.ids('interactions')) {
    const raw = store.merged('interactions', id);
    const batch = raw && typeof raw === 'object' ? (raw as { batchId?: unknown }).batchId : undefined;
    if (raw && !(typeof batch === 'string' && undone.has(batch))) interactionIds.push(id);
  }
  return { clients: [...clients], contacts, batchIds, interactionIds, erasedIds: erasedIds(doc) };
}

/** The batch (in force) that already holds this file, whatever mapping it was imported with. */
export function batchOfFile(doc: Y.Doc, fileHash: string, batchId?: string): BatchInfo | null {
  const live = listBatches(doc).filter((b) => !b.undoneAt);
  return live.find((b) => b.id === batchId) ?? live.find((b) => b.fileHash === fileHash) ?? null;
}

// ---- mapping templates (settings `importTemplate:<mappingKey(header)>`) ----

export interface ImportTemplate {
  entity: Entity;
  mapping: Mapping;
  dateFormat?: DateFormat;
}

export const templateKey = (header: readonly string[]): string => `importTemplate:${mappingKey(header)}`;

function validateTemplate(raw: unknown, header: readonly string[]): ImportTemplate | null {
  if (typeof raw !== 'string') return null;
  let v: unknown;
  try { v = JSON.parse(raw); } catch { return null; }
  if (typeof v !== 'object' || v === null) return null;
  const o = v as Record<string, unknown>;
  if (o.entity !== 'clients' && o.entity !== 'purchases' && o.entity !== 'interactions') return null;
  const entity = o.entity;
  const allowed = new Set<TargetField>(FIELDS[entity]);
  const mapping: Mapping = {};
  // Names are matched after normalisation: the template may have been saved from "Дата" and read for "дата".
  const cols = new Map(header.map((h) => [normaliseName(h), h]));
  if (typeof o.mapping === 'object' && o.mapping !== null) {
    for (const [saved, f] of Object.entries(o.mapping as Record<string, unknown>)) {
      const col = cols.get(normaliseName(saved));
      if (col !== undefined && typeof f === 'string' && allowed.has(f as TargetField)) mapping[col] = f as TargetField;
    }
  }
  const dateFormat = DATE_FORMATS.find((d) => d === o.dateFormat);
  return dateFormat ? { entity, mapping, dateFormat } : { entity, mapping };
}

/** The saved mapping for files of this shape, or null. */
export function loadImportTemplate(doc: Y.Doc, header: readonly string[]): ImportTemplate | null {
  return validateTemplate(settingsMap(doc).get(templateKey(header)), header);
}

/** Saves the mapping for files of this shape (a no-op when the same one is saved already). */
export function saveImportTemplate(ctx: Ctx, header: readonly string[], tpl: ImportTemplate): Result<boolean> {
  const entries = Object.entries(tpl.mapping).filter(([, f]) => FIELDS[tpl.entity].includes(f)).sort(([a], [b]) => a.localeCompare(b));
  const value = JSON.stringify({ entity: tpl.entity, mapping: Object.fromEntries(entries), ...(tpl.dateFormat ? { dateFormat: tpl.dateFormat } : {}) });
  return run(ctx, 'saveImportTemplate', () => {
    const s = settingsMap(ctx.doc);
    const key = templateKey(header);
    if (s.get(key) === value) return ok(false);
    s.set(key, value);
    return ok(true);
  });
}
