import { sha256 } from '@noble/hashes/sha2.js';
import { err, ok, type Result } from '../util/result';
import type { Client } from '../model/client';
import type { Contact } from '../model/contact';
import { buildClientIndex } from './clientIndex';
import { RowAssembler, sniffCsv, type CsvOptions, type CsvSniff } from './csv';
import { SNIFF_BYTES } from './encoding';
import { DECIDE_ROWS, ImportPlanner, planFormats } from './plan';
import { findSplit, type PlannedTail } from './split';
import { HashGate } from './hashGate';
import type { ImportPlan, PlanOptions, PlanProblem } from './planTypes';
import type { FileProblem } from './problem';

/** Plan settings the UI confirmed (everything PlanOptions needs that does not come from the file itself). */
export type PipelinePlanOptions = Omit<PlanOptions, 'index' | 'onChunk' | 'header' | 'fileHash' | 'fileName' | 'parseErrors'>;

export interface PipelineInput {
  file: Blob;
  fileName: string;
  /** The encoding/delimiter/header the user confirmed in the preview (sniffed again if absent). */
  csv: CsvOptions;
  plan: PipelinePlanOptions;
  existing: { clients: Client[]; contacts?: Contact[]; batchIds?: string[]; interactionIds?: string[]; erasedIds?: string[] };
  /** `hashBlob(file)`, when the caller started it already (null: hash it here after all). */
  fileHash?: Promise<string | null>;
}

export interface PipelineProgress {
  phase: 'parsing';
  bytes: number;
  totalBytes: number;
  rows: number;
  rowsPerSecond: number;
}

export interface PipelineHooks {
  progress?(p: PipelineProgress): void;
  /** An encoded purchases chunk (model/purchase.ts `encodeChunk`, ≤ CHUNK_ROWS lines). */
  chunk?(seq: number, bytes: Uint8Array, rows: number, clients: readonly string[]): void;
  signal?: AbortSignal;
  /** Milliseconds between progress reports. */
  progressEvery?: number;
  /**
   * The rest of the file planned apart by another worker (`runTail` there), if one was started:
   * called once the split point is known; null = it could not, the lead reads the rest itself.
   */
  tail?: () => Promise<PlannedTail | null>;
  /** Smallest file planned in two parts (split.ts SPLIT_FROM; tests set it low). */
  splitFrom?: number;
  /**
   * A split file's clients created in the lead's part, once it is read (before the tail part is
   * joined): `plan.clientsToCreate` starts with them, unchanged unless `PipelineResult.sentAheadChanged`.
   */
  created?(clients: readonly Client[]): void;
}

export type PipelineFailure =
  | { kind: 'file'; problem: FileProblem }
  | { kind: 'plan'; problem: PlanProblem }
  | { kind: 'cancelled' }
  | { kind: 'exception'; message: string };

export interface PipelineResult {
  /** The plan; for purchases `plan.purchases` is empty: the lines went out as `chunks` encoded chunks. */
  plan: ImportPlan;
  sniff: CsvSniff;
  chunks: number;
  /** 2 when the file was planned in two parts at once (split.ts), else 1. */
  parts: 1 | 2;
  /** A client given to `hooks.created` changed afterwards (a later row merged into it). */
  sentAheadChanged: boolean;
}

/** Reads the head of a file for the preview. */
export async function sniffBlob(file: Blob, options: CsvOptions = {}): Promise<Result<CsvSniff, FileProblem>> {
  const head = new Uint8Array(await file.slice(0, SNIFF_BYTES + 4).arrayBuffer());
  return sniffCsv(head, options);
}

/**
 * SHA-256 of a Blob, streamed (equal to `hashBytes` of the whole file, without holding it in memory).
 */
export async function hashBlob(file: Blob, onBytes?: (n: number) => void, signal?: AbortSignal): Promise<string | null> {
  // WebCrypto is native and ~20× faster than JS SHA-256 but cannot stream: use it when holding the
  // file for a moment is cheap (≤ 256 MB), stream through @noble/hashes otherwise.
  if (file.size <= 256 * 1024 * 1024 && globalThis.crypto?.subtle) {
    const digest = new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', await file.arrayBuffer()));
    onBytes?.(file.size);
    return signal?.aborted ? null : toHex(digest);
  }
  const h = sha256.create();
  const reader = file.stream().getReader();
  let n = 0;
  for (;;) {
    if (signal?.aborted) { await reader.cancel(); return null; }
    const { done, value } = await reader.read();
    if (done) break;
    h.update(value);
    n += value.length;
    onBytes?.(n);
  }
  return toHex(h.digest());
}

