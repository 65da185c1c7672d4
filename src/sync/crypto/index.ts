export { generateTeam, encodeInvite, decodeInvite, isTeamId, type TeamSecret, type InviteError } from './team';
export { deriveTeamKeys, deriveKeyFromPassphrase, PBKDF2_ITERATIONS, type TeamKeys, type KeyPurpose } from './keys';
export { seal, open, SEAL_OVERHEAD, type OpenError } from './seal';
export { toBase64Url, fromBase64Url, randomBytes, bytesEqual } from './bytes';
