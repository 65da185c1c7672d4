/**
 * In-person pairing codes. A non-trickle Chromium SDP for one data channel is ~585 bytes of
 * mostly random tokens (a dense QR code); everything but five facts is boilerplate that we
 * can rebuild. Measured: the rebuilt SDP is accepted by Chromium in both directions.
 *
 * Code = "kp1." + base64url( version u8 ‖ kind u8 ‖ ufrag len u8 ‖ ufrag ‖ pwd len u8 ‖ pwd
 *                            ‖ sha-256 fingerprint 32 B ‖ n u8 ‖ n × (addrType u8 ‖ addr ‖ port u16) )
 */
import { ok, err, type Result } from '../../core/util/result';
import { fromBase64Url, toBase64Url } from '../crypto/bytes';
import { formatAddr, parseAddr, type Addr } from './address';

export type SdpKind = 'offer' | 'answer';

export interface Candidate {
  readonly address: Addr;
  readonly port: number;
}

export interface PairingCode {
  readonly kind: SdpKind;
  readonly ufrag: string;
  readonly pwd: string;
  /** Raw SHA-256 DTLS certificate fingerprint (32 bytes). */
  readonly fingerprint: Uint8Array;
  readonly candidates: readonly Candidate[];
}

export type PairingCodeError =
  | 'no-ice-credentials'
  | 'no-sha256-fingerprint'
  | 'no-usable-candidates'
  | 'invalid-code'
  | 'unsupported-code-version';

const PREFIX = 'kp1.';
const CODE_VERSION = 1;
const MAX_CANDIDATES = 8;
const ICE_CHARS = /^[A-Za-z0-9+/]{4,256}$/; // RFC 8839 ice-char
const ADDR_TYPES = { ipv4: 4, ipv6: 6, mdns: 109, name: 110 } as const;

function attr(sdp: string, name: string): string | undefined {
  const line = sdp.split(/\r?\n/).find((l) => l.startsWith(`a=${name}:`));
  return line?.slice(name.length + 3).trim();
}

/** The sha-256 fingerprint of an SDP as raw bytes (also used by the key-possession proof). */
export function extractFingerprint(sdp: string): Result<Uint8Array, 'no-sha256-fingerprint'> {
  const fp = attr(sdp, 'fingerprint');
  const m = fp ? /^sha-256 ((?:[0-9A-Fa-f]{2}:){31}[0-9A-Fa-f]{2})$/.exec(fp) : null;
  if (!m || !m[1]) return err('no-sha256-fingerprint');
  return ok(new Uint8Array(m[1].split(':').map((h) => parseInt(h, 16))));
}

/** Keep what a rebuilt SDP needs: ICE credentials, fingerprint and UDP host candidates. */
export function minimiseSdp(sdp: string, kind: SdpKind): Result<PairingCode, PairingCodeError> {
  const ufrag = attr(sdp, 'ice-ufrag');
  const pwd = attr(sdp, 'ice-pwd');
  if (!ufrag || !pwd || !ICE_CHARS.test(ufrag) || !ICE_CHARS.test(pwd) || ufrag.length > 255 || pwd.length > 255) {
    return err('no-ice-credentials');
  }
  const fp = extractFingerprint(sdp);
  if (!fp.ok) return fp;
  const candidates: Candidate[] = [];
  const seen = new Set<string>();
  for (const line of sdp.split(/\r?\n/)) {
    // a=candidate:<foundation> <component> <transport> <priority> <address> <port> typ <type> ...
    const f = line.startsWith('a=candidate:') ? line.slice(12).trim().split(/\s+/) : null;
    if (!f || f[1] !== '1' || f[2]?.toLowerCase() !== 'udp' || f[6] !== 'typ' || f[7] !== 'host') continue;
    const addr = parseAddr(f[4] ?? '');
    const port = Number(f[5]);
    if (!addr.ok || !Number.isInteger(port) || port < 1 || port > 65535) continue;
    const key = `${formatAddr(addr.value)} ${port}`;
    if (seen.has(key) || candidates.length >= MAX_CANDIDATES) continue;
    seen.add(key);
    candidates.push({ address: addr.value, port });
  }
  if (candidates.length === 0) return err('no-usable-candidates');
  return ok({ kind, ufrag, pwd, fingerprint: fp.value, candidates });
}