function toHex(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return s;
}

/**
 * Bytes passed to TextDecoder per call, by encoding. Chromium decodes a legacy code page through
 * buffers it allocates afresh for each call, and first-touched memory is dear (~12 µs per 4 KiB
 * page on the bench VM): 40 MB of windows-1251 Cyrillic took 3.1 s to decode in 4 MB pieces, 1.4 s
 * in 1 MB pieces and ~0.1 s in 16–64 KB pieces. UTF-8 (ASCII) is the other way round: the import
 * bench was 0.3–0.9 s slower in 32 or 64 KB pieces than with each read decoded whole
 * (docs/benchmarks.md, eleventh session). Blob streams hand over 64 KB–2 MB per read; 4 MB also
 * bounds the text alive at once (Node's Blob.stream() yields a whole file as one chunk).
 */
const decodePiece = (encoding: string): number => (encoding === 'utf-8' ? 4 << 20 : 1 << 16);

/**
 * How long the lead waits for the file's hash before it reads on without it (through the gate):
 * about what WebCrypto takes for the biggest file it hashes (256 MB) on a free core.
 */
const HASH_WAIT_MS = 1000;

/** Rows parsed ahead of the file's hash at most (~100 MB of cells). */
const MAX_EARLY_ROWS = 300_000;

/**
 * Reads `file` from byte `start` to `end` in pieces, decoding each into `push` (after each piece,
 * waits for what `wait` returns, if anything). False when cancelled.
 */
async function feed(
  file: Blob, start: number, end: number, decoder: TextDecoder, push: (text: string, bytes: number) => void,
  signal?: AbortSignal, wait?: () => Promise<unknown> | undefined,
): Promise<boolean> {
  const reader = file.slice(start, end).stream().getReader();
  const piece = decodePiece(decoder.encoding);
  let bytesIn = start;
  for (;;) {
    if (signal?.aborted) { await reader.cancel(); return false; }
    const { done, value } = await reader.read();
    if (done) break;
    for (let i = 0; i < value.length; i += piece) {
      if (signal?.aborted) { await reader.cancel(); return false; }
      push(decoder.decode(value.subarray(i, i + piece), { stream: true }), bytesIn + Math.min(value.length, i + piece));
      const w = wait?.();
      if (w) await w;
    }
    bytesIn += value.length;
  }
  return !signal?.aborted;
}

/**
 * The import worker's whole job, runnable in Node: hash the file (first pass), then decode piece by
 * piece with a streaming TextDecoder BEFORE parsing (it keeps multi-byte characters split across
 * pieces whole, which papaparse's own chunking does not), parse, plan and encode purchase chunks (second pass).
 * Never throws: every failure, including a bug, comes back as a value.
 */
export async function runImport(input: PipelineInput, hooks: PipelineHooks = {}): Promise<Result<PipelineResult, PipelineFailure>> {
  try {
    return await run(input, hooks);
  } catch (e) {
    return err({ kind: 'exception', message: e instanceof Error ? e.message : String(e) });
  }
}

