import type { Entity } from './aliases';
import type { CsvSniff } from './csv';
import type { Encoding } from './encoding';
import type { ColumnFormats } from './formats';
import type { RowError } from './problem';

/**
 * A big purchases file is planned in two parts at once, on two cores: the lead planner reads the
 * head, a tail planner (another worker) the rest, from a line break near the middle. The tail
 * cannot link clients (that depends on every row before it), so it records each link key's first
 * row and the lead resolves them in file order. Chunks end at the split on every path (one pass
 * too), so the tail chunks its own lines, naming provisional clients, and the lead only gives each
 * chunk its clients' ids (`ImportPlanner.joinTail`): chunking and encoding 600 000 lines after the
 * parts met took the lead ~0.3 s, alone on the critical path. The result is byte for byte the plan
 * and chunks of one pass (tests/import/split.test.ts). Whenever
 * the parts cannot be joined exactly — the split fell inside a quoted field, the formats differ, the
 * tail failed — the lead reads the rest itself, as one pass would.
 */

/** Files smaller than this are planned in one pass (a second worker costs more than it saves). */
export const SPLIT_FROM = 8 << 20;
/**
 * Where the tail starts, as a share of the file: the lead also links every new client, sends the
 * chunks and waits for the file's hash, so it takes fewer rows. At 0.40 the lead finished its
 * part 25–394 ms after the tail in 5 of 5 bench runs (the tail then waited); at 0.37 −125…+98 ms.
 * Once the lead waited for the hash before reading (pipeline.ts) instead of holding its rows,
 * the tail ended 75–167 ms after the lead at 0.37 (4 runs), and −314…+105 ms at 0.39 (3 runs).
 */
export const SPLIT_AT = 0.38;
/** Bytes searched for a line break after the split point. */
const WINDOW = 1 << 16;
/** Encodings in which a line-break byte is always a line break (never part of another character). */
const SPLITTABLE: ReadonlySet<Encoding> = new Set(['utf-8', 'windows-1251', 'windows-1252', 'macintosh', 'ibm866']);

/** Whether a file of this size and entity may be planned in two parts (the page starts the second worker on this). */
export const mayPlanInParts = (size: number, entity: Entity, from = SPLIT_FROM): boolean => entity === 'purchases' && size >= from;

/**
 * The byte where the tail starts: just after the first line break at or after SPLIT_AT of the file,
 * or null when this file is planned in one pass. A pure function of the file's bytes, so both
 * workers find the same point (and every laptop the same chunks).
 */
export async function findSplit(file: Blob, sniff: Pick<CsvSniff, 'encoding' | 'lineEnding' | 'delimiter'>, entity: Entity, from = SPLIT_FROM): Promise<number | null> {
  if (!mayPlanInParts(file.size, entity, from) || !SPLITTABLE.has(sniff.encoding) || sniff.delimiter === 'whitespace') return null;
  const at = Math.floor(file.size * SPLIT_AT);
  const w = new Uint8Array(await file.slice(at, at + WINDOW).arrayBuffer());
  const CR = 13, LF = 10;
  for (let i = 0; i < w.length; i++) {
    const b = w[i];
    if (sniff.lineEnding === '\r') { if (b === CR) return w[i + 1] === LF || i + 1 >= w.length ? null : at + i + 1; }
    else if (b === LF && (sniff.lineEnding === '\n' || (i > 0 && w[i - 1] === CR))) return at + i + 1;
  }
  return null;
}

/** A link key's first row in the tail: the lead resolves it unless the head already had the key. */
export interface FirstSeen {
  key: string;
  /** Keyed by the source id column (the lead keeps those apart from keys made of names). */
  byExt: boolean;
  /** Row number within the tail. */
  row: number;
  /** Whether the row names a client (else its lines are row errors). */
  named: boolean;
  /**
   * The row's cells: the lead reads the client (and remarks on its cells) from them only when the
   * key is new to it. The client read here crossed as JSON before: ~4.5 MB for 20 000 keys, ~45 ms
   * to write and read again on the way to the join, for keys the lead had almost always seen.
   */
  cells: string[];
}

