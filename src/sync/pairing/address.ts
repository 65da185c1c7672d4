/**
 * Candidate addresses in compact binary: IPv4 (4 B), IPv6 (16 B), Chromium's mDNS
 * `<uuid>.local` names (16 B) — or, for anything else, the name as text.
 */
import { ok, err, type Result } from '../../core/util/result';

export type Addr =
  | { readonly kind: 'ipv4'; readonly bytes: Uint8Array }
  | { readonly kind: 'ipv6'; readonly bytes: Uint8Array }
  | { readonly kind: 'mdns'; readonly bytes: Uint8Array }
  | { readonly kind: 'name'; readonly name: string };

const UUID_LOCAL = /^([0-9a-f]{8})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{12})\.local$/i;
const NAME = /^[A-Za-z0-9.-]{1,253}$/;

function hexBytes(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}
const hex = (b: Uint8Array): string => [...b].map((x) => x.toString(16).padStart(2, '0')).join('');

function parseIpv4(s: string): Uint8Array | null {
  const parts = s.split('.');
  if (parts.length !== 4) return null;
  const out = new Uint8Array(4);
  for (let i = 0; i < 4; i++) {
    const p = parts[i] ?? '';
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return null;
    out[i] = Number(p);
  }
  return out;
}

function parseIpv6(s: string): Uint8Array | null {
  if (!/^[0-9a-fA-F:]+$/.test(s) || s.length > 39) return null;
  const halves = s.split('::');
  if (halves.length > 2) return null;
  const groups = (h: string | undefined): string[] => (h ? h.split(':') : []);
  const head = groups(halves[0]);
  const tail = groups(halves[1]);
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  const all = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail];
  const out = new Uint8Array(16);
  for (let i = 0; i < 8; i++) {
    const g = all[i] ?? '';
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return null;
    const v = parseInt(g, 16);
    out[2 * i] = v >> 8;
    out[2 * i + 1] = v & 0xff;
  }
  return out;
}

export function parseAddr(s: string): Result<Addr, 'bad-address'> {
  const v4 = parseIpv4(s);
  if (v4) return ok({ kind: 'ipv4', bytes: v4 });
  const m = UUID_LOCAL.exec(s);
  if (m) return ok({ kind: 'mdns', bytes: hexBytes(m.slice(1).join('')) });
  if (s.includes(':')) {
    const v6 = parseIpv6(s);
    return v6 ? ok({ kind: 'ipv6', bytes: v6 }) : err('bad-address');
  }
  return NAME.test(s) ? ok({ kind: 'name', name: s }) : err('bad-address');
}

export function formatAddr(a: Addr): string {
  switch (a.kind) {
    case 'ipv4':
      return [...a.bytes].join('.');
    case 'ipv6': {
      const g: string[] = [];
      for (let i = 0; i < 16; i += 2) g.push((((a.bytes[i] ?? 0) << 8) | (a.bytes[i + 1] ?? 0)).toString(16));
      return g.join(':');
    }
    case 'mdns': {
      const h = hex(a.bytes);
      return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}.local`;
    }
    case 'name':
      return a.name;
  }
}
