import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as Y from 'yjs';
import { deriveTeamKeys, generateTeam, type TeamKeys } from '../../src/sync/crypto';
import { exportSyncFile, HEADER_BYTES, importSyncFile, readSyncFileHeader, SYNCFILE_ORIGIN } from '../../src/sync/syncfile';
import { impostorKeys, sameContent, snapshot, teamKeys } from '../contract/transport.helpers';

function base(n = 50): Y.Doc {
  const doc = new Y.Doc();
  const clients = doc.getMap('clients');
  doc.transact(() => {
    for (let i = 0; i < n; i++) clients.set(`c${i}`, { name: `Client ${i}`, phone: `+7 900 000 ${i}` });
  });
  return doc;
}

async function exported(doc: Y.Doc, keys: TeamKeys, schemaVersion = 1, since?: Uint8Array): Promise<Uint8Array> {
  const r = await exportSyncFile(doc, { keys, schemaVersion, ...(since ? { since } : {}) });
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

describe('sync file', () => {
  it('a full export imports into an empty doc in one transaction with origin syncfile', async () => {
    const keys = await teamKeys();
    const a = base();
    const file = await exported(a, keys, 4);
    expect(readSyncFileHeader(file)).toMatchObject({ ok: true, value: { kind: 'full', schemaVersion: 4, teamId: keys.teamId } });
    const b = new Y.Doc();
    const origins: unknown[] = [];
    b.on('afterTransaction', (t: Y.Transaction) => origins.push(t.origin));
    const r = await importSyncFile(b, file, { keys, schemaVersion: 4 });
    expect(r).toEqual({ ok: true, value: { kind: 'full', schemaVersion: 4, changed: true, incomplete: false } });
    expect(origins).toEqual([SYNCFILE_ORIGIN]);
    expect(sameContent(a, b)).toBe(true);
    // Importing the same file again changes nothing.
    expect(await importSyncFile(b, file, { keys, schemaVersion: 4 })).toMatchObject({ ok: true, value: { changed: false } });
  });

  it('a delta from the member’s state vector carries only what they miss', async () => {
    const keys = await teamKeys();
    const a = base(500);
    const b = new Y.Doc();
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    const bState = Y.encodeStateVector(b);
    a.getMap('clients').set('new', { name: 'New' });
    a.getMap('clients').delete('c1');
    const full = await exported(a, keys);
    const delta = await exported(a, keys, 1, bState);
    expect(delta.length).toBeLessThan(full.length / 10);
    expect(readSyncFileHeader(delta)).toMatchObject({ ok: true, value: { kind: 'delta' } });
    expect(await importSyncFile(b, delta, { keys, schemaVersion: 1 })).toMatchObject({ ok: true, value: { changed: true } });
    expect(sameContent(a, b)).toBe(true);
  });

  it('a delete-only delta counts as a change', async () => {
    const keys = await teamKeys();
    const a = base(5);
    const b = new Y.Doc();
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    a.getMap('clients').delete('c2');
    a.getMap('clients').delete('c3');
    const r = await importSyncFile(b, await exported(a, keys, 1, Y.encodeStateVector(b)), { keys, schemaVersion: 1 });
    expect(r).toMatchObject({ ok: true, value: { changed: true } });
    expect(sameContent(a, b)).toBe(true);
  });

  it('a delta that needs data the importer never had is reported incomplete', async () => {
    const keys = await teamKeys();
    const a = base(5);
    const mid = Y.encodeStateVector(a);
    a.getMap('clients').set('later', 1);
    const b = new Y.Doc();
    const r = await importSyncFile(b, await exported(a, keys, 1, mid), { keys, schemaVersion: 1 });
    expect(r).toMatchObject({ ok: true, value: { incomplete: true } });
  });

  it('rejects an invalid state vector on export', async () => {
    const keys = await teamKeys();
    expect(await exportSyncFile(base(1), { keys, schemaVersion: 1, since: new Uint8Array([255, 255]) })).toEqual({
      ok: false,
      error: 'invalid-state-vector',
    });
  });

  it('gives clear errors: wrong team, wrong key, corrupted, newer schema, not a file, newer format', async () => {
    const keys = await teamKeys();
    const file = await exported(base(), keys, 2);
    const b = base(3);
    const before = snapshot(b);
    const other = await deriveTeamKeys(generateTeam());
    const imp = (bytes: Uint8Array, k: TeamKeys = keys, schemaVersion = 2) => importSyncFile(b, bytes, { keys: k, schemaVersion });
    expect(await imp(file, other)).toEqual({ ok: false, error: 'wrong-team' });
    expect(await imp(file, await impostorKeys(keys))).toEqual({ ok: false, error: 'wrong-key' });
    expect(await imp(file, keys, 1)).toEqual({ ok: false, error: 'newer-schema' });
    const body = file.slice();
    body[body.length - 20]! ^= 0x40;
    expect(await imp(body)).toEqual({ ok: false, error: 'corrupted' });
    const header = file.slice();
    header[9]! ^= 1; // schemaVersion low byte: authenticated as AAD
    expect(await imp(header)).toEqual({ ok: false, error: 'corrupted' });
    expect(await imp(new TextEncoder().encode('name,phone\nAnna,1'))).toEqual({ ok: false, error: 'not-a-syncfile' });
    const future = file.slice();
    future[4] = 2;
    expect(await imp(future)).toEqual({ ok: false, error: 'unsupported-format' });
    expect(await imp(file.subarray(0, HEADER_BYTES + 3))).toEqual({ ok: false, error: 'corrupted' });
    expect(snapshot(b)).toBe(before);
  });

  it('fuzz: any mutation of a file is an error value and leaves the doc unchanged', async () => {
    const keys = await teamKeys();
    const file = await exported(base(20), keys, 1);
    const b = base(2);
    const before = snapshot(b);
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.record({ op: fc.constant('flip' as const), at: fc.nat(file.length - 1), mask: fc.integer({ min: 1, max: 255 }) }),
          fc.record({ op: fc.constant('truncate' as const), at: fc.nat(file.length - 1) }),
          fc.record({ op: fc.constant('insert' as const), at: fc.nat(file.length), bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }) }),
        ),
        async (m) => {
          let bad: Uint8Array;
          if (m.op === 'flip') {
            bad = file.slice();
            bad[m.at]! ^= m.mask;
          } else if (m.op === 'truncate') {
            bad = file.slice(0, m.at);
          } else {
            bad = new Uint8Array([...file.subarray(0, m.at), ...m.bytes, ...file.subarray(m.at)]);
          }
          const r = await importSyncFile(b, bad, { keys, schemaVersion: 1 });
          expect(r.ok).toBe(false);
          expect(snapshot(b)).toBe(before);
        },
      ),
      { numRuns: 300 },
    );
  });
});
