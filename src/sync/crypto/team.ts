/**
 * The team secret: a random id (names the room, is not secret) and a random 256-bit key
 * (never leaves the team). Both travel together in the invite code.
 */
import { ok, err, type Result } from '../../core/util/result';
import { fromBase64Url, randomBytes, toBase64Url } from './bytes';

export const TEAM_ID_BYTES = 16;
export const TEAM_KEY_BYTES = 32;
const INVITE_VERSION = 1;
const INVITE_PREFIX = 'kt1.';

export interface TeamSecret {
  /** base64url of 16 random bytes; safe to show, used to derive the room name. */
  readonly teamId: string;
  /** 32 random bytes; the only secret. */
  readonly teamKey: Uint8Array;
}

export function generateTeam(): TeamSecret {
  return { teamId: toBase64Url(randomBytes(TEAM_ID_BYTES)), teamKey: randomBytes(TEAM_KEY_BYTES) };
}

export function isTeamId(s: string): boolean {
  const r = fromBase64Url(s);
  return r.ok && r.value.length === TEAM_ID_BYTES;
}

/** Invite code: `kt1.` + base64url(version ‖ team id ‖ team key). Version byte lets us change it later. */
export function encodeInvite(team: TeamSecret): string {
  const id = fromBase64Url(team.teamId);
  if (!id.ok || id.value.length !== TEAM_ID_BYTES || team.teamKey.length !== TEAM_KEY_BYTES) {
    throw new Error('encodeInvite: malformed TeamSecret (programming error)');
  }
  const raw = new Uint8Array(1 + TEAM_ID_BYTES + TEAM_KEY_BYTES);
  raw[0] = INVITE_VERSION;
  raw.set(id.value, 1);
  raw.set(team.teamKey, 1 + TEAM_ID_BYTES);
  return INVITE_PREFIX + toBase64Url(raw);
}

export type InviteError = 'invalid-invite' | 'unsupported-invite-version';

export function decodeInvite(code: string): Result<TeamSecret, InviteError> {
  // People paste codes from chats: tolerate surrounding whitespace, nothing else.
  const text = code.trim();
  if (!text.startsWith(INVITE_PREFIX)) return err('invalid-invite');
  const raw = fromBase64Url(text.slice(INVITE_PREFIX.length));
  if (!raw.ok || raw.value.length < 1) return err('invalid-invite');
  if (raw.value[0] !== INVITE_VERSION) return err('unsupported-invite-version');
  if (raw.value.length !== 1 + TEAM_ID_BYTES + TEAM_KEY_BYTES) return err('invalid-invite');
  return ok({
    teamId: toBase64Url(raw.value.subarray(1, 1 + TEAM_ID_BYTES)),
    teamKey: raw.value.slice(1 + TEAM_ID_BYTES),
  });
}
