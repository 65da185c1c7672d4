/**
 * Export the base (or only what a member lacks) as an encrypted file, and import one.
 * Never blocked by any network: the last rung of the fallback ladder.
 */
import * as Y from 'yjs';
import { ok, err, type Result } from '../../core/util/result';
import { bytesEqual, concatBytes } from '../crypto/bytes';
import type { TeamKeys } from '../crypto/keys';
import { open, seal } from '../crypto/seal';
import { decodeHeader, encodeHeader, HEADER_BYTES, type SyncFileHeader, type SyncFileKind } from './format';

/** Transaction origin of imported files, so persistence/UI can tell them apart. */
export const SYNCFILE_ORIGIN = 'syncfile';

export interface SyncFileOptions {
  readonly keys: TeamKeys;
  readonly schemaVersion: number;
}

export interface ExportOptions extends SyncFileOptions {
  /** The member's last known state vector: export only what they are missing. */
  readonly since?: Uint8Array;
}

export type ExportError = 'invalid-state-vector';

export type ImportError =
  | 'not-a-syncfile'
  | 'unsupported-format'
  | 'wrong-team'
  | 'wrong-key'
  | 'corrupted'
  | 'newer-schema';

export interface ImportSummary {
  readonly kind: SyncFileKind;
  readonly schemaVersion: number;
  /** False when the file held nothing new for us. */
  readonly changed: boolean;
  /**
   * True when part of the file waits for data we do not have yet (a delta exported
   * against a state we never reached): ask for a full file or an earlier one.
   */
  readonly incomplete: boolean;
}

export async function exportSyncFile(doc: Y.Doc, opts: ExportOptions): Promise<Result<Uint8Array, ExportError>> {
  if (opts.since !== undefined) {
    try {
      Y.decodeStateVector(opts.since);
    } catch {
      return err('invalid-state-vector');
    }
  }
  const update = opts.since === undefined ? Y.encodeStateAsUpdate(doc) : Y.encodeStateAsUpdate(doc, opts.since);
  return ok(await sealSyncFile(opts, opts.since === undefined ? 'full' : 'delta', update));
}

/** Lower-level: seal any payload as a sync file. Exported for tests that need a well-sealed bad payload. */
export async function sealSyncFile(opts: SyncFileOptions, kind: SyncFileKind, payload: Uint8Array): Promise<Uint8Array> {
  const header = encodeHeader({ kind, schemaVersion: opts.schemaVersion, teamId: opts.keys.teamId, keyCheck: opts.keys.keyCheck });
  return concatBytes(header, await seal(opts.keys.file, payload, header));
}

/** What the file says about itself, before any key is needed (for a confirmation dialog). */
export function readSyncFileHeader(bytes: Uint8Array): Result<SyncFileHeader, 'not-a-syncfile' | 'unsupported-format' | 'corrupted'> {
  return decodeHeader(bytes);
}

export async function importSyncFile(
  doc: Y.Doc,
  bytes: Uint8Array,
  opts: SyncFileOptions,
): Promise<Result<ImportSummary, ImportError>> {
  const header = decodeHeader(bytes);
  if (!header.ok) return header;
  const h = header.value;
  if (h.teamId !== opts.keys.teamId) return err('wrong-team');
  if (!bytesEqual(h.keyCheck, opts.keys.keyCheck)) return err('wrong-key');
  const body = await open(opts.keys.file, bytes.subarray(HEADER_BYTES), bytes.subarray(0, HEADER_BYTES));
  // The key check matched, so a failure to open means the bytes were damaged.
  if (!body.ok) return err('corrupted');
  if (h.schemaVersion > opts.schemaVersion) return err('newer-schema');
  const update = body.value;
  try {
    // Validate everything before touching the doc: Yjs would apply half a bad update.
    Y.parseUpdateMeta(update);
  } catch {
    return err('corrupted');
  }
  const before = Y.encodeStateVector(doc);
  const dsBefore = deleteSetSize(doc);
  try {
    doc.transact(() => Y.applyUpdate(doc, update, SYNCFILE_ORIGIN), SYNCFILE_ORIGIN);
  } catch {
    return err('corrupted');
  }
  const changed = !bytesEqual(before, Y.encodeStateVector(doc)) || deleteSetSize(doc) !== dsBefore;
  return ok({ kind: h.kind, schemaVersion: h.schemaVersion, changed, incomplete: doc.store.pendingStructs !== null || doc.store.pendingDs !== null });
}

/** Deletions don't move the state vector; count deleted ranges so a delete-only file still counts as a change. */
function deleteSetSize(doc: Y.Doc): number {
  let n = 0;
  for (const ranges of Y.createDeleteSetFromStructStore(doc.store).clients.values()) for (const r of ranges) n += r.len;
  return n;
}
