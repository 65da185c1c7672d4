/**
 * The import/export area's verbs. Components call these and never see Yjs, the schema or the
 * worker protocol. Parsing and planning run in src/workers/import.worker.ts (import-core's);
 * writing is one batch via src/core/commands/importPlan.ts (big files in slices, invisible until complete).
 */
import { base } from '../../state/base.svelte';
import { undoImport as undoImportCmd, undoPreview as undoPreviewCmd, type UndoCounts } from '../../../core/commands/batches';
import { rememberChecked } from '../../../core/commands/chunkCheck';
import {
  batchOfFile, importContext, importPlanInSlices, loadImportTemplate, saveImportTemplate, summarise,
  type ImportChoices, type ImportRefusal, type ImportSummary, type ImportTemplate,
} from '../../../core/commands/importPlan';
import { listBatches, allChunks } from '../../../core/queries/purchases';
import { storeOf } from '../../../core/queries/store';
import { chunkLines } from '../../../core/model/purchase';
import { validateContact, type Contact } from '../../../core/model/contact';
import { validateTask, type Task } from '../../../core/model/task';
import type { BatchId, BatchInfo } from '../../../core/model/batch';
import { fullClient, type Client, type ClientId } from '../../../core/model/client';
import { ENCODINGS } from '../../../core/import/encoding';
import { DELIMITERS } from '../../../core/import/csvStream';
import { FIELDS } from '../../../core/import/aliases';
import { problemRows } from '../../i18n/reasons';
import { parseVcards } from '../../../core/import/vcard';
import { planVcards } from '../../../core/import/vcardPlan';
import { buildClientIndex } from '../../../core/import/clientIndex';
import { hashBytes } from '../../../core/model/ids';
import type { CsvOptions, CsvSniff } from '../../../core/import/csv';
import type { ColumnSuggestion, Mapping } from '../../../core/import/mapping';
import type { Entity, TargetField } from '../../../core/import/aliases';
import type { DateFormat } from '../../../core/import/dates';
import type { ImportPlan, DuplicatePolicy } from '../../../core/import/planTypes';
import type { FileProblem } from '../../../core/import/problem';
import type { PipelineFailure, PipelineProgress } from '../../../core/import/pipeline';
import { mayPlanInParts } from '../../../core/import/split';
import { csvBytes, csvFormatFor, csvFormatWith, toCsv, type CsvFormat } from '../../../core/export/csvWriter';
export { csvFormatWith };
import { clientsCsv, contactsCsv, purchasesCsv } from '../../../core/export/tables';
import { contactsToVcard } from '../../../core/export/vcard';
import { tasksToIcs } from '../../../core/export/ics';
import type { ImportRequest, ImportResponse } from '../../../workers/import.messages';
import type { PersistResult } from '../../../sync/persistence/types';
import { strictTsv, tsvCell } from '../../../core/import/paste';
import type { CountryCode } from 'libphonenumber-js';

export type { CsvOptions, CsvSniff, ColumnSuggestion, Mapping, Entity, TargetField, DateFormat, ImportPlan, DuplicatePolicy, FileProblem,
  PipelineFailure, PipelineProgress, ImportChoices, ImportRefusal, ImportSummary, ImportTemplate, BatchInfo, BatchId };
export { summarise };

export const ENCODING_CHOICES: readonly string[] = ENCODINGS;
export const DELIMITER_CHOICES: readonly string[] = DELIMITERS;
export const fieldsOf = (e: Entity): readonly TargetField[] => FIELDS[e];

// ---- the worker ----

let worker: Worker | null = null;
let nextId = 1;
const waiting = new Map<number, (m: ImportResponse) => void>();
/** Second workers planning the tail of a big file, by the run they help (ended with it). */
const tailWorkers = new Map<number, Worker>();

const importWorker = (name: string) => new Worker(new URL('../../../workers/import.worker.ts', import.meta.url), { type: 'module', name });

function getWorker(): Worker {
  if (!worker) {
    worker = importWorker('import');
    worker.onmessage = (ev: MessageEvent<ImportResponse>) => waiting.get(ev.data.id)?.(ev.data);
    worker.onerror = (ev) => {
      // A crashed worker fails everything in flight with a value (and is started afresh next time).
      for (const [id, fn] of waiting) fn({ type: 'failed', id, failure: { kind: 'exception', message: ev.message || 'the import worker stopped' } });
      waiting.clear();
      worker?.terminate();
      worker = null;
    };
  }
  return worker;
}