async function run(input: PipelineInput, hooks: PipelineHooks): Promise<Result<PipelineResult, PipelineFailure>> {
  const total = input.file.size;
  const every = hooks.progressEvery ?? 200;
  const t0 = Date.now();
  let last = 0;
  let rows = 0;
  const report = (bytes: number, force = false) => {
    const now = Date.now();
    if (!hooks.progress || (!force && now - last < every)) return;
    last = now;
    hooks.progress({ phase: 'parsing', bytes, totalBytes: total, rows, rowsPerSecond: rows / Math.max(0.001, (now - t0) / 1000) });
  };

  const sniff = await sniffBlob(input.file, input.csv);
  if (!sniff.ok) return err({ kind: 'file', problem: sniff.error });
  let seq = 0;
  // The planner needs the file's hash, which WebCrypto computes off this thread. Rows read before
  // it comes wait at the gate (planned without the hash where they can be).
  const header = sniff.value.header;
  const gate = new HashGate(input.plan.entity === 'purchases' ? tailModeOptions(input.plan, header) : null);
  const st: { hash: 'pending' | 'cancelled' | 'ok' | { failed: unknown } } = { hash: 'pending' };
  const hashed = (input.fileHash ?? Promise.resolve(null)).then((h) => h ?? hashBlob(input.file, undefined, hooks.signal)).then((fileHash) => {
    if (fileHash === null) { st.hash = 'cancelled'; return; }
    const opened = gate.open(() => new ImportPlanner({
      ...input.plan, fileName: input.fileName, fileHash, header,
      index: buildClientIndex(input.existing.clients, input.existing.contacts ?? [], input.existing.batchIds ?? [], input.existing.interactionIds ?? [], input.existing.erasedIds ?? []),
      onChunk: (bytes, rows, clients) => { hooks.chunk?.(seq++, bytes, rows, clients); },
    }));
    st.hash = opened ? 'ok' : { failed: new Error('the rows read before the file was hashed could not be joined to the plan') };
  }, (e: unknown) => { st.hash = { failed: e }; });
  const asm = new RowAssembler(sniff.value, (f, row) => { rows++; gate.add(f, row); });
  // A slow hash (a file over 256 MB is hashed in JS, streamed) must not hold the whole file's rows.
  const wait = () => (st.hash === 'pending' && gate.held >= MAX_EARLY_ROWS ? hashed : undefined);
  // fatal: false — a stray invalid byte becomes U+FFFD in that cell rather than failing the file.
  // stream: true keeps a multi-byte character split across two pieces whole (as TextDecoderStream does).
  const decoder = new TextDecoder(sniff.value.encoding);
  const push = (text: string, bytes: number) => { asm.push(text); report(bytes); };
  // Found on every path, with or without a tail worker: chunks end at the split (ImportPlanner.endPart).
  const split = await findSplit(input.file, sniff.value, input.plan.entity, hooks.splitFrom);
  const tail = split !== null && hooks.tail ? hooks.tail() : null;
  // The lead first lets the hash have its core for a moment. WebCrypto hashes a 65 MB file in
  // ~0.2 s on a free core, but with both workers planning it came ~1.3 s after the pick, and
  // joining the rows the gate had planned meanwhile (0.4 s) then sat on the lead's path.
  // (A cancel ends the wait at once.)
  let timer: ReturnType<typeof setTimeout> | undefined;
  const abort = new AbortController();
  await Promise.race([hashed, new Promise((r) => {
    timer = setTimeout(r, HASH_WAIT_MS);
    if (hooks.signal?.aborted) r(null);
    else hooks.signal?.addEventListener('abort', r, { once: true, signal: abort.signal });
  })]);
  clearTimeout(timer);
  abort.abort();
  if (!await feed(input.file, 0, split ?? total, decoder, push, hooks.signal, wait)) return err({ kind: 'cancelled' });
  await hashed;
  if (typeof st.hash === 'object') throw st.hash.failed;
  const planner = gate.planner;
  if (!planner) return err({ kind: 'cancelled' });
  const parseErrors = asm.errors;
  // The page takes the lead's new clients in while the lead waits for the tail and joins it.
  if (tail) hooks.created?.(planner.sendAhead());
  const t = tail ? await tail : null;
  if (hooks.signal?.aborted) return err({ kind: 'cancelled' });
  // The tail joins only where one pass would have started a record at the split point.
  if (split !== null && asm.atRecordEnd) planner.endPart();
  const joined = t !== null && t.start === split && asm.atRecordEnd && planner.joinTail(t, asm.records);
  if (t && joined) {
    rows += t.rowsRead;
    for (const e of t.parseErrors) parseErrors.push({ ...e, row: e.row + asm.records });
  } else if (split !== null && !await feed(input.file, split, total, decoder, push, hooks.signal, wait)) return err({ kind: 'cancelled' });
  asm.push(decoder.decode());
  asm.end();
  report(total, true);
  // Row errors found by the parser go in with the planner's own (sorted by row at finish).
  const plan = planner.finish();
  if (!plan.ok) return err({ kind: 'plan', problem: plan.error });
  for (const e of parseErrors) { plan.value.rowErrors.push(e); }
  plan.value.rowErrors.sort((a, b) => a.row - b.row);
  plan.value.rowsRead += parseErrors.length;
  plan.value.counts.error = new Set(plan.value.rowErrors.map((e) => e.row)).size;
  return ok({ plan: plan.value, sniff: sniff.value, chunks: seq, parts: joined ? 2 : 1, sentAheadChanged: planner.sentAheadChanged });
}

