import type * as Y from 'yjs';
import { collection, type RecordKind } from '../schema/layout';
import { encodeRecordChunks, RECORD_CHUNK_ROWS } from '../model/records';
import { predecodeRecordChunks } from '../queries/store';
import { err, ok, type Result } from '../util/result';
import { checkChunk } from './chunkCheck';
import { run, type Ctx } from './context';
import { chunksForYjs, clientRecordChunks, prepare, writeUpdates, type BatchWrite, type Prepared } from './batches';

// Its own module: only the import page writes big batches, and the app's first screen should
// not load this code (the initial-JS budget).

/** Bytes of chunks per transaction when a batch is written in slices. */
const SLICE_BYTES = 1 << 20;

/**
 * Writes a big batch in several transactions, pausing between them, so no single one blocks the
 * page for long: a million lines are ~40 MB, and one transaction with its update on disk took
 * ~0.8 s of main thread. Nothing is visible until the last transaction: until then the batch
 * carries `writing` and every reader skips it (schema/layout.ts batchWritten), so an import is
 * still all or nothing — a tab closed half-way leaves an invisible remnant that the next import
 * of the file replaces (same deterministic id). Updates of existing clients go in the last
 * transaction. If the batch is replaced meanwhile (the same file imported in another tab, or an
 * undo), the write stops with 'interrupted'.
 */
export async function applyBatchInSlices(
  ctx: Ctx, w: BatchWrite, pause: () => Promise<void>, onProgress?: (done: number, total: number) => void, taskMs = 0,
): Promise<Result<{ alreadyPresent: boolean }>> {
  for (const c of w.chunks) { const d = checkChunk(c); if (!d.ok) return err(`refused: ${d.error}`); }
  const token = `${ctx.doc.clientID}:${Math.random().toString(36).slice(2)}`;
  await pause(); // the caller has just planned the write: its own task
  // Slices run on in one task while the next one should still end within `taskMs` (0: a pause
  // after every slice). Each pause lets the page draw, 3–5 ms a time: a pause per ~12 ms slice
  // was ~0.15 s of a million lines' write (42 pauses, measured).
  const budget = new TaskBudget(taskMs, performance.now());
  const slice = async () => {
    if (!budget.ends(performance.now())) return;
    await pause();
    budget.begin(performance.now());
  };
  let p: Prepared | null = null;
  const begun = run(ctx, 'applyBatch:begin', () => { p = prepare(ctx, w, token, true); return ok(p !== null); });
  if (!begun.ok) return begun;
  const prep = p as Prepared | null;
  if (!prep) return ok({ alreadyPresent: true });
  const batches = collection(ctx.doc, 'batches');
  const ours = () => batches.get(w.info.id) === prep.b && prep.b.get('writing') === token;
  // The batch's list of the clients it creates, in a transaction of its own: Yjs encodes 20 000
  // ids one by one (20–70 ms measured), which made the first transaction a long task.
  await slice();
  const ids = run(ctx, 'applyBatch:ids', () => (ours() ? (prep.b.set('createdClientIds', prep.createdClientIds), ok(true as const)) : err('interrupted')));
  if (!ids.ok) return ids;
  // Work list: record chunks (encoded slice by slice, 1 000 records each) then purchase chunks.
  const recordGroups: [RecordKind, readonly object[]][] = [['clients', prep.newClients], ['contacts', prep.newContacts], ['interactions', prep.newInteractions], ['tasks', prep.newTasks]];
  const total = recordGroups.reduce((s, [, r]) => s + r.length, 0) + w.chunks.length;
  let done = 0;
  const push = (name: string, target: Y.Array<Uint8Array>, items: Uint8Array[]): Result<true> =>
    run(ctx, name, () => (ours() ? (target.push(items), ok(true as const)) : err('interrupted')));
  for (const [kind, rows] of recordGroups) {
    for (let i = 0; i < rows.length; i += RECORDS_PER_SLICE) {
      await slice();
      const encoded = kind === 'clients' ? clientRecordChunks(prep, i, i + RECORDS_PER_SLICE) : encodeRecordChunks(kind, rows.slice(i, i + RECORDS_PER_SLICE));
      const r = push('applyBatch:records', prep.records, encoded);
      if (!r.ok) return r;
      // Yjs stores a copy of pushed bytes: decode the stored objects, the ones readers will meet.
      predecodeRecordChunks(prep.records.slice(prep.records.length - encoded.length));
      onProgress?.(done += Math.min(RECORDS_PER_SLICE, rows.length - i), total);
    }
  }
  for (let i = 0; i < w.chunks.length;) {
    await slice();
    const part: Uint8Array[] = [];
    for (let bytes = 0; i < w.chunks.length && (part.length === 0 || bytes + w.chunks[i]!.byteLength <= SLICE_BYTES); i++) { part.push(w.chunks[i]!); bytes += w.chunks[i]!.byteLength; }
    const r = push('applyBatch:chunks', prep.chunks, chunksForYjs(part));
    if (!r.ok) return r;
    onProgress?.(done += part.length, total);
  }
  await pause();
  // The caller's next task (the page draws the result) is asked for before the commit, so it comes
  // ahead of the slices in which readers take the new records in, which the commit queues: after
  // it, the result waited for one such slice (30–40 ms measured).
  const next = pause();
  const committed = run(ctx, 'applyBatch:commit', () => {
    if (!ours()) return err('interrupted');
    writeUpdates(ctx, w, prep.now);
    prep.b.delete('writing');
    return ok({ alreadyPresent: false });
  });
  await next;
  return committed;
}

/**
 * When a task of slices ends: before a slice that, lasting as long as the one before it, would
 * take the task past `ms`. A plain "run on until `ms` have passed" ended tasks one slice late:
 * where slices took 30–40 ms (a VM on which every fresh memory page costs ~14 µs), tasks of two
 * or three ran 60–118 ms.
 */
export class TaskBudget {
  private taskStart: number;
  private sliceStart: number;
  constructor(private readonly ms: number, now: number) { this.taskStart = this.sliceStart = now; }
  /** A slice has ended at `now`: whether the task should end before the next one. */
  ends(now: number): boolean {
    const last = now - this.sliceStart;
    this.sliceStart = now;
    return now - this.taskStart + last >= this.ms;
  }
  /** A new task begins at `now` (after the pause). */
  begin(now: number): void { this.taskStart = this.sliceStart = now; }
}

/** Records per transaction in a sliced write: one full record chunk, ~20–30 ms of work. */
const RECORDS_PER_SLICE = RECORD_CHUNK_ROWS;