function send(msg: ImportRequest, transfer: Transferable[] = []): void { getWorker().postMessage(msg, transfer); }

/**
 * Ends the import worker after a dry run when nothing else waits on it: a worker that planned a
 * million lines keeps their garbage (and the file it hashed) until a collection that an idle worker
 * may never run — ~100–200 MB held through the write. The next request starts a fresh one.
 */
function retireIdle(): void {
  if (waiting.size > 0) return;
  worker?.terminate();
  worker = null;
}

/** The second worker, kept ready for a big file's dry run (ended once a small file is sniffed). */
let spareTail: Worker | null = null;

/**
 * Starts the import workers before a file is picked (their code loads and compiles meanwhile):
 * the lead, and the second one a big purchases file is planned with. Started at the pick, the
 * second came ~0.18 s after the dry run began (bench, clicked through at once); started here it
 * waits ready, and a small file ends it (`keepSpareTail`).
 */
export function warmUp(): () => void {
  getWorker();
  spareTail ??= importWorker('import-tail');
  // Leaving the import page ends the spare (a dry run under way keeps its own).
  return () => { spareTail?.terminate(); spareTail = null; };
}

function keepSpareTail(size: number): void {
  if (mayPlanInParts(size, 'purchases')) spareTail ??= importWorker('import-tail');
  else { spareTail?.terminate(); spareTail = null; }
}

/**
 * Cancel at once: the worker parses a big block of text without looking at its mailbox, so a
 * polite "cancel" message may wait seconds. Ending the worker stops it now (nothing was written:
 * the plan lives only in the worker); the next request starts a fresh one.
 */
function cancelRun(id: number): void {
  endTail(id);
  if (!waiting.has(id)) return;
  worker?.terminate();
  worker = null;
  const pending = [...waiting];
  waiting.clear();
  for (const [pid, fn] of pending) fn(pid === id ? { type: 'cancelled', id: pid } : { type: 'failed', id: pid, failure: { kind: 'cancelled' } });
}

export type SniffOutcome =
  | { ok: true; sniff: CsvSniff; suggestions: Record<Entity, ColumnSuggestion[]> }
  | { ok: false; failure: PipelineFailure };

/**
 * The file's SHA-256 (its batch id comes from it) is started by the worker when the file is first
 * sniffed, and is ready by the time the user has reviewed the mapping: the dry run then does not
 * wait for it. Keyed by the File object here and by that first sniff's id in the worker.
 */
const hashKeys = new WeakMap<Blob, number>();

/** Encoding, delimiter, header and the first rows of a file (the worker reads only its head). */
export function sniffFile(file: Blob, options: CsvOptions = {}): Promise<SniffOutcome> {
  const id = nextId++;
  const hashAs = hashKeys.has(file) ? undefined : id;
  if (hashAs !== undefined) hashKeys.set(file, hashAs);
  return new Promise((resolve) => {
    waiting.set(id, (m) => {
      if (m.type === 'sniffed') { waiting.delete(id); keepSpareTail(file.size); resolve({ ok: true, sniff: m.sniff, suggestions: m.suggestions }); }
      else if (m.type === 'failed') { waiting.delete(id); resolve({ ok: false, failure: m.failure }); }
    });
    send({ type: 'sniff', id, file, options, defaultCountry: countryOrRu(base.settings.defaultCountry), ...(hashAs !== undefined ? { hashAs } : {}) });
  });
}

export type PlanOutcome =
  | { ok: true; plan: ImportPlan; chunks: Uint8Array[] }
  | { ok: false; failure: PipelineFailure };

export interface PlanRun { done: Promise<PlanOutcome>; cancel(): void }

export interface PlanRequest {
  file: Blob;
  fileName: string;
  csv: CsvOptions;
  entity: Entity;
  mapping: Mapping;
  dateFormat?: DateFormat;
}

/**
 * The dry run: the worker hashes, decodes, parses and plans the whole file (purchases come back as
 * encoded chunks). Nothing is written. Always plans with policy "update": the duplicate choices are
 * applied at confirm time without reading the file again.
 */
