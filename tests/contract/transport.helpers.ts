import { createHash } from 'node:crypto';
import * as Y from 'yjs';
import { deriveTeamKeys, generateTeam, randomBytes, seal, type TeamKeys } from '../../src/sync/crypto';
import { encodeMessage } from '../../src/sync/framing';
import { encodeHello, encodeSync, FRAME_AAD, PROTOCOL_VERSION, SYNC_UPDATE } from '../../src/sync/transport';

export async function waitFor(pred: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const start = Date.now();
  while (!pred()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function teamKeys(): Promise<TeamKeys> {
  return deriveTeamKeys(generateTeam());
}

/** Same room (team id), different secret: what a stale or forged invite looks like. */
export async function impostorKeys(keys: TeamKeys): Promise<TeamKeys> {
  return deriveTeamKeys({ teamId: keys.teamId, teamKey: randomBytes(32) });
}

/** JSON with sorted object keys: Y.Map iterates in insertion order, which differs per replica. */
function canonical(v: unknown): string {
  if (v instanceof Uint8Array) return `bytes:${createHash('sha256').update(v).digest('hex')}`;
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

/** Content plus state vector plus delete set: equal snapshots mean equal replicas. */
export function snapshot(doc: Y.Doc): string {
  const sv = [...Y.decodeStateVector(Y.encodeStateVector(doc)).entries()].sort((x, y) => x[0] - y[0]);
  return canonical({ sv, json: doc.toJSON() });
}

/** doc.toJSON() only shows root types this replica has asked for; ask for the other's too. */
function defineRoots(from: Y.Doc, to: Y.Doc): void {
  for (const [name, t] of from.share) {
    if (t instanceof Y.Map) to.getMap(name);
    else if (t instanceof Y.Array) to.getArray(name);
    else if (t instanceof Y.Text) to.getText(name);
    else if (t instanceof Y.XmlFragment) to.getXmlFragment(name);
  }
}

export function sameContent(a: Y.Doc, b: Y.Doc): boolean {
  defineRoots(a, b);
  defineRoots(b, a);
  return snapshot(a) === snapshot(b);
}

/** Sealed frames of one message, exactly as a team member's session would send them. */
export async function sealedFrames(keys: TeamKeys, messageId: number, message: Uint8Array): Promise<Uint8Array[]> {
  return Promise.all(encodeMessage(messageId, message, 1024).map((f) => seal(keys.data, f, FRAME_AAD)));
}

export function helloMessage(schemaVersion: number): Uint8Array {
  return encodeHello({ protocol: PROTOCOL_VERSION, schemaVersion });
}

/** A sync update whose payload is not a Yjs update. */
export function malformedUpdateMessage(): Uint8Array {
  return encodeSync(SYNC_UPDATE, new Uint8Array([200, 1, 7, 7, 7, 255, 255, 255, 255, 15, 3]));
}
