import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { randomBytes } from '../../src/sync/crypto';
import {
  decodePairingCode,
  encodePairingCode,
  extractFingerprint,
  minimiseSdp,
  pairingProof,
  parseAddr,
  formatAddr,
  rebuildSdp,
  verifyPairingProof,
} from '../../src/sync/pairing';
import { impostorKeys, teamKeys } from '../contract/transport.helpers';

// Shaped after Chromium's non-trickle data-channel SDP (gathering complete, no camera permission → mDNS names).
const CHROMIUM_OFFER_MDNS = [
  'v=0',
  'o=- 6543244735117430421 2 IN IP4 127.0.0.1',
  's=-',
  't=0 0',
  'a=group:BUNDLE 0',
  'a=extmap-allow-mixed',
  'a=msid-semantic: WMS',
  'm=application 49203 UDP/DTLS/SCTP webrtc-datachannel',
  'c=IN IP4 0.0.0.0',
  'a=candidate:3442447574 1 udp 2122260223 5f0b7d0e-1c39-4b7e-9d7e-2a4d7f3c9b11.local 49203 typ host generation 0 network-id 1 network-cost 10',
  'a=candidate:2241218198 1 tcp 1518280447 5f0b7d0e-1c39-4b7e-9d7e-2a4d7f3c9b11.local 9 typ host tcptype active generation 0 network-id 1 network-cost 10',
  'a=ice-ufrag:Y7wp',
  'a=ice-pwd:hQ4sOVzA2oTWdmgDv6C+bS1/',
  'a=ice-options:trickle',
  'a=fingerprint:sha-256 3C:4A:1F:9E:0B:22:71:D5:8A:6C:E0:13:5F:94:B7:2D:C8:01:6E:39:AB:50:D7:F2:14:88:3B:C6:2E:95:07:A1',
  'a=setup:actpass',
  'a=mid:0',
  'a=sctp-port:5000',
  'a=max-message-size:262144',
  '',
].join('\r\n');

// With camera permission Chromium lists raw addresses, IPv4 and IPv6, plus a server-reflexive one we drop.
const CHROMIUM_ANSWER_RAW = [
  'v=0',
  'o=- 1187213540283760055 2 IN IP4 127.0.0.1',
  's=-',
  't=0 0',
  'a=group:BUNDLE 0',
  'a=extmap-allow-mixed',
  'a=msid-semantic: WMS',
  'm=application 58011 UDP/DTLS/SCTP webrtc-datachannel',
  'c=IN IP4 192.168.1.34',
  'a=candidate:1467250027 1 udp 2122260223 192.168.1.34 58011 typ host generation 0 network-id 1 network-cost 10',
  'a=candidate:2779344912 1 udp 2122197247 fd00:0:0:1::22 40233 typ host generation 0 network-id 2 network-cost 10',
  'a=candidate:842163049 1 udp 1686052607 203.0.113.7 58011 typ srflx raddr 192.168.1.34 rport 58011 generation 0 network-id 1 network-cost 10',
  'a=candidate:1467250027 1 udp 2122260223 192.168.1.34 58011 typ host generation 0 network-id 1 network-cost 10',
  'a=ice-ufrag:mB0t',
  'a=ice-pwd:pX9q7n2KcLr1sVd8wEe0Zt4u',
  'a=ice-options:trickle',
  'a=fingerprint:sha-256 A0:9B:44:10:FE:6D:3C:25:71:E8:0F:B2:99:5A:16:C3:4D:E7:28:90:BB:01:7C:D4:63:F5:2A:8E:11:C9:50:3D',
  'a=setup:active',
  'a=mid:0',
  'a=sctp-port:5000',
  'a=max-message-size:262144',
  '',
].join('\r\n');