export function planFile(req: PlanRequest, onProgress: (p: PipelineProgress) => void): PlanRun {
  const id = nextId++;
  const chunks: Uint8Array[] = [];
  const clients: ImportPlan['clientsToCreate'] = [], contacts: ImportPlan['contactsToCreate'] = [];
  const plan = {
    entity: req.entity, mapping: { ...req.mapping }, defaultCountry: countryOrRu(base.settings.defaultCountry),
    ...(req.dateFormat ? { dateFormat: req.dateFormat } : {}), duplicatePolicy: 'update' as const, now: new Date().toISOString(), by: base.me,
  };
  // Progress of both parts, shown as one.
  let lead: PipelineProgress | null = null, tailSoFar = { rows: 0, bytes: 0 };
  const show = () => {
    if (!lead) return;
    const rows = lead.rows + tailSoFar.rows, seconds = lead.rows > 0 ? lead.rows / lead.rowsPerSecond : 0;
    onProgress({ ...lead, rows, bytes: Math.min(lead.totalBytes, lead.bytes + tailSoFar.bytes), rowsPerSecond: seconds > 0 ? rows / seconds : lead.rowsPerSecond });
  };
  const channel = mayPlanInParts(req.file.size, req.entity) ? startTail(id, req, plan, (p) => { tailSoFar = p; show(); }) : null;
  const done = new Promise<PlanOutcome>((resolve) => {
    const finish = (o: PlanOutcome) => { waiting.delete(id); endTail(id); retireIdle(); resolve(o); };
    waiting.set(id, (m) => {
      if (m.type === 'progress') { lead = m; show(); }
      else if (m.type === 'purchase-chunk') { chunks[m.seq] = m.chunk; rememberChecked(m.chunk, m.rows, m.clients); }
      else if (m.type === 'plan-part') {
        if (m.restart) { clients.length = 0; contacts.length = 0; }
        for (const c of m.clients) clients.push(fullClient(c, plan.now, plan.by));
        contacts.push(...m.contacts);
      }
      else if (m.type === 'planned') {
        // For benches and tests: whether the file was planned in two parts (core/import/split.ts).
        performance.mark('kartoteka:import-planned', { detail: { parts: m.parts } });
        finish({ ok: true, plan: { ...m.plan, clientsToCreate: clients, contactsToCreate: contacts }, chunks: chunks.filter(Boolean) });
      }
      else if (m.type === 'failed') finish({ ok: false, failure: m.failure });
      else if (m.type === 'cancelled') finish({ ok: false, failure: { kind: 'cancelled' } });
    });
    const existing = importContext(base.doc, base.cache.byId.values());
    const hashOf = hashKeys.get(req.file);
    const msg: ImportRequest = {
      type: 'plan', id, file: req.file, fileName: req.fileName, csv: req.csv, existing, plan,
      ...(hashOf !== undefined ? { hashOf } : {}), ...(channel ? { tail: channel } : {}),
    };
    send(msg, channel ? [channel] : []);
  });
  return { done, cancel: () => cancelRun(id) };
}

/**
 * Starts a second worker on the tail of a big purchases file (core/import/split.ts); returns the
 * port the lead receives the tail part on. If that worker dies, the lead is told and reads the rest itself.
 */
function startTail(id: number, req: PlanRequest, plan: Extract<ImportRequest, { type: 'tail' }>['plan'], progress: (p: { rows: number; bytes: number }) => void): MessagePort {
  const w = spareTail ?? importWorker('import-tail');
  spareTail = null;
  const { port1, port2 } = new MessageChannel();
  tailWorkers.set(id, w);
  // Ended with the run, not when it posts its part: that message must not be lost with the worker.
  w.onmessage = (ev: MessageEvent<ImportResponse>) => { if (ev.data.type === 'tail-progress') progress(ev.data); };
  w.onerror = () => { endTail(id); worker?.postMessage({ type: 'tail-lost', id } satisfies ImportRequest); };
  w.postMessage({ type: 'tail', id, file: req.file, csv: req.csv, plan, port: port2 } satisfies ImportRequest, [port2]);
  return port1;
}

function endTail(id: number): void {
  tailWorkers.get(id)?.terminate();
  tailWorkers.delete(id);
}

