import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  decodeInvite,
  deriveKeyFromPassphrase,
  deriveTeamKeys,
  encodeInvite,
  fromBase64Url,
  generateTeam,
  open,
  seal,
  toBase64Url,
} from '../../src/sync/crypto';

describe('base64url', () => {
  it('round-trips any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        const text = toBase64Url(bytes);
        expect(text).toMatch(/^[A-Za-z0-9_-]*$/);
        const back = fromBase64Url(text);
        expect(back.ok && Array.from(back.value)).toEqual(Array.from(bytes));
      }),
    );
  });
  it('matches Node Buffer encoding', () => {
    const bytes = new Uint8Array([0xfb, 0xff, 0x00, 0x10, 0x7f]);
    expect(toBase64Url(bytes)).toBe(Buffer.from(bytes).toString('base64url'));
  });
  it('rejects foreign characters and impossible lengths', () => {
    expect(fromBase64Url('ab+d').ok).toBe(false);
    expect(fromBase64Url('abcde').ok).toBe(false);
    expect(fromBase64Url('ab=').ok).toBe(false);
  });
});

describe('invite code', () => {
  it('round-trips the team id and key', () => {
    const team = generateTeam();
    expect(team.teamKey.length).toBe(32);
    const code = encodeInvite(team);
    const back = decodeInvite(`  ${code}\n`);
    expect(back.ok).toBe(true);
    if (back.ok) {
      expect(back.value.teamId).toBe(team.teamId);
      expect(Array.from(back.value.teamKey)).toEqual(Array.from(team.teamKey));
    }
  });
  it('gives distinct teams', () => {
    expect(generateTeam().teamId).not.toBe(generateTeam().teamId);
  });
  it('rejects garbage, truncation and unknown versions', () => {
    const code = encodeInvite(generateTeam());
    expect(decodeInvite('hello')).toEqual({ ok: false, error: 'invalid-invite' });
    expect(decodeInvite(code.slice(0, -4))).toEqual({ ok: false, error: 'invalid-invite' });
    const raw = fromBase64Url(code.slice(4));
    if (!raw.ok) throw new Error('fixture');
    raw.value[0] = 9;
    expect(decodeInvite('kt1.' + toBase64Url(raw.value))).toEqual({ ok: false, error: 'unsupported-invite-version' });
  });
});

describe('seal/open', () => {
  it('round-trips with the right key and aad', async () => {
    const keys = await deriveTeamKeys(generateTeam());
    const msg = new Uint8Array([1, 2, 3, 4]);
    const aad = new Uint8Array([9]);
    const sealed = await seal(keys.data, msg, aad);
    const back = await open(keys.data, sealed, aad);
    expect(back.ok && Array.from(back.value)).toEqual([1, 2, 3, 4]);
  });
  it('uses a fresh IV every time', async () => {
    const keys = await deriveTeamKeys(generateTeam());
    const m = new Uint8Array(10);
    const a = await seal(keys.data, m);
    const b = await seal(keys.data, m);
    expect(toBase64Url(a)).not.toBe(toBase64Url(b));
  });
  it('wrong key, wrong purpose, wrong aad and tampering all give wrong-key, never throw', async () => {
    const team = generateTeam();
    const keys = await deriveTeamKeys(team);
    const other = await deriveTeamKeys(generateTeam());
    const sealed = await seal(keys.data, new Uint8Array([5, 6, 7]), new Uint8Array([1]));
    expect(await open(other.data, sealed, new Uint8Array([1]))).toEqual({ ok: false, error: 'wrong-key' });
    expect(await open(keys.file, sealed, new Uint8Array([1]))).toEqual({ ok: false, error: 'wrong-key' });
    expect(await open(keys.data, sealed, new Uint8Array([2]))).toEqual({ ok: false, error: 'wrong-key' });
    const tampered = sealed.slice();
    tampered[tampered.length - 1]! ^= 1;
    expect(await open(keys.data, tampered, new Uint8Array([1]))).toEqual({ ok: false, error: 'wrong-key' });
    expect(await open(keys.data, new Uint8Array(5))).toEqual({ ok: false, error: 'malformed' });
  });
  it('same team secret derives the same keys on both sides (key check)', async () => {
    const team = generateTeam();
    const a = await deriveTeamKeys(team);
    const b = await deriveTeamKeys({ teamId: team.teamId, teamKey: team.teamKey.slice() });
    expect(Array.from(a.keyCheck)).toEqual(Array.from(b.keyCheck));
    const sealed = await seal(a.signaling, new Uint8Array([42]));
    const back = await open(b.signaling, sealed);
    expect(back.ok).toBe(true);
    const c = await deriveTeamKeys(generateTeam());
    expect(Array.from(a.keyCheck)).not.toEqual(Array.from(c.keyCheck));
  });
  it('passphrase keys open only with the same passphrase and salt', async () => {
    const salt = new Uint8Array(16).fill(3);
    const k1 = await deriveKeyFromPassphrase('correct horse', salt, 1000);
    const k2 = await deriveKeyFromPassphrase('correct horse', salt, 1000);
    const k3 = await deriveKeyFromPassphrase('wrong horse', salt, 1000);
    const sealed = await seal(k1, new Uint8Array([1]));
    expect((await open(k2, sealed)).ok).toBe(true);
    expect(await open(k3, sealed)).toEqual({ ok: false, error: 'wrong-key' });
  });
});
