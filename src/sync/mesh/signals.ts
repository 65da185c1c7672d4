/**
 * What peers say to each other through the signaling server. The server (y-webrtc's
 * bin/server.js) relays `{type:'publish', topic, data}` to every subscriber of the topic;
 * our `data` is base64url(seal(signalingKey, JSON)), so the server and anyone else in the
 * topic learn nothing — not even our SDP's addresses — without the team key.
 */
import { ok, err, type Result } from '../../core/util/result';
import { buf, fromBase64Url, toBase64Url, utf8 } from '../crypto/bytes';
import { open, seal } from '../crypto/seal';

export interface CandidateInit {
  readonly candidate: string;
  readonly sdpMid: string | null;
  readonly sdpMLineIndex: number | null;
}

export type Signal =
  | { readonly type: 'announce'; readonly from: string; readonly to?: string }
  | { readonly type: 'offer' | 'answer'; readonly from: string; readonly to: string; readonly sdp: string }
  | { readonly type: 'candidate'; readonly from: string; readonly to: string; readonly candidate: CandidateInit }
  | { readonly type: 'bye'; readonly from: string };

const MAX_SIGNAL_CHARS = 64 * 1024;
const isStr = (v: unknown, max = 128): v is string => typeof v === 'string' && v.length > 0 && v.length <= max;

/** Validates shape and sizes; anything unexpected is an error, never a cast. */
export function parseSignal(v: unknown): Result<Signal, 'bad-signal'> {
  if (typeof v !== 'object' || v === null) return err('bad-signal');
  const o = v as Record<string, unknown>;
  if (!isStr(o.from)) return err('bad-signal');
  const from = o.from;
  switch (o.type) {
    case 'announce':
      if (o.to === undefined) return ok({ type: 'announce', from });
      return isStr(o.to) ? ok({ type: 'announce', from, to: o.to }) : err('bad-signal');
    case 'bye':
      return ok({ type: 'bye', from });
    case 'offer':
    case 'answer':
      if (!isStr(o.to) || !isStr(o.sdp, MAX_SIGNAL_CHARS)) return err('bad-signal');
      return ok({ type: o.type, from, to: o.to, sdp: o.sdp });
    case 'candidate': {
      if (!isStr(o.to) || typeof o.candidate !== 'object' || o.candidate === null) return err('bad-signal');
      const c = o.candidate as Record<string, unknown>;
      if (typeof c.candidate !== 'string' || c.candidate.length > 4096) return err('bad-signal');
      const sdpMid = c.sdpMid === null || c.sdpMid === undefined ? null : isStr(c.sdpMid) ? c.sdpMid : undefined;
      const idx = c.sdpMLineIndex;
      const sdpMLineIndex = idx === null || idx === undefined ? null : Number.isInteger(idx) ? (idx as number) : undefined;
      if (sdpMid === undefined || sdpMLineIndex === undefined) return err('bad-signal');
      return ok({ type: 'candidate', from, to: o.to, candidate: { candidate: c.candidate, sdpMid, sdpMLineIndex } });
    }
    default:
      return err('bad-signal');
  }
}

export async function sealSignal(key: CryptoKey, topic: string, s: Signal): Promise<string> {
  return toBase64Url(await seal(key, utf8(JSON.stringify(s)), utf8(topic)));
}

export type OpenSignalError = 'wrong-key' | 'bad-signal';

export async function openSignal(key: CryptoKey, topic: string, data: unknown): Promise<Result<Signal, OpenSignalError>> {
  if (typeof data !== 'string' || data.length > 2 * MAX_SIGNAL_CHARS) return err('bad-signal');
  const raw = fromBase64Url(data);
  if (!raw.ok) return err('bad-signal');
  const opened = await open(key, raw.value, utf8(topic));
  if (!opened.ok) return err(opened.error === 'wrong-key' ? 'wrong-key' : 'bad-signal');
  try {
    return parseSignal(JSON.parse(new TextDecoder().decode(opened.value)));
  } catch {
    return err('bad-signal');
  }
}

/** Room topic: a hash of the team id, so the server never even sees the team id. */
export async function roomTopic(teamId: string): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', buf(utf8(`kartoteka/room/v1/${teamId}`)));
  return `kt-${toBase64Url(new Uint8Array(digest).subarray(0, 18))}`;
}
