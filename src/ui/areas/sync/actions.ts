/** What the sync screens may do: files, in-person pairing, team settings. */
import { base } from '../../state/base.svelte';
import { SCHEMA_VERSION } from '../../../core/schema/version';
import { setRelayUrl, setSignalingServers } from '../../../core/commands/team';
import { exportSyncFile, importSyncFile, type ImportError } from '../../../sync/syncfile';
import { startOffer, answerOffer, type OfferSide, type AnswerSide, type InPersonError } from '../../../sync/pairing';
import { deriveTeamKeys } from '../../../sync/crypto';
import { teamSync } from './team.svelte';
import type { Result } from '../../../core/util/result';

export const saveSignaling = (text: string) => setSignalingServers(base.ctx, text.split(/[\s,]+/));
export const saveRelay = (url: string) => setRelayUrl(base.ctx, url);

async function keys() {
  if (!teamSync.team) return null;
  return teamSync.keys ?? (await deriveTeamKeys(teamSync.team));
}

export async function exportFile(): Promise<Blob | null> {
  const k = await keys();
  if (!k) return null;
  const r = await exportSyncFile(base.doc, { keys: k, schemaVersion: SCHEMA_VERSION });
  return r.ok ? new Blob([r.value as Uint8Array<ArrayBuffer>], { type: 'application/octet-stream' }) : null;
}

export async function importFile(bytes: Uint8Array): Promise<Result<{ changed: boolean; incomplete: boolean }, ImportError | 'no-team' | 'read-only'>> {
  const k = await keys();
  if (!k) return { ok: false, error: 'no-team' };
  if (base.readOnly) return { ok: false, error: 'read-only' };
  return importSyncFile(base.doc, bytes, { keys: k, schemaVersion: SCHEMA_VERSION });
}

const deps = { createPeerConnection: (c: RTCConfiguration) => new RTCPeerConnection(c) };

export async function offer(): Promise<Result<OfferSide, InPersonError | 'no-team'>> {
  const k = await keys();
  if (!k) return { ok: false, error: 'no-team' };
  return startOffer(deps, base.doc, { keys: k, schemaVersion: SCHEMA_VERSION });
}

export async function answer(code: string): Promise<Result<AnswerSide, InPersonError | 'no-team'>> {
  const k = await keys();
  if (!k) return { ok: false, error: 'no-team' };
  return answerOffer(deps, base.doc, { keys: k, schemaVersion: SCHEMA_VERSION }, code);
}
