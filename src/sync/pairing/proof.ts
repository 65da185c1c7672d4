/**
 * Key-possession proof for in-person links. The DTLS fingerprints in the exchanged codes
 * pin the connection to the two devices present; this proves both also hold the team key.
 * Each side sends HMAC(pairingKey, label ‖ role ‖ offerFp ‖ answerFp) as its first message
 * and checks the other's before any data flows. The role is inside the MAC so a peer cannot
 * reflect our own proof back at us; the fingerprints are inside so a proof recorded on one
 * connection is worthless on any other.
 */
import { buf, concatBytes, utf8 } from '../crypto/bytes';
import type { TeamKeys } from '../crypto/keys';

export type PairingRole = 'offerer' | 'answerer';

function proofInput(role: PairingRole, offerFp: Uint8Array, answerFp: Uint8Array): Uint8Array {
  return concatBytes(utf8(`kartoteka/pair-proof/v1/${role}`), offerFp, answerFp);
}

export async function pairingProof(
  keys: TeamKeys,
  role: PairingRole,
  offerFingerprint: Uint8Array,
  answerFingerprint: Uint8Array,
): Promise<Uint8Array> {
  const mac = await globalThis.crypto.subtle.sign('HMAC', keys.pairing, buf(proofInput(role, offerFingerprint, answerFingerprint)));
  return new Uint8Array(mac);
}

/** Checks the proof the *other* side sent (so pass its role). Constant-time via WebCrypto verify. */
export async function verifyPairingProof(
  keys: TeamKeys,
  peerRole: PairingRole,
  offerFingerprint: Uint8Array,
  answerFingerprint: Uint8Array,
  proof: Uint8Array,
): Promise<boolean> {
  if (proof.length !== 32) return false;
  return globalThis.crypto.subtle.verify(
    'HMAC',
    keys.pairing,
    buf(proof),
    buf(proofInput(peerRole, offerFingerprint, answerFingerprint)),
  );
}
