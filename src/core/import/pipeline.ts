import { sha256 } from '@noble/hashes/sha2.js';
import { err, ok, type Result } from '../util/result';
import type { Client } from '../model/client';
import type { Contact } from '../model/contact';
import { buildClientIndex } from './clientIndex';
import { RowAssembler, sniffCsv, type CsvOptions, type CsvSniff } from './csv';
import { SNIFF_BYTES } from './encoding';
import { ImportPlanner } from './plan';
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
  existing: { clients: Client[]; contacts?: Contact[]; batchIds?: string[] };
}

export interface PipelineProgress {
  phase: 'hashing' | 'parsing';
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
 * Bytes decoded per step. Bounds the text alive at once: Node's Blob.stream() yields a whole file
 * as one chunk, which decoded in one go is a string up to twice the file's size (and slower to cut up).
 */
const READ_SLICE = 4 << 20;

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
  const report = (phase: PipelineProgress['phase'], bytes: number, force = false) => {
    const now = Date.now();
    if (!hooks.progress || (!force && now - last < every)) return;
    last = now;
    hooks.progress({ phase, bytes, totalBytes: total, rows, rowsPerSecond: rows / Math.max(0.001, (now - t0) / 1000) });
  };

  const sniff = await sniffBlob(input.file, input.csv);
  if (!sniff.ok) return err({ kind: 'file', problem: sniff.error });
  const fileHash = await hashBlob(input.file, (n) => report('hashing', n), hooks.signal);
  if (fileHash === null) return err({ kind: 'cancelled' });

  let seq = 0;
  const planner = new ImportPlanner({
    ...input.plan, fileName: input.fileName, fileHash, header: sniff.value.header,
    index: buildClientIndex(input.existing.clients, input.existing.contacts ?? [], input.existing.batchIds ?? []),
    onChunk: (bytes, rows, clients) => { hooks.chunk?.(seq++, bytes, rows, clients); },
  });
  const asm = new RowAssembler(sniff.value, (f, row) => { rows++; planner.add(f, row); });
  // fatal: false — a stray invalid byte becomes U+FFFD in that cell rather than failing the file.
  // stream: true keeps a multi-byte character split across two pieces whole (as TextDecoderStream does).
  const decoder = new TextDecoder(sniff.value.encoding);
  const reader = input.file.stream().getReader();
  let bytesIn = 0;
  for (;;) {
    if (hooks.signal?.aborted) { await reader.cancel(); return err({ kind: 'cancelled' }); }
    const { done, value } = await reader.read();
    if (done) break;
    for (let i = 0; i < value.length; i += READ_SLICE) {
      if (hooks.signal?.aborted) { await reader.cancel(); return err({ kind: 'cancelled' }); }
      asm.push(decoder.decode(value.subarray(i, i + READ_SLICE), { stream: true }));
      report('parsing', bytesIn + Math.min(value.length, i + READ_SLICE));
    }
    bytesIn += value.length;
  }
  // A small file is one piece: a cancel made while it was parsed is honoured here.
  if (hooks.signal?.aborted) return err({ kind: 'cancelled' });
  asm.push(decoder.decode());
  asm.end();
  report('parsing', total, true);
  // Row errors found by the parser go in with the planner's own (sorted by row at finish).
  const plan = planner.finish();
  if (!plan.ok) return err({ kind: 'plan', problem: plan.error });
  for (const e of asm.errors) { plan.value.rowErrors.push(e); }
  plan.value.rowErrors.sort((a, b) => a.row - b.row);
  plan.value.rowsRead += asm.errors.length;
  plan.value.counts.error = new Set(plan.value.rowErrors.map((e) => e.row)).size;
  return ok({ plan: plan.value, sniff: sniff.value, chunks: seq });
}
