import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import fc from 'fast-check';
import { createBackup, restoreBackup, readBackupHeader } from '../../src/sync/backup';
import { openBase, SCHEMA_VERSION } from '../../src/core/schema/version';
import { makeCtx } from '../../src/core/commands/context';
import { createClient } from '../../src/core/commands/clients';
import { getClient } from '../../src/core/queries/clients';
import { storeOf } from '../../src/core/queries/store';

const FAST = 1_000; // PBKDF2 iterations for tests only; the app uses the library default (600 000)

function base(): { doc: Y.Doc; id: string } {
  const doc = new Y.Doc();
  openBase(doc);
  const r = createClient(makeCtx(doc), { name: 'ООО «Секрет»', phones: ['+79161234567'] });
  if (!r.ok) throw new Error(r.error);
  return { doc, id: r.value };
}

describe('encrypted backups', () => {
  it('restores the whole base into an empty browser with the right passphrase', async () => {
    const { doc, id } = base();
    const file = await createBackup(doc, 'correct horse', SCHEMA_VERSION, FAST);
    expect(file.ok).toBe(true);
    if (!file.ok) return;
    expect(Buffer.from(file.value).includes(Buffer.from('Секрет'))).toBe(false);
    const fresh = new Y.Doc();
    const r = await restoreBackup(fresh, file.value, 'correct horse', SCHEMA_VERSION);
    expect(r).toEqual({ ok: true, value: { changed: true } });
    openBase(fresh);
    expect(getClient(fresh, id as never)?.name).toBe('ООО «Секрет»');
  });

  it('a wrong passphrase, a newer schema or a damaged file change nothing', async () => {
    const { doc } = base();
    const file = await createBackup(doc, 'pw', SCHEMA_VERSION, FAST);
    if (!file.ok) throw new Error('no file');
    const fresh = new Y.Doc();
    const before = Y.encodeStateAsUpdate(fresh);
    expect(await restoreBackup(fresh, file.value, 'PW', SCHEMA_VERSION)).toEqual({ ok: false, error: 'wrong-passphrase' });
    expect(await restoreBackup(fresh, file.value, 'pw', SCHEMA_VERSION - 1)).toEqual({ ok: false, error: 'newer-schema' });
    expect(await restoreBackup(fresh, new TextEncoder().encode('hello'), 'pw', SCHEMA_VERSION)).toEqual({ ok: false, error: 'not-a-backup' });
    expect(await createBackup(doc, '', SCHEMA_VERSION)).toEqual({ ok: false, error: 'empty-passphrase' });
    expect(Y.encodeStateAsUpdate(fresh)).toEqual(before);
  });

  it('any mutated byte is refused without touching the base (fuzz)', async () => {
    const { doc } = base();
    const file = await createBackup(doc, 'pw', SCHEMA_VERSION, FAST);
    if (!file.ok) throw new Error('no file');
    await fc.assert(fc.asyncProperty(fc.integer({ min: 0, max: file.value.length - 1 }), fc.integer({ min: 1, max: 255 }), async (pos, x) => {
      const bad = file.value.slice();
      bad[pos] = bad[pos]! ^ x;
      const target = new Y.Doc();
      const r = await restoreBackup(target, bad, 'pw', SCHEMA_VERSION);
      expect(r.ok).toBe(false);
      expect([...storeOf(target).ids('clients')]).toEqual([]);
    }), { numRuns: 60 });
    expect(readBackupHeader(file.value).ok).toBe(true);
  });
});