export function encodePairingCode(c: PairingCode): string {
  const out: number[] = [CODE_VERSION, c.kind === 'offer' ? 0 : 1];
  const text = (s: string) => {
    out.push(s.length);
    for (const ch of s) out.push(ch.charCodeAt(0));
  };
  text(c.ufrag);
  text(c.pwd);
  out.push(...c.fingerprint);
  out.push(c.candidates.length);
  for (const cand of c.candidates) {
    const a = cand.address;
    out.push(ADDR_TYPES[a.kind]);
    if (a.kind === 'name') text(a.name);
    else out.push(...a.bytes);
    out.push(cand.port >> 8, cand.port & 0xff);
  }
  return PREFIX + toBase64Url(new Uint8Array(out));
}

export function decodePairingCode(code: string): Result<PairingCode, PairingCodeError> {
  const t = code.trim();
  if (!t.startsWith(PREFIX)) return err('invalid-code');
  const raw = fromBase64Url(t.slice(PREFIX.length));
  if (!raw.ok) return err('invalid-code');
  const b = raw.value;
  let o = 0;
  const need = (n: number): boolean => o + n <= b.length;
  const u8 = (): number => b[o++] ?? 0;
  const bytes = (n: number): Uint8Array => b.slice(o, (o += n));
  const text = (re: RegExp): string | null => {
    if (!need(1)) return null;
    const n = u8();
    if (!need(n)) return null;
    const s = String.fromCharCode(...bytes(n));
    return re.test(s) ? s : null;
  };
  if (!need(2)) return err('invalid-code');
  if (u8() !== CODE_VERSION) return err('unsupported-code-version');
  const kindByte = u8();
  if (kindByte > 1) return err('invalid-code');
  const ufrag = text(ICE_CHARS);
  const pwd = text(ICE_CHARS);
  if (ufrag === null || pwd === null || !need(33)) return err('invalid-code');
  const fingerprint = bytes(32);
  const n = u8();
  if (n === 0 || n > MAX_CANDIDATES) return err('invalid-code');
  const candidates: Candidate[] = [];
  for (let i = 0; i < n; i++) {
    if (!need(1)) return err('invalid-code');
    const type = u8();
    let address: Addr;
    if (type === ADDR_TYPES.ipv4 && need(4)) address = { kind: 'ipv4', bytes: bytes(4) };
    else if (type === ADDR_TYPES.ipv6 && need(16)) address = { kind: 'ipv6', bytes: bytes(16) };
    else if (type === ADDR_TYPES.mdns && need(16)) address = { kind: 'mdns', bytes: bytes(16) };
    else if (type === ADDR_TYPES.name) {
      const name = text(/^[A-Za-z0-9.-]{1,253}$/);
      if (name === null) return err('invalid-code');
      address = { kind: 'name', name };
    } else return err('invalid-code');
    if (!need(2)) return err('invalid-code');
    const port = (u8() << 8) | u8();
    if (port === 0) return err('invalid-code');
    candidates.push({ address, port });
  }
  if (o !== b.length) return err('invalid-code');
  return ok({ kind: kindByte === 0 ? 'offer' : 'answer', ufrag, pwd, fingerprint, candidates });
}

/**
 * A full SDP from a code. The offerer says actpass and Chromium's answerer picks active,
 * so rebuild exactly that; the rest is the fixed data-channel boilerplate.
 */
export function rebuildSdp(c: PairingCode): string {
  const fp = [...c.fingerprint].map((x) => x.toString(16).toUpperCase().padStart(2, '0')).join(':');
  const lines = [
    'v=0',
    'o=- 0 2 IN IP4 127.0.0.1',
    's=-',
    't=0 0',
    'a=group:BUNDLE 0',
    'a=msid-semantic: WMS',
    'm=application 9 UDP/DTLS/SCTP webrtc-datachannel',
    'c=IN IP4 0.0.0.0',
    ...c.candidates.map(
      (cand, i) => `a=candidate:${i + 1} 1 udp ${2122260223 - i} ${formatAddr(cand.address)} ${cand.port} typ host generation 0`,
    ),
    'a=end-of-candidates',
    `a=ice-ufrag:${c.ufrag}`,
    `a=ice-pwd:${c.pwd}`,
    `a=fingerprint:sha-256 ${fp}`,
    `a=setup:${c.kind === 'offer' ? 'actpass' : 'active'}`,
    'a=mid:0',
    'a=sctp-port:5000',
    'a=max-message-size:262144',
  ];
  return lines.join('\r\n') + '\r\n';
}
