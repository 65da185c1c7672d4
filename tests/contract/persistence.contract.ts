import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { Persistence, PersistError } from '../../src/sync/persistence/types';
import { openBase } from '../../src/core/schema/version';
import { makeCtx } from '../../src/core/commands/context';
import { createClient, updateClientField } from '../../src/core/commands/clients';
import { applyBatch } from '../../src/core/commands/batches';
import { clientHistory, getClient } from '../../src/core/queries/clients';
import { purchaseCount } from '../../src/core/queries/purchases';
import type { ClientId } from '../../src/core/model/client';
import { clock, state, value } from '../core/helpers';
import { makeBatch } from '../core/batchKit';

/**
 * What every Persistence must do, whatever it stores in.
 * `factory(name)` opens a handle on the named store (the same name = the same "disk");
 * `breakWrites(p)` makes the next writes fail with a quota error and returns a function that repairs them;
 * `withoutStorage(fn)` runs fn where the storage engine does not exist (if the implementation has one).
 */
export interface ContractHooks {
  factory(name: string): Persistence;
  breakWrites(p: Persistence): () => void;
  withoutStorage?: (fn: () => Promise<void>) => Promise<void>;
}

let seq = 0;

export function persistenceContract(name: string, hooks: ContractHooks): void {
  describe(`Persistence contract: ${name}`, () => {
    const open: Persistence[] = [];
    const fresh = () => `contract-${name}-${++seq}-${Math.random().toString(36).slice(2)}`;
    async function openOn(dbName: string): Promise<{ p: Persistence; doc: Y.Doc; ctx: ReturnType<typeof makeCtx> }> {
      const p = hooks.factory(dbName);
      open.push(p);
      const doc = new Y.Doc();
      const r = await p.open(doc);
      expect(r).toEqual({ ok: true });
      openBase(doc);
      return { p, doc, ctx: makeCtx(doc, '', () => false, clock) };
    }
    afterEach(async () => { for (const p of open.splice(0)) await p.destroy(); });

    it('write → close → reopen gives the same state', async () => {
      const db = fresh();
      const { p, doc, ctx } = await openOn(db);
      const id = value(createClient(ctx, { name: 'Альфа', phones: ['+79161234567'] }));
      value(updateClientField(ctx, id, 'notes', 'сохранено'));
      value(applyBatch(ctx, makeBatch('persist', 2, 50, 2)));
      expect(await p.flush()).toEqual({ ok: true });
      const before = state(doc);
      await p.close();
      const again = await openOn(db);
      expect(state(again.doc)).toBe(before);
      expect(getClient(again.doc, id)!.notes).toBe('сохранено');
      expect(purchaseCount(again.doc)).toBe(100);
      // Reopening wrote nothing new to the doc: opening an up-to-date base is read-only in effect.
      expect(Y.encodeStateVector(again.doc)).toEqual(Y.encodeStateVector(doc));
    });

    it('an empty store opens to an empty doc, and stores are separate', async () => {
      const a = await openOn(fresh());
      value(createClient(a.ctx, { name: 'only in a' }));
      await a.p.flush();
      const b = await openOn(fresh());
      expect(b.doc.getMap('clients').size).toBe(0);
    });

    it('many edits → compact → one record, state intact, and later writes still land', async () => {
      const db = fresh();
      const { p, doc, ctx } = await openOn(db);
      const id = value(createClient(ctx, { name: 'A' }));
      for (let i = 0; i < 60; i++) value(updateClientField(ctx, id, 'notes', `v${i}`));
      await p.flush();
      expect(await p.recordCount()).toBeGreaterThan(50);
      expect(await p.compact()).toEqual({ ok: true });
      expect(await p.recordCount()).toBe(1);
      value(updateClientField(ctx, id, 'segment', 'after compaction'));
      await p.flush();
      const before = state(doc);
      await p.close();
      const again = await openOn(db);
      expect(state(again.doc)).toBe(before);
      expect(getClient(again.doc, id)).toMatchObject({ notes: 'v59', segment: 'after compaction' });
    });

    it('stored size stays bounded when one field is edited 1 000 times and compacted', async () => {
      const db = fresh();
      const { p, doc, ctx } = await openOn(db);
      const id = value(createClient(ctx, { name: 'A' }));
      const storedSize = () => Y.encodeStateAsUpdate(doc).byteLength;
      const pad = 'x'.repeat(200);
      const edit = (from: number) => { for (let i = from; i < from + 1000; i++) value(updateClientField(ctx, id, 'notes', `value ${i} ${pad}`)); };
      edit(0);
      await p.flush();
      expect(await p.compact()).toEqual({ ok: true });
      expect(await p.recordCount()).toBe(1);
      const after1k = storedSize();
      edit(1000);
      await p.flush();
      expect(await p.compact()).toEqual({ ok: true });
      expect(await p.recordCount()).toBe(1);
      const after2k = storedSize();
      // Overwritten values are freed by compaction: what is left is the change log (every change,
      // from + to) plus a small per-edit Yjs tombstone. If overwritten values were kept, each edit
      // would cost another 200+ bytes on top.
      const logBytes = new TextEncoder().encode(JSON.stringify(clientHistory(doc, id))).byteLength;
      expect(after2k).toBeLessThan(logBytes + 2000 * 64 + 16 * 1024);
      expect(after2k - after1k).toBeLessThan(1000 * (2 * 210 + 150)); // linear in edits, no more than the log grows
      await p.close();
      const again = await openOn(db);
      expect(getClient(again.doc, id as ClientId)!.notes).toBe(`value 1999 ${pad}`);
    });

    it('a failed write is reported as quota through onError and flush; the doc keeps the data; compaction repairs the store', async () => {
      const db = fresh();
      const { p, doc, ctx } = await openOn(db);
      const id = value(createClient(ctx, { name: 'before' }));
      await p.flush();
      const errors: PersistError[] = [];
      const off = p.onError((e) => errors.push(e));
      const repair = hooks.breakWrites(p);
      try {
        value(updateClientField(ctx, id, 'notes', 'only in memory'));
        const f = await p.flush();
        expect(f.ok).toBe(false);
        expect(!f.ok && f.error.kind).toBe('quota');
        expect(errors.length).toBeGreaterThan(0);
        expect(errors[0]!.kind).toBe('quota');
        expect(getClient(doc, id)!.notes).toBe('only in memory');
        // The disk is full: compaction fails too, and says so.
        const c = await p.compact();
        expect(!c.ok && c.error.kind).toBe('quota');
      } finally { repair(); }
      off();
      // Writes work again, but the store still misses the failed update: flush keeps saying so
      // until a compaction rewrites the whole state.
      value(updateClientField(ctx, id, 'segment', 'after repair'));
      const still = await p.flush();
      expect(!still.ok && still.error.kind).toBe('quota');
      expect(await p.compact()).toEqual({ ok: true });
      expect(await p.flush()).toEqual({ ok: true });
      const before = state(doc);
      await p.close();
      const again = await openOn(db);
      expect(state(again.doc)).toBe(before);
      expect(getClient(again.doc, id)).toMatchObject({ notes: 'only in memory', segment: 'after repair' });
    });

    it('onError unsubscribes', async () => {
      const { p, ctx } = await openOn(fresh());
      const errors: PersistError[] = [];
      const repair = hooks.breakWrites(p);
      try {
        p.onError((e) => errors.push(e))();
        value(createClient(ctx, { name: 'x' }));
        expect((await p.flush()).ok).toBe(false);
        expect(errors).toEqual([]);
      } finally { repair(); }
    });

    it('destroy erases the stored base', async () => {
      const db = fresh();
      const { p, ctx } = await openOn(db);
      value(createClient(ctx, { name: 'to be erased' }));
      await p.flush();
      await p.destroy();
      const again = await openOn(db);
      expect(again.doc.getMap('clients').size).toBe(0);
    });

    if (hooks.withoutStorage) {
      const without = hooks.withoutStorage;
      it('opening where the storage engine is missing reports unavailable instead of throwing', async () => {
        await without(async () => {
          const p = hooks.factory(fresh());
          const r = await p.open(new Y.Doc());
          expect(r.ok).toBe(false);
          expect(!r.ok && r.error.kind).toBe('unavailable');
        });
      });
    }
  });
}
