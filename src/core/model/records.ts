import { err, ok, type Result } from '../util/result';
import type { RecordKind } from '../schema/layout';
import { RECORD_KINDS } from '../schema/layout';

/**
 * A chunk of base records written by an import batch: magic, one byte naming the kind (so a
 * reader can skip kinds it does not need yet without parsing), then UTF-8 JSON rows. Stored as
 * binary so Yjs copies it as one blob and we parse it only when reading.
 */
const MAGIC = [0x4b, 0x52, 0x43, 0x31]; // "KRC1"
export const RECORD_CHUNK_ROWS = 1_000;

export interface RecordChunk { kind: RecordKind; rows: Record<string, unknown>[] }

/** What a stored record leaves out: '', null, undefined, false, [], {}. */
export const isEmpty = (v: unknown): boolean => v === '' || v === null || v === undefined || v === false || (Array.isArray(v) && v.length === 0) || (typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === 0);

/** Empty fields are dropped: validators fill defaults on read, and they were ~half the bytes. */
export function compactRecord(row: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const r = row as Record<string, unknown>;
  // Keys, not entries: no [k, v] array per field (20 000 new clients ≈ 400 000 fields per import).
  for (const k of Object.keys(r)) { const v = r[k]; if (!isEmpty(v)) out[k] = v; }
  return out;
}

export function encodeRecordChunk(kind: RecordKind, rows: readonly object[]): Uint8Array {
  return encodeCompactChunk(kind, rows.map(compactRecord));
}

/** Rows already as `compactRecord` gives them (model/client.ts compactClient): encoded as they are. */
export function encodeCompactChunk(kind: RecordKind, rows: readonly object[]): Uint8Array {
  const body = new TextEncoder().encode(JSON.stringify(rows));
  const out = new Uint8Array(body.length + 5);
  out.set(MAGIC, 0);
  out[4] = RECORD_KINDS.indexOf(kind);
  out.set(body, 5);
  return out;
}

export function encodeRecordChunks(kind: RecordKind, rows: readonly object[]): Uint8Array[] {
  return encodeCompactChunks(kind, rows.map(compactRecord));
}

/** Compacted rows in chunks of RECORD_CHUNK_ROWS. */
export function encodeCompactChunks(kind: RecordKind, rows: readonly object[]): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let i = 0; i < rows.length; i += RECORD_CHUNK_ROWS) out.push(encodeCompactChunk(kind, rows.slice(i, i + RECORD_CHUNK_ROWS)));
  return out;
}

/** The kind of a chunk without parsing it; null when the envelope is malformed. */
export function recordChunkKind(bytes: Uint8Array): RecordKind | null {
  if (bytes.length < 5 || MAGIC.some((b, i) => bytes[i] !== b)) return null;
  return RECORD_KINDS[bytes[4]!] ?? null;
}

/** Validates the envelope; each row is validated by its entity's validator when read. */
export function decodeRecordChunk(bytes: Uint8Array): Result<RecordChunk> {
  const kind = recordChunkKind(bytes);
  if (!kind) return err('records: bad header');
  let v: unknown;
  try { v = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(5))); } catch { return err('records: not JSON'); }
  if (!Array.isArray(v) || !v.every((r) => typeof r === 'object' && r !== null && !Array.isArray(r))) return err('records: bad rows');
  return ok({ kind, rows: v as Record<string, unknown>[] });
}
