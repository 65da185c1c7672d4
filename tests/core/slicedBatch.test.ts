// A big import written in several transactions (applyBatchInSlices) must be all or nothing for
// every reader, on this laptop and on a peer that syncs half-way, and end equal to applyBatch.
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { applyBatch, chunksForYjs, undoBatch } from '../../src/core/commands/batches';
import { applyBatchInSlices, TaskBudget } from '../../src/core/commands/batchSlices';
import { ClientCache } from '../../src/core/queries/clients';
import { allChunks, listBatches } from '../../src/core/queries/purchases';
import { rawChunks } from '../../src/core/queries/analyticsInput';
import { storeOf } from '../../src/core/queries/store';
import { RECORD_KINDS } from '../../src/core/schema/layout';
import type { MemberId } from '../../src/core/model/member';
import { exchange, replica, value, type Replica } from './helpers';
import { makeBatch } from './batchKit';

const ME = 'mem_aaaaaaaaaaaa' as MemberId;

/** Everything a reader can see of a base (not how it got there). */
function visible(r: Replica) {
  const s = storeOf(r.doc);
  // Timestamps differ between replicas (each has its own clock): compare everything else.
  const plain = (raw: Record<string, unknown> | null) => { const { createdAt: _a, updatedAt: _b, ...rest } = raw ?? {}; return rest; };
  const records = Object.fromEntries(RECORD_KINDS.map((k) => [k, [...s.ids(k)].sort().map((id) => plain(s.merged(k, id)))]));
  return {
    records,
    chunks: rawChunks(r.doc).map((c) => [...c]),
    lines: allChunks(r.doc).reduce((n, c) => n + c.n, 0),
    batches: listBatches(r.doc).map(({ createdAt: _c, ...rest }) => rest),
  };
}

