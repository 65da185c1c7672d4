/**
 * Sync file layout (all integers big-endian):
 *
 *   magic "KTSF" ‖ formatVersion u8 ‖ kind u8 ‖ schemaVersion u32 ‖ teamId 16 B ‖ keyCheck 8 B ‖ sealed body
 *
 * The body is the Yjs update sealed with the team's file key; the whole header is the AAD,
 * so editing any header byte makes the file fail to open. The key check (an HKDF output,
 * reveals nothing about the key) lets us say "wrong key" instead of "corrupted".
 */
import { ok, err, type Result } from '../../core/util/result';
import { bytesEqual, fromBase64Url, toBase64Url } from '../crypto/bytes';
import { SEAL_OVERHEAD } from '../crypto/seal';
import { TEAM_ID_BYTES } from '../crypto/team';

export const MAGIC = new Uint8Array([0x4b, 0x54, 0x53, 0x46]); // "KTSF"
export const FORMAT_VERSION = 1;
const KEY_CHECK_BYTES = 8;
export const HEADER_BYTES = MAGIC.length + 1 + 1 + 4 + TEAM_ID_BYTES + KEY_CHECK_BYTES;

export type SyncFileKind = 'full' | 'delta';
const KIND_CODES: Record<SyncFileKind, number> = { full: 0, delta: 1 };

export interface SyncFileHeader {
  readonly formatVersion: number;
  readonly kind: SyncFileKind;
  readonly schemaVersion: number;
  readonly teamId: string;
  readonly keyCheck: Uint8Array;
}

export type HeaderError = 'not-a-syncfile' | 'unsupported-format' | 'corrupted';

export function encodeHeader(h: Omit<SyncFileHeader, 'formatVersion'>): Uint8Array {
  const id = fromBase64Url(h.teamId);
  if (!id.ok || id.value.length !== TEAM_ID_BYTES || h.keyCheck.length !== KEY_CHECK_BYTES) {
    throw new Error('encodeHeader: malformed team id or key check (programming error)');
  }
  if (!Number.isInteger(h.schemaVersion) || h.schemaVersion < 0 || h.schemaVersion > 0xffffffff) {
    throw new RangeError('schemaVersion must be a u32');
  }
  const out = new Uint8Array(HEADER_BYTES);
  const v = new DataView(out.buffer);
  out.set(MAGIC, 0);
  let o = MAGIC.length;
  v.setUint8(o++, FORMAT_VERSION);
  v.setUint8(o++, KIND_CODES[h.kind]);
  v.setUint32(o, h.schemaVersion);
  o += 4;
  out.set(id.value, o);
  o += TEAM_ID_BYTES;
  out.set(h.keyCheck, o);
  return out;
}

export function decodeHeader(bytes: Uint8Array): Result<SyncFileHeader, HeaderError> {
  if (bytes.length < MAGIC.length || !bytesEqual(bytes.subarray(0, MAGIC.length), MAGIC)) return err('not-a-syncfile');
  if (bytes.length < MAGIC.length + 1) return err('corrupted');
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const formatVersion = v.getUint8(MAGIC.length);
  // A newer app wrote this: say so rather than "corrupted", the fix is to update.
  if (formatVersion !== FORMAT_VERSION) return err('unsupported-format');
  if (bytes.length < HEADER_BYTES + SEAL_OVERHEAD) return err('corrupted');
  let o = MAGIC.length + 1;
  const kindCode = v.getUint8(o++);
  const kind = kindCode === 0 ? 'full' : kindCode === 1 ? 'delta' : null;
  if (kind === null) return err('corrupted');
  const schemaVersion = v.getUint32(o);
  o += 4;
  const teamId = toBase64Url(bytes.subarray(o, o + TEAM_ID_BYTES));
  o += TEAM_ID_BYTES;
  const keyCheck = bytes.slice(o, o + KEY_CHECK_BYTES);
  return ok({ formatVersion, kind, schemaVersion, teamId, keyCheck });
}