/** What a tail worker needs: the file, the confirmed CSV options and the plan settings (no base: it links nothing). */
export interface TailInput {
  file: Blob;
  csv: CsvOptions;
  plan: Pick<PipelinePlanOptions, 'entity' | 'mapping' | 'defaultCountry' | 'dateFormat' | 'decimal' | 'now' | 'by'>;
}

/**
 * The tail part of a file planned in two parts (split.ts): from the split point to the end, with
 * the formats the lead decides from the file's first rows. Null when this file is not split or
 * anything fails: the lead then reads the rest itself. Never throws.
 */
export async function runTail(
  input: TailInput, hooks: { progress?(rows: number, bytes: number): void; signal?: AbortSignal; splitFrom?: number } = {},
): Promise<PlannedTail | null> {
  try {
    const sniff = await sniffBlob(input.file, input.csv);
    if (!sniff.ok) return null;
    const start = await findSplit(input.file, sniff.value, input.plan.entity, hooks.splitFrom);
    if (start === null) return null;
    const head = await headFormats(input, sniff.value, hooks.signal);
    if (!head) return null;
    const planner = new ImportPlanner({ ...tailModeOptions(input.plan, sniff.value.header), formats: head.formats, tailChunks: true });
    let rows = 0, last = 0;
    // Its first line is a data row: the header is the lead's.
    const asm = new RowAssembler({ ...sniff.value, hasHeader: false }, (f, row) => { rows++; planner.add(f, row); });
    const push = (text: string, bytes: number) => {
      asm.push(text);
      const now = Date.now();
      if (hooks.progress && now - last > 200) { last = now; hooks.progress(rows, bytes - start); }
    };
    if (!await feed(input.file, start, input.file.size, new TextDecoder(sniff.value.encoding), push, hooks.signal)) return null;
    asm.end();
    if (!planner.finish().ok) return null;
    const part = planner.tailChunked();
    return part && { ...part, start, records: asm.records, parseErrors: asm.errors };
  } catch {
    return null;
  }
}

/** A tail-mode planner (split.ts) for part of a file: no base, no hash, nothing linked. */
function tailModeOptions(plan: TailInput['plan'], header: readonly string[]): PlanOptions {
  return { ...plan, fileName: '', fileHash: '', header, index: buildClientIndex([]), tail: true };
}

/**
 * The formats the lead's planner decides from the file's first data rows (read again here from the
 * head), and the head's bytes per row (to size the tail's columns).
 */
async function headFormats(input: TailInput, sniff: CsvSniff, signal?: AbortSignal) {
  const head: string[][] = [];
  const asm = new RowAssembler(sniff, (f) => { if (head.length < DECIDE_ROWS) head.push(f); });
  const decoder = new TextDecoder(sniff.encoding);
  // In small pieces: the head's rows are all that is needed, and the tail waits for them.
  for (let at = 0; head.length < DECIDE_ROWS && at < Math.min(input.file.size, 1 << 22) && !signal?.aborted; at += 1 << 18) {
    const piece = new Uint8Array(await input.file.slice(at, at + (1 << 18)).arrayBuffer());
    const step = decodePiece(decoder.encoding);
    for (let i = 0; i < piece.length; i += step) asm.push(decoder.decode(piece.subarray(i, i + step), { stream: true }));
  }
  // Fewer rows in the first 4 MB than the lead decides on: leave the file to the lead.
  if (head.length < DECIDE_ROWS) return null;
  const f = planFormats(head, { header: sniff.header, ...input.plan });
  return f.ok ? { formats: f.value } : null;
}
