/**
 * Purpose-specific keys. One HKDF per purpose so a key leaked or misused in one place
 * (say a sync file left on a USB stick) cannot decrypt signaling or live traffic, and so
 * a ciphertext from one context can never be replayed into another.
 */
import { buf, utf8 } from './bytes';
import type { TeamSecret } from './team';

export type KeyPurpose = 'signaling' | 'data' | 'file';

export interface TeamKeys {
  readonly teamId: string;
  readonly signaling: CryptoKey;
  readonly data: CryptoKey;
  readonly file: CryptoKey;
  /** HMAC-SHA-256 key for the in-person key-possession proof. */
  readonly pairing: CryptoKey;
  /** 8 bytes that show whether two parties hold the same key without revealing it (for clear errors). */
  readonly keyCheck: Uint8Array;
}

const INFO_PREFIX = 'kartoteka/v1/';

async function hkdfBase(teamKey: Uint8Array): Promise<CryptoKey> {
  return globalThis.crypto.subtle.importKey('raw', buf(teamKey), 'HKDF', false, ['deriveKey', 'deriveBits']);
}

function hkdfParams(teamId: string, label: string): HkdfParams {
  // Salt = team id: two teams that somehow shared a key still get unrelated subkeys.
  return { name: 'HKDF', hash: 'SHA-256', salt: buf(utf8(teamId)), info: buf(utf8(INFO_PREFIX + label)) };
}

export async function deriveTeamKeys(team: TeamSecret): Promise<TeamKeys> {
  const base = await hkdfBase(team.teamKey);
  const aes = (label: KeyPurpose): Promise<CryptoKey> =>
    globalThis.crypto.subtle.deriveKey(hkdfParams(team.teamId, label), base, { name: 'AES-GCM', length: 256 }, false, [
      'encrypt',
      'decrypt',
    ]);
  const [signaling, data, file, pairing, check] = await Promise.all([
    aes('signaling'),
    aes('data'),
    aes('file'),
    globalThis.crypto.subtle.deriveKey(
      hkdfParams(team.teamId, 'pairing'),
      base,
      { name: 'HMAC', hash: 'SHA-256', length: 256 },
      false,
      ['sign', 'verify'],
    ),
    globalThis.crypto.subtle.deriveBits(hkdfParams(team.teamId, 'key-check'), base, 64),
  ]);
  return { teamId: team.teamId, signaling, data, file, pairing, keyCheck: new Uint8Array(check) };
}

export const PBKDF2_ITERATIONS = 600_000;

/**
 * Backup key from a passphrase (for files that must open without the team key). The
 * iteration count follows OWASP's 2023 advice for PBKDF2-SHA-256; it is a parameter so
 * tests stay fast and old backups stay readable if we raise it.
 */
export async function deriveKeyFromPassphrase(
  passphrase: string,
  salt: Uint8Array,
  iterations: number = PBKDF2_ITERATIONS,
): Promise<CryptoKey> {
  const material = await globalThis.crypto.subtle.importKey('raw', buf(utf8(passphrase.normalize('NFC'))), 'PBKDF2', false, [
    'deriveKey',
  ]);
  return globalThis.crypto.subtle.deriveKey(
    { name: 'PBKDF2', hash: 'SHA-256', salt: buf(salt), iterations },
    material,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  );
}