describe('a batch written in slices', () => {
  // 2 500 clients (3 record slices) and 12 chunks of 4 000 lines (several chunk slices).
  const w = makeBatch('big', 2500, 4000, 12);

  it('shows nothing until its last transaction, here and on a peer syncing half-way, then equals applyBatch', async () => {
    const a = replica(ME, 1), peer = replica(ME, 2), ref = replica(ME, 3);
    const empty = visible(a);
    const cacheA = new ClientCache(a.doc), cachePeer = new ClientCache(peer.doc);
    let pauses = 0;
    const r = await applyBatchInSlices(a.ctx, w, async () => {
      pauses++;
      exchange(a.doc, peer.doc);
      for (const x of [a, peer]) expect(visible(x)).toEqual(empty);
      expect(cacheA.byId.size + cachePeer.byId.size).toBe(0);
    });
    expect(value(r)).toEqual({ alreadyPresent: false });
    expect(pauses).toBeGreaterThan(4);
    value(applyBatch(ref.ctx, w));
    exchange(a.doc, peer.doc);
    const want = visible(ref);
    expect(want.lines).toBe(48_000);
    expect(visible(a)).toEqual(want);
    expect(visible(peer)).toEqual(want);
    expect(cacheA.byId.size).toBe(2500);
    expect(cachePeer.byId.size).toBe(2500);
    // And it is the same batch: applying it again is a no-op, undo works as for any batch.
    expect(value(applyBatch(a.ctx, w))).toEqual({ alreadyPresent: true });
    value(undoBatch(a.ctx, w.id));
    expect(visible(a).lines).toBe(0);
  });

  it('runs slices on in one task within taskMs, and still shows nothing before its commit', async () => {
    const a = replica(ME, 1), peer = replica(ME, 2);
    const empty = visible(a);
    const pausesWith = async (r: Replica, taskMs: number) => {
      let n = 0;
      value(await applyBatchInSlices(r.ctx, w, async () => { n++; expect(visible(r)).toEqual(empty); }, undefined, taskMs));
      return n;
    };
    // A budget no slice reaches: only the first pause (after the caller's task), the one before
    // the commit, and the one the write returns in.
    expect(await pausesWith(a, 60_000)).toBe(3);
    expect(visible(a).lines).toBe(48_000);
    // No budget: a pause before every slice (3 record slices, several chunk slices).
    expect(await pausesWith(peer, 0)).toBeGreaterThan(5);
    expect(visible(peer)).toEqual(visible(a));
  });

  it('ends a task before a slice that, as long as the last, would take it past its budget', () => {
    // Slices of 12 ms in a 30 ms budget: two per task (a third would end at 36 ms).
    const quick = new TaskBudget(30, 0);
    expect([12, 24].map((t) => quick.ends(t))).toEqual([false, true]);
    // Slices of 20 ms: one per task. Run on until 30 ms had passed, two were run (a 40 ms task).
    const slow = new TaskBudget(30, 0);
    expect(slow.ends(20)).toBe(true);
    slow.begin(24);
    expect(slow.ends(44)).toBe(true);
    // A slow slice, then quick ones: the task goes on once the last slice was short.
    const mixed = new TaskBudget(30, 0);
    expect(mixed.ends(25)).toBe(true);
    mixed.begin(30);
    expect([33, 36, 39].map((t) => mixed.ends(t))).toEqual([false, false, false]);
    expect(mixed.ends(58)).toBe(true);
  });

  it('asks for its caller\'s next task before the commit, and returns in it', async () => {
    // The page draws the result in that task: asked for after the commit, it came behind the
    // slices the commit queues for readers.
    const a = replica(ME, 1);
    const events: string[] = [];
    const r = await applyBatchInSlices(a.ctx, w, () => {
      const k = events.length;
      events.push(`ask ${visible(a).lines > 0 ? 'shown' : 'hidden'}`);
      return new Promise<void>((res) => setTimeout(() => { events.push(`resumed ${k} ${visible(a).lines > 0 ? 'shown' : 'hidden'}`); res(); }, 0));
    });
    events.push('returned');
    expect(value(r)).toEqual({ alreadyPresent: false });
    expect(events.filter((e) => e.startsWith('ask')).every((e) => e === 'ask hidden')).toBe(true);
    expect(visible(a).lines).toBe(48_000);
    // The last pause was asked for before the commit and resumed after it; the write returned only then.
    const lastAsk = events.map((e) => e.startsWith('ask')).lastIndexOf(true);
    expect(events.slice(lastAsk + 1)).toEqual([`resumed ${lastAsk} shown`, 'returned']);
  });

  it('a write cut short leaves nothing visible, and importing the file again completes it', async () => {
    const a = replica(ME, 1);
    const empty = visible(a);
    let n = 0;
    // The tab closes during the third pause: the promise never resumes.
    void applyBatchInSlices(a.ctx, w, () => (++n < 3 ? Promise.resolve() : new Promise<void>(() => {})));
    await new Promise((r) => setTimeout(r, 0));
    expect(n).toBe(3);
    expect(visible(a)).toEqual(empty);
    expect(undoBatch(a.ctx, w.id).ok).toBe(false); // nothing to undo: it is not there yet
    expect(listBatches(a.doc)).toEqual([]);
    const again = await applyBatchInSlices(a.ctx, w, () => Promise.resolve());
    expect(value(again)).toEqual({ alreadyPresent: false });
    expect(visible(a).lines).toBe(48_000);
  });

  it('stops with "interrupted" when the batch is replaced meanwhile (the same file written by another tab)', async () => {
    const a = replica(ME, 1), other = replica(ME, 2);
    let n = 0;
    const r = await applyBatchInSlices(a.ctx, w, async () => {
      if (++n === 2) { value(applyBatch(other.ctx, w)); exchange(a.doc, other.doc); }
    });
    expect(r.ok ? 'ok' : r.error).toBe('interrupted');
    expect(visible(a).lines).toBe(48_000); // the other tab's complete batch
  });

  it('two laptops writing the same file at once end with one complete batch, or a clear interruption to retry', async () => {
    const a = replica(ME, 1), b = replica(ME, 2);
    const slow = () => new Promise<void>((r) => setTimeout(r, 0));
    // Both write, syncing after every pause of A: one of the two maps wins, the other writer is told.
    const [ra, rb] = await Promise.all([
      applyBatchInSlices(a.ctx, w, async () => { await slow(); exchange(a.doc, b.doc); }),
      applyBatchInSlices(b.ctx, w, slow),
    ]);
    exchange(a.doc, b.doc);
    const outcomes = [ra, rb].map((r) => (r.ok ? 'ok' : r.error)).sort();
    expect(outcomes).toContain('interrupted');
    if (outcomes.includes('ok')) expect(visible(a).lines).toBe(48_000);
    else {
      // Neither finished (each replaced the other's map): nothing is visible, and a retry completes it.
      expect(visible(a).lines).toBe(0);
      expect(value(await applyBatchInSlices(a.ctx, w, () => Promise.resolve()))).toEqual({ alreadyPresent: false });
      exchange(a.doc, b.doc);
    }
    expect(visible(a)).toEqual(visible(b));
    expect(visible(a).lines).toBe(48_000);
  });

  it('refuses malformed chunks before writing anything', async () => {
    const a = replica(ME, 1);
    const bad = { ...w, chunks: [...w.chunks, new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8])] };
    const r = await applyBatchInSlices(a.ctx, bad, () => Promise.resolve());
    expect(r.ok).toBe(false);
    expect(Y.encodeStateVector(a.doc)).toEqual(Y.encodeStateVector(replica(ME, 1).doc));
  });

  it('stores chunks without copying those that own their buffer, and copies views into a larger buffer', () => {
    const [whole] = w.chunks;
    const big = new Uint8Array(whole!.byteLength + 16);
    big.set(whole!, 8);
    const view = big.subarray(8, 8 + whole!.byteLength); // a chunk inside someone else's buffer
    const doc = new Y.Doc();
    const arr = doc.getArray<Uint8Array>('chunks');
    arr.push(chunksForYjs([whole!, view]));
    const [a, b] = arr.toArray();
    // Read back as bytes either way, equal to what was pushed, and the same after a sync.
    expect(a).toBeInstanceOf(Uint8Array);
    expect([...a!]).toEqual([...whole!]);
    expect(a!.buffer).toBe(whole!.buffer); // no copy: Yjs keeps a view on the chunk's own buffer
    expect([...b!]).toEqual([...whole!]);
    expect(b!.buffer).not.toBe(big.buffer); // a view never drags its whole buffer in
    expect(b!.byteLength).toBe(whole!.byteLength);
    const peer = new Y.Doc();
    Y.applyUpdate(peer, Y.encodeStateAsUpdate(doc));
    expect(peer.getArray<Uint8Array>('chunks').toArray().map((c) => [...c])).toEqual([[...whole!], [...whole!]]);
  });
});
