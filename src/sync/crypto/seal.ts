/**
 * Authenticated encryption: AES-256-GCM, fresh random 96-bit IV per message.
 * Sealed layout: version(1) ‖ iv(12) ‖ ciphertext+tag. `aad` binds the ciphertext to its
 * context (a file header, a frame) so it cannot be cut out and pasted elsewhere.
 */
import { ok, err, type Result } from '../../core/util/result';
import { buf, randomBytes } from './bytes';

const SEAL_VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;
export const SEAL_OVERHEAD = 1 + IV_BYTES + TAG_BYTES;

export type OpenError = 'wrong-key' | 'malformed';

const EMPTY = new Uint8Array(0);

export async function seal(key: CryptoKey, plaintext: Uint8Array, aad: Uint8Array = EMPTY): Promise<Uint8Array> {
  const iv = randomBytes(IV_BYTES);
  const ct = await globalThis.crypto.subtle.encrypt(
    { name: 'AES-GCM', iv: buf(iv), additionalData: buf(aad) },
    key,
    buf(plaintext),
  );
  const out = new Uint8Array(1 + IV_BYTES + ct.byteLength);
  out[0] = SEAL_VERSION;
  out.set(iv, 1);
  out.set(new Uint8Array(ct), 1 + IV_BYTES);
  return out;
}

/**
 * Never throws. GCM cannot tell a wrong key from tampered bytes, so both are 'wrong-key';
 * callers that need to tell them apart compare key-check values first (see keys.ts).
 */
export async function open(
  key: CryptoKey,
  sealed: Uint8Array,
  aad: Uint8Array = EMPTY,
): Promise<Result<Uint8Array, OpenError>> {
  if (sealed.length < SEAL_OVERHEAD || sealed[0] !== SEAL_VERSION) return err('malformed');
  try {
    const pt = await globalThis.crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: buf(sealed.slice(1, 1 + IV_BYTES)), additionalData: buf(aad) },
      key,
      buf(sealed.subarray(1 + IV_BYTES)),
    );
    return ok(new Uint8Array(pt));
  } catch {
    return err('wrong-key');
  }
}