/**
 * A chunk of a tail part, encoded by the tail's planner from the part's first line on: its client
 * dictionary names provisional clients, `clients` = their first-seen entries (in dictionary
 * order), `at` = where the dictionary's JSON is in the bytes (model/purchaseEncode.ts `withClients`).
 */
export interface TailChunk {
  bytes: Uint8Array;
  rows: number;
  clients: Int32Array;
  at: readonly [number, number] | null;
}

/** What a tail planner hands the lead. Row numbers count from the tail's first line (the lead adds its own). */
export interface PlannedTail {
  /** The byte the tail started at (the lead checks it is its own split). */
  start: number;
  formats: ColumnFormats;
  /** Records in the tail (lines, empty ones included). */
  records: number;
  /** Ragged rows and parser errors. */
  parseErrors: RowError[];
  rowErrors: RowError[];
  rowsRead: number;
  firstSeen: FirstSeen[];
  chunks: TailChunk[];
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === 'string');
const isRowErrors = (v: unknown): v is RowError[] =>
  Array.isArray(v) && v.every((e) => isObj(e) && typeof e.row === 'number' && typeof e.column === 'string' && typeof e.value === 'string' && typeof e.reason === 'string');
const isAt = (v: unknown): v is readonly [number, number] | null =>
  v === null || (Array.isArray(v) && v.length === 2 && v.every((x) => Number.isInteger(x)));
const isChunk = (v: unknown): v is TailChunk =>
  isObj(v) && v.bytes instanceof Uint8Array && Number.isInteger(v.rows) && v.clients instanceof Int32Array && isAt(v.at);

/**
 * Narrowing for a tail part arriving from the other worker (shapes only; `joinTail` checks that
 * every entry points where it should, and each chunk's frame, before using any of it).
 */
export function isPlannedTail(v: unknown): v is PlannedTail {
  if (!isObj(v) || typeof v.start !== 'number' || typeof v.records !== 'number' || typeof v.rowsRead !== 'number') return false;
  const f = v.formats;
  if (!isObj(f) || !(f.date === null || typeof f.date === 'string') || !isObj(f.decimal) || typeof f.discountPercent !== 'boolean' || !Array.isArray(f.notes)) return false;
  if (!isRowErrors(v.parseErrors) || !isRowErrors(v.rowErrors) || !Array.isArray(v.chunks) || !v.chunks.every(isChunk) || !Array.isArray(v.firstSeen)) return false;
  return v.firstSeen.every((e) => isObj(e) && typeof e.key === 'string' && typeof e.byExt === 'boolean' && typeof e.row === 'number'
    && typeof e.named === 'boolean' && isStrings(e.cells));
}

/**
 * A tail part as it crosses between workers: the chunks' bytes and client entries transferred,
 * everything else as one JSON text (structured clone of ~20 000 first-seen objects took ~130 ms;
 * JSON text clones as one string).
 */
export interface PackedTail {
  json: string;
  chunks: { bytes: Uint8Array; clients: Int32Array }[];
}

export function packTail(t: PlannedTail): { packed: PackedTail; transfer: ArrayBuffer[] } {
  const { chunks, ...rest } = t;
  const packed = { json: JSON.stringify({ ...rest, chunks: chunks.map((k) => ({ rows: k.rows, at: k.at })) }), chunks: chunks.map((k) => ({ bytes: k.bytes, clients: k.clients })) };
  return { packed, transfer: chunks.flatMap((k) => [k.bytes.buffer as ArrayBuffer, k.clients.buffer as ArrayBuffer]) };
}

/** The tail part a PackedTail carries, checked (null when anything is off). */
export function unpackTail(v: unknown): PlannedTail | null {
  if (!isObj(v) || typeof v.json !== 'string' || !Array.isArray(v.chunks)) return null;
  let parsed: unknown;
  try { parsed = JSON.parse(v.json); } catch { return null; }
  if (!isObj(parsed) || !Array.isArray(parsed.chunks) || parsed.chunks.length !== v.chunks.length) return null;
  const arrays: unknown[] = v.chunks;
  const chunks = parsed.chunks.map((k: unknown, i) => ({ ...(isObj(k) ? k : {}), ...(isObj(arrays[i]) ? arrays[i] : {}) }));
  const t = { ...parsed, chunks };
  return isPlannedTail(t) ? t : null;
}
