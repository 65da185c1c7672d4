import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import fs from 'node:fs';
import path from 'node:path';
import { openBase, SCHEMA_VERSION, storedSchemaVersion } from '../../src/core/schema/version';
import { meta } from '../../src/core/schema/layout';
import { makeCtx } from '../../src/core/commands/context';
import { createClient } from '../../src/core/commands/clients';
import { ClientCache } from '../../src/core/queries/clients';
import { allChunks } from '../../src/core/queries/purchases';

const dir = path.resolve(import.meta.dirname, '../fixtures/bases');
const fixtures = fs.readdirSync(dir).filter((f) => /^schema-v\d+\.ydoc$/.test(f));

describe('saved bases of every schema version open in this app', () => {
  it('has a fixture for the current schema version', () => {
    expect(fixtures).toContain(`schema-v${SCHEMA_VERSION}.ydoc`);
  });

  for (const f of fixtures) {
    it(`${f} opens, migrates and reads`, () => {
      const doc = new Y.Doc();
      Y.applyUpdate(doc, new Uint8Array(fs.readFileSync(path.join(dir, f))));
      const state = openBase(doc);
      expect(state.mode).toBe('writable');
      expect(storedSchemaVersion(doc)).toBe(SCHEMA_VERSION);
      const cache = new ClientCache(doc);
      expect(cache.live().length).toBe(41);
      const hand = cache.live().find((c) => c.name === 'Hand-made client');
      expect(hand?.tags).toEqual(['VIP']);
      expect(hand?.notes).toBe('edited once');
      expect(allChunks(doc).reduce((n, c) => n + c.n, 0)).toBe(400);
    });
  }

  it('a base from before schema versions (v0) is migrated in one transaction', () => {
    const doc = new Y.Doc();
    let updates = 0;
    doc.on('update', () => updates++);
    expect(openBase(doc)).toEqual({ mode: 'writable', migratedFrom: 0 });
    expect(updates).toBe(1);
    expect(openBase(doc)).toEqual({ mode: 'writable', migratedFrom: SCHEMA_VERSION }); // idempotent
    expect(updates).toBe(1);
  });

  it('a base written by a newer app opens read-only and this app writes nothing into it', () => {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, new Uint8Array(fs.readFileSync(path.join(dir, `schema-v${SCHEMA_VERSION}.ydoc`))));
    const newer = new Y.Doc();
    Y.applyUpdate(newer, Y.encodeStateAsUpdate(doc));
    meta(newer).set('schemaVersion', SCHEMA_VERSION + 1); // what a future app would stamp
    const before = Y.encodeStateAsUpdate(newer);
    const state = openBase(newer);
    expect(state.mode).toBe('read-only');
    const ctx = makeCtx(newer, '', () => state.mode === 'read-only');
    expect(createClient(ctx, { name: 'must not land' })).toEqual({ ok: false, error: 'read-only' });
    expect(Y.encodeStateAsUpdate(newer)).toEqual(before);
  });
});