const countryOrRu = (c: string): CountryCode => (/^[A-Z]{2}$/.test(c) ? c : 'RU') as CountryCode;

/** A vCard file (phone or Outlook contacts)? Decided by name or by its first bytes. */
export async function isVcardFile(file: Blob & { name?: string }): Promise<boolean> {
  if (/\.vcf$|\.vcard$/i.test(file.name ?? '')) return true;
  const head = new TextDecoder().decode(await file.slice(0, 64).arrayBuffer()).replace(/^\ufeff/, '').trimStart();
  return /^BEGIN:VCARD/i.test(head);
}

/**
 * Plans a vCard file as a clients import (a card with ORG → company client with the person as its
 * contact). Contact files are small, so this runs here rather than in the worker.
 */
export async function planVcardFile(file: File): Promise<PlanOutcome> {
  try {
    const bytes = new Uint8Array(await file.arrayBuffer());
    const cards = parseVcards(bytes);
    if (!cards.ok) return { ok: false, failure: { kind: 'file', problem: cards.error } };
    if (cards.value.length === 0) return { ok: false, failure: { kind: 'file', problem: { code: 'no-data-rows', message: 'no cards' } } };
    const ex = importContext(base.doc, base.cache.byId.values());
    const r = planVcards(cards.value, {
      fileName: file.name, fileHash: hashBytes(bytes), defaultCountry: countryOrRu(base.settings.defaultCountry),
      index: buildClientIndex(ex.clients, ex.contacts, ex.batchIds, ex.interactionIds, ex.erasedIds), now: new Date().toISOString(), by: base.me, duplicatePolicy: 'update',
    });
    return r.ok ? { ok: true, plan: r.value, chunks: [] } : { ok: false, failure: { kind: 'plan', problem: r.error } };
  } catch (e) {
    return { ok: false, failure: { kind: 'exception', message: e instanceof Error ? e.message : String(e) } };
  }
}

// ---- writing ----

/**
 * Room check before writing: the base grows by about twice the file (records + the write-ahead
 * copy IndexedDB keeps until the transaction commits). Unknown quota → allowed.
 */
export async function roomFor(bytes: number): Promise<{ ok: true } | { ok: false; need: number; free: number }> {
  try {
    const est = await navigator.storage?.estimate?.();
    if (!est || est.quota === undefined) return { ok: true };
    const free = est.quota - (est.usage ?? 0);
    const need = bytes * 2;
    return free >= need ? { ok: true } : { ok: false, need, free };
  } catch {
    return { ok: true };
  }
}

/**
 * How long a write's task may run: slices run on while the next should end within it
 * (batchSlices.ts TaskBudget). Slices take ~12 ms on a quick machine (two or three a task) and
 * 30–60 ms where fresh memory is slow (one a task). With 20 the write took ~0.1 s longer
 * (alternating pairs): each pause lets a frame be drawn.
 */
const WRITE_TASK_MS = 30;

/**
 * Writes the confirmed plan as one batch and remembers the mapping for files of this layout.
 * A big file is written in slices with a pause between them, so the page keeps answering.
 */
export async function confirmImport(
  plan: ImportPlan, choices: ImportChoices, chunks: readonly Uint8Array[], template: { header: string[]; tpl: ImportTemplate } | null,
  onProgress?: (done: number, total: number) => void,
) {
  // A plain task between slices, not scheduler.yield(): yield's continuations run ahead of paint,
  // so several slices ended up in one 100+ ms frame (measured); the page paints between tasks.
  // Not setTimeout(0) either: nested timers are held back ≥ 4 ms each, ~0.15 s idle per million lines.
  const c = new MessageChannel();
  const pause = () => new Promise<void>((r) => { c.port1.onmessage = () => r(); c.port2.postMessage(null); });
  try {
    // A big write ends with a task of its own after the commit (batchSlices.ts), where the page
    // draws the result: commit and redraw together took 105–149 ms in 3 of 8 bench runs.
    const r = await importPlanInSlices(base.ctx, plan, choices, chunks, pause, onProgress, WRITE_TASK_MS);
    if (r.ok && template) saveImportTemplate(base.ctx, template.header, template.tpl);
    return r;
  } finally {
    c.port1.close();
  }
}

