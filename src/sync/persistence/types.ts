import type * as Y from 'yjs';

/**
 * Where a base lives on this laptop. Every implementation passes the same contract suite
 * (tests/contract/persistence.contract.ts): what was written before close() is there after
 * reopening, failures are reported as values, and compaction never loses state.
 */
export interface Persistence {
  /** Loads the stored state into `doc` and starts saving every later update. */
  open(doc: Y.Doc): Promise<PersistResult>;
  /** Resolves when every update so far is durably stored (or rejects with the storage error). */
  flush(): Promise<PersistResult>;
  /** Rewrites the stored updates as one snapshot: keeps the stored size bounded. */
  compact(): Promise<PersistResult>;
  /** Number of stored update records (compaction brings it to 1). */
  recordCount(): Promise<number>;
  /** Called with every write failure (e.g. quota exceeded): the UI shows it, data stays in memory. */
  onError(fn: (e: PersistError) => void): () => void;
  close(): Promise<void>;
  /** Deletes the stored base (used by "erase this laptop's copy"). */
  destroy(): Promise<void>;
}

export type PersistErrorKind = 'unavailable' | 'quota' | 'write-failed';
export interface PersistError { kind: PersistErrorKind; message: string }
export type PersistResult = { ok: true } | { ok: false; error: PersistError };

export function classify(e: unknown): PersistError {
  const name = (e as { name?: string } | null)?.name ?? '';
  const message = e instanceof Error ? e.message : String(e);
  if (name === 'QuotaExceededError' || /quota/i.test(message)) return { kind: 'quota', message };
  if (name === 'InvalidStateError' || name === 'SecurityError' || name === 'UnknownError' || /indexeddb/i.test(message)) return { kind: 'unavailable', message };
  return { kind: 'write-failed', message };
}
