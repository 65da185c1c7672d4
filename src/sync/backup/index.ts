import * as Y from 'yjs';
import { deriveKeyFromPassphrase, PBKDF2_ITERATIONS, seal, open, randomBytes } from '../crypto';
import { err, ok, type Result } from '../../core/util/result';

/**
 * A backup file of the whole base, encrypted with a passphrase (PBKDF2-SHA-256 → AES-256-GCM).
 * It protects against what no sync can: a lost laptop, an evicted browser profile, a team of one.
 *
 * Layout: "KBAK" | version u8 | schemaVersion u32 | iterations u32 | salt[16] | sealed(update)
 * The header is the AAD: changing the iteration count or schema stamp breaks decryption.
 */
const MAGIC = [0x4b, 0x42, 0x41, 0x4b];
const VERSION = 1;
const SALT_BYTES = 16;
const HEADER = 4 + 1 + 4 + 4 + SALT_BYTES;
/** A hostile file must not make us spin for minutes deriving a key. */
const MAX_ITERATIONS = 10_000_000;
export const BACKUP_ORIGIN = 'backup-restore';

export type BackupError = 'not-a-backup' | 'unsupported-version' | 'wrong-passphrase' | 'newer-schema' | 'corrupted' | 'empty-passphrase';

export async function createBackup(doc: Y.Doc, passphrase: string, schemaVersion: number, iterations = PBKDF2_ITERATIONS): Promise<Result<Uint8Array, BackupError>> {
  if (!passphrase) return err('empty-passphrase');
  const salt = randomBytes(SALT_BYTES);
  const header = new Uint8Array(HEADER);
  const dv = new DataView(header.buffer);
  header.set(MAGIC, 0);
  header[4] = VERSION;
  dv.setUint32(5, schemaVersion, true);
  dv.setUint32(9, iterations, true);
  header.set(salt, 13);
  const key = await deriveKeyFromPassphrase(passphrase, salt, iterations);
  const body = await seal(key, Y.encodeStateAsUpdate(doc), header);
  const out = new Uint8Array(HEADER + body.length);
  out.set(header, 0);
  out.set(body, HEADER);
  return ok(out);
}

export interface BackupInfo { schemaVersion: number; iterations: number }

export function readBackupHeader(bytes: Uint8Array): Result<BackupInfo, BackupError> {
  if (bytes.length < HEADER + 28 || MAGIC.some((b, i) => bytes[i] !== b)) return err('not-a-backup');
  if (bytes[4] !== VERSION) return err('unsupported-version');
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const iterations = dv.getUint32(9, true);
  if (iterations < 1_000 || iterations > MAX_ITERATIONS) return err('corrupted');
  return ok({ schemaVersion: dv.getUint32(5, true), iterations });
}

/**
 * Merges a backup into `doc` (into an empty browser it restores the whole base). Everything is
 * checked before the doc is touched; a wrong passphrase or damaged file changes nothing.
 */
export async function restoreBackup(doc: Y.Doc, bytes: Uint8Array, passphrase: string, appSchemaVersion: number): Promise<Result<{ changed: boolean }, BackupError>> {
  const info = readBackupHeader(bytes);
  if (!info.ok) return info;
  if (info.value.schemaVersion > appSchemaVersion) return err('newer-schema');
  const header = bytes.subarray(0, HEADER);
  const key = await deriveKeyFromPassphrase(passphrase, bytes.slice(13, 13 + SALT_BYTES), info.value.iterations);
  const body = await open(key, bytes.subarray(HEADER), header);
  // AES-GCM cannot tell a wrong key from damaged bytes; the passphrase is by far the likelier cause.
  if (!body.ok) return err('wrong-passphrase');
  try { Y.parseUpdateMeta(body.value); } catch { return err('corrupted'); }
  const before = Y.encodeStateVector(doc);
  try { doc.transact(() => Y.applyUpdate(doc, body.value, BACKUP_ORIGIN), BACKUP_ORIGIN); } catch { return err('corrupted'); }
  const after = Y.encodeStateVector(doc);
  return ok({ changed: before.length !== after.length || before.some((b, i) => b !== after[i]) });
}