/**
 * Whether the base is on disk, the write just made included (or the storage error). Writing to
 * IndexedDB follows the write to the base in memory, so a full disk is known only then: the
 * import page says so instead of "Imported". A batch is written all or nothing (batchSlices.ts):
 * what did not reach the disk is not there after a reload, and "Retry" writes it all.
 */
export async function savedToDisk(): Promise<PersistResult> {
  return (await base.persistence?.flush()) ?? { ok: true };
}

/** What undoing a batch would remove and keep (nothing written): the confirmation shows it. */
export const undoPreview = (id: BatchId) => undoPreviewCmd(base.doc, id);
export const undoBatch = (id: BatchId) => undoImportCmd(base.ctx, id);
export type { UndoCounts };
export const readBatches = (): BatchInfo[] => listBatches(base.doc);
export const readTemplate = (header: readonly string[]): ImportTemplate | null => loadImportTemplate(base.doc, header);
export const saveTemplate = (header: readonly string[], tpl: ImportTemplate) => saveImportTemplate(base.ctx, header, tpl);
/** The batch in force that already holds this file (to say "already imported on …"). */
export const importedBatch = (fileHash: string, batchId?: string): BatchInfo | null => batchOfFile(base.doc, fileHash, batchId);
export const memberName = (id: string): string => base.memberName(id);
/** The import (in force) that created this client, if any. */
export const batchOfClient = (id: ClientId): BatchInfo | null => readBatches().find((b) => !b.undoneAt && b.createdClientIds.includes(id)) ?? null;

// ---- downloads ----

export interface Download { name: string; blob: Blob }