describe('pairing code', () => {
  it('minimises a Chromium mDNS offer to a short code and rebuilds an equivalent SDP', () => {
    const min = minimiseSdp(CHROMIUM_OFFER_MDNS, 'offer');
    if (!min.ok) throw new Error(min.error);
    expect(min.value.candidates).toHaveLength(1); // the TCP candidate is dropped
    const code = encodePairingCode(min.value);
    expect(code.length).toBeLessThan(120);
    const back = decodePairingCode(code);
    if (!back.ok) throw new Error(back.error);
    const sdp = rebuildSdp(back.value);
    expect(sdp).toContain('m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\n');
    expect(sdp).toContain('a=setup:actpass\r\n');
    expect(sdp).toContain('a=sctp-port:5000\r\n');
    expect(sdp).toContain('a=max-message-size:262144\r\n');
    expect(sdp).toContain('a=ice-ufrag:Y7wp\r\n');
    expect(sdp).toContain('a=ice-pwd:hQ4sOVzA2oTWdmgDv6C+bS1/\r\n');
    expect(sdp).toContain(
      'a=fingerprint:sha-256 3C:4A:1F:9E:0B:22:71:D5:8A:6C:E0:13:5F:94:B7:2D:C8:01:6E:39:AB:50:D7:F2:14:88:3B:C6:2E:95:07:A1\r\n',
    );
    expect(sdp).toMatch(/a=candidate:1 1 udp \d+ 5f0b7d0e-1c39-4b7e-9d7e-2a4d7f3c9b11\.local 49203 typ host/);
    // Minimising the rebuilt SDP gives the same code: nothing lost, nothing invented.
    const again = minimiseSdp(sdp, 'offer');
    expect(again.ok && encodePairingCode(again.value)).toBe(code);
  });

  it('keeps raw IPv4/IPv6 host candidates of an answer, drops srflx and duplicates, and sets up active', () => {
    const min = minimiseSdp(CHROMIUM_ANSWER_RAW, 'answer');
    if (!min.ok) throw new Error(min.error);
    expect(min.value.candidates.map((c) => `${formatAddr(c.address)} ${c.port}`)).toEqual([
      '192.168.1.34 58011',
      'fd00:0:0:1:0:0:0:22 40233',
    ]);
    const back = decodePairingCode(encodePairingCode(min.value));
    if (!back.ok) throw new Error(back.error);
    const sdp = rebuildSdp(back.value);
    expect(sdp).toContain('a=setup:active\r\n');
    expect(sdp).toContain(' 192.168.1.34 58011 typ host');
    expect(extractFingerprint(sdp)).toEqual(extractFingerprint(CHROMIUM_ANSWER_RAW));
  });

  it('reports what is missing from an SDP', () => {
    expect(minimiseSdp(CHROMIUM_OFFER_MDNS.replace(/a=ice-pwd:.*\r\n/, ''), 'offer')).toEqual({ ok: false, error: 'no-ice-credentials' });
    expect(minimiseSdp(CHROMIUM_OFFER_MDNS.replace('sha-256', 'sha-1'), 'offer')).toEqual({ ok: false, error: 'no-sha256-fingerprint' });
    expect(minimiseSdp(CHROMIUM_OFFER_MDNS.replace(/a=candidate:.*udp.*\r\n/, ''), 'offer')).toEqual({
      ok: false,
      error: 'no-usable-candidates',
    });
  });

  it('round-trips any well-formed code', () => {
    const addr = fc.oneof(
      fc.uint8Array({ minLength: 4, maxLength: 4 }).map((bytes) => ({ kind: 'ipv4' as const, bytes })),
      fc.uint8Array({ minLength: 16, maxLength: 16 }).map((bytes) => ({ kind: 'ipv6' as const, bytes })),
      fc.uint8Array({ minLength: 16, maxLength: 16 }).map((bytes) => ({ kind: 'mdns' as const, bytes })),
    );
    const ice = (min: number, max: number) => fc.stringMatching(new RegExp(`^[A-Za-z0-9+/]{${min},${max}}$`));
    fc.assert(
      fc.property(
        fc.constantFrom('offer' as const, 'answer' as const),
        ice(4, 32),
        ice(22, 64),
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.array(fc.record({ address: addr, port: fc.integer({ min: 1, max: 65535 }) }), { minLength: 1, maxLength: 8 }),
        (kind, ufrag, pwd, fingerprint, candidates) => {
          const code = { kind, ufrag, pwd, fingerprint, candidates };
          const back = decodePairingCode(encodePairingCode(code));
          expect(back).toEqual({ ok: true, value: code });
          const rebuilt = minimiseSdp(rebuildSdp(code), kind);
          expect(rebuilt.ok && encodePairingCode(rebuilt.value)).toBe(encodePairingCode(code));
        },
      ),
    );
  });

  it('rejects garbage and truncated codes with an error value', () => {
    const min = minimiseSdp(CHROMIUM_OFFER_MDNS, 'offer');
    if (!min.ok) throw new Error(min.error);
    const code = encodePairingCode(min.value);
    expect(decodePairingCode('hello').ok).toBe(false);
    for (let cut = 4; cut < code.length; cut += 3) expect(decodePairingCode(code.slice(0, cut)).ok).toBe(false);
    expect(decodePairingCode(code + 'AA').ok).toBe(false);
    fc.assert(fc.property(fc.uint8Array({ maxLength: 120 }), (b) => void decodePairingCode('kp1.' + Buffer.from(b).toString('base64url'))));
  });

  it('parses addresses strictly', () => {
    expect(parseAddr('256.1.1.1').ok).toBe(true); // not IPv4, but a valid-looking name: kept as text
    expect(parseAddr('::1')).toMatchObject({ ok: true, value: { kind: 'ipv6' } });
    expect(parseAddr('1::2::3').ok).toBe(false);
    expect(parseAddr('fe80::1%eth0').ok).toBe(false);
    expect(parseAddr('bad name').ok).toBe(false);
  });
});

describe('key-possession proof', () => {
  const fpOffer = randomBytes(32);
  const fpAnswer = randomBytes(32);

  it('verifies for the same team, connection and role', async () => {
    const keys = await teamKeys();
    const proof = await pairingProof(keys, 'offerer', fpOffer, fpAnswer);
    expect(await verifyPairingProof(keys, 'offerer', fpOffer, fpAnswer, proof)).toBe(true);
  });

  it('fails for another key, another connection, a reflected role or a tampered proof', async () => {
    const keys = await teamKeys();
    const proof = await pairingProof(keys, 'offerer', fpOffer, fpAnswer);
    expect(await verifyPairingProof(await impostorKeys(keys), 'offerer', fpOffer, fpAnswer, proof)).toBe(false);
    expect(await verifyPairingProof(keys, 'offerer', fpOffer, randomBytes(32), proof)).toBe(false);
    expect(await verifyPairingProof(keys, 'answerer', fpOffer, fpAnswer, proof)).toBe(false);
    const bad = proof.slice();
    bad[0]! ^= 1;
    expect(await verifyPairingProof(keys, 'offerer', fpOffer, fpAnswer, bad)).toBe(false);
    expect(await verifyPairingProof(keys, 'offerer', fpOffer, fpAnswer, proof.subarray(0, 16))).toBe(false);
  });
});