/** Saves a Blob through the browser's download (works offline, nothing leaves the laptop). */
export function download(d: Download): void {
  const url = URL.createObjectURL(d.blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = d.name;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

const stamp = () => new Date().toISOString().slice(0, 10);
const csvBlob = (text: string) => new Blob([csvBytes(text) as Uint8Array<ArrayBuffer>], { type: 'text/csv;charset=utf-8' });

/** The dry run's problems as a CSV to fix in Excel (UTF-8 BOM, the locale's separator). */
export function problemsCsv(plan: Pick<ImportPlan, 'rowErrors' | 'warnings' | 'fileName'>, locale: string): Download {
  const base0 = plan.fileName.replace(/\.[^.]*$/, '') || 'import';
  return { name: `${base0}-problems.csv`, blob: csvBlob(toCsv(problemRows(plan, locale), csvFormatFor(locale))) };
}

function liveClients(): Client[] { return [...base.cache.byId.values()].filter((c) => !c.deletedAt); }
function clientsById(): Map<ClientId, Client> { return new Map(liveClients().map((c) => [c.id, c])); }

function readAll<T>(kind: 'contacts' | 'tasks', validate: (raw: unknown) => { ok: true; value: T } | { ok: false; error: string }): T[] {
  const s = storeOf(base.doc);
  const out: T[] = [];
  for (const id of s.ids(kind)) { const raw = s.merged(kind, id); const r = raw ? validate(raw) : null; if (r?.ok) out.push(r.value); }
  return out;
}

export function exportClients(fmt: CsvFormat): Download {
  return { name: `clients-${stamp()}.csv`, blob: csvBlob(clientsCsv(liveClients(), fmt)) };
}
export function exportContacts(fmt: CsvFormat): Download {
  return { name: `contacts-${stamp()}.csv`, blob: csvBlob(contactsCsv(readAll<Contact>('contacts', validateContact), clientsById(), fmt)) };
}
export function exportPurchases(fmt: CsvFormat): Download {
  const lines = allChunks(base.doc).flatMap(chunkLines);
  // Every client, merged and deleted ones too: a merged client's lines go out under its survivor's id.
  return { name: `purchases-${stamp()}.csv`, blob: csvBlob(purchasesCsv(lines, new Map(base.cache.byId), fmt)) };
}

/**
 * The separator Excel on this computer most likely expects: it follows the system's regional
 * settings, which the browser's language tells better than the app's (a Macedonian team may use
 * the English interface on Macedonian Windows). The export panel lets the user change it.
 */
export function likelyCsvFormat(appLocale: string): CsvFormat {
  const chosen = storedSeparator();
  if (chosen) return csvFormatWith(chosen);
  const nav = typeof navigator !== 'undefined' ? navigator.language : '';
  return csvFormatFor(nav || appLocale);
}

/** The separator the user chose on this computer (its Excel's, so kept per browser, not for the team). */
const SEPARATOR_KEY = 'kartoteka.csvSeparator';
function storedSeparator(): ';' | ',' | null {
  try { const v = localStorage.getItem(SEPARATOR_KEY); return v === ';' || v === ',' ? v : null; } catch { return null; }
}
export function rememberSeparator(sep: ';' | ','): void {
  try { localStorage.setItem(SEPARATOR_KEY, sep); } catch { /* private mode or full storage: the guess stays */ }
}

/** 3.0 opens everywhere (Outlook, older phones); 4.0 for address books that want it (RFC 6350). */
export function exportVcards(version: '3.0' | '4.0' = '3.0'): Download {
  const text = contactsToVcard(readAll<Contact>('contacts', validateContact), clientsById(), version);
  return { name: `contacts-${stamp()}.vcf`, blob: new Blob([text], { type: 'text/vcard;charset=utf-8' }) };
}
/** The open next contacts as a calendar, or null when there are none (a blank calendar helps nobody; Google says "0 events"). */
export function exportNextContacts(calendarName: string): Download | null {
  const text = tasksToIcs(readAll<Task>('tasks', validateTask), clientsById(), { calendarName });
  if (!text.includes('BEGIN:VEVENT')) return null;
  return { name: `next-contacts-${stamp()}.ics`, blob: new Blob([text], { type: 'text/calendar;charset=utf-8' }) };
}

// ---- pasted cells ----

/** Pasted cells as a file for the same pipeline, and the settings to read it with. */
export interface PastedCells { file: File; csv: CsvOptions }

/**
 * Pasted spreadsheet cells (text/plain as Excel, LibreOffice or Google Sheets put it, or only
 * their HTML table) as a file, or null when the clipboard holds no cells.
 * - Cells from a spreadsheet are TAB-separated: with a TAB in the text, or a table in the HTML
 *   (one column has no TAB), the delimiter is TAB — detection split "1,5" and "Иванов, Иван" at
 *   the comma and one column of full names at the spaces.
 * - The bytes are the same whichever program the rows came from (CRLF or LF, a last newline or
 *   not, Excel's unquoted cells or LibreOffice's quoted ones): the file's hash is the import's
 *   identity, so pasting the same rows again is "already imported", not a second copy of them.
 */
export function pastedCells(text: string, html = ''): PastedCells | null {
  const cells = text.trim() ? text : ((html && htmlTableTsv(html)) ?? '');
  if (!cells.trim()) return null;
  const tsv = cells.includes('\t') || /<table[\s>]/i.test(html);
  const body = (tsv ? strictTsv(cells) : cells.replace(/\r\n?/g, '\n')).replace(/\n+$/, '') + '\n';
  return { file: new File([body], 'pasted.tsv', { type: 'text/tab-separated-values' }), csv: tsv ? { delimiter: '\t' } : {} };
}

/**
 * The first table of pasted HTML as TSV (some programs put only HTML on the clipboard), or null.
 * A line break in a cell stays one; other white space of the markup is one space. A merged cell
 * keeps the columns after it in place.
 */
export function htmlTableTsv(html: string): string | null {
  if (typeof DOMParser === 'undefined') return null;
  const table = new DOMParser().parseFromString(html, 'text/html').querySelector('table');
  if (!table) return null;
  const BR = '\uE000';
  const rows: string[][] = [];
  for (const tr of table.querySelectorAll('tr')) {
    const cells: string[] = [];
    for (const td of tr.querySelectorAll(':scope > td, :scope > th')) {
      for (const br of td.querySelectorAll('br')) br.replaceWith(BR);
      cells.push((td.textContent ?? '').replace(/\s+/g, ' ').trim().replaceAll(BR, '\n'));
      const span = Math.min(Number(td.getAttribute('colspan')) || 1, 1000);
      for (let k = 1; k < span; k++) cells.push('');
    }
    rows.push(cells);
  }
  if (!rows.some((r) => r.some((c) => c !== ''))) return null;
  return rows.map((r) => r.map(tsvCell).join('\t')).join('\n');
}
