import { batchIdFor } from '../model/batch';
import { generateSample, type SampleSize } from '../sample/generate';
import { ok, err, type Result } from '../util/result';
import type { Ctx } from './context';
import { applyBatch } from './batches';
import { createMember } from './team';
import { run } from './context';
import { writeTask } from './work';
import { collection } from '../schema/layout';

/**
 * Loads the demo base as an import batch named "sample", so it can be undone like any import.
 * Members and tasks are written in the same logical step (tasks in their own transaction: they
 * are not part of the batch's undo, a user may already have worked on them).
 */
export function loadSample(ctx: Ctx, size: SampleSize, endDay: number, seed = 42): Result<{ clients: number; lines: number }> {
  const s = generateSample(size, endDay, seed);
  for (const m of s.members) { const r = createMember(ctx, m.name, m.colour, m.id); if (!r.ok) return err(r.error); }
  const res = applyBatch(ctx, {
    info: { id: batchIdFor(`sample-${seed}`, `${size.clients}x${size.lines}`), fileName: 'sample', fileHash: `sample-${seed}`, entity: 'clients', rowsRead: s.clients.length, created: s.clients.length, updated: 0, skipped: 0, createdClientIds: [] },
    clientsToCreate: s.clients, clientsToUpdate: [], contactsToCreate: s.contacts, interactions: s.interactions, chunks: s.chunks,
  });
  if (!res.ok) return err(res.error);
  const t = run(ctx, 'sampleTasks', () => {
    const tasks = collection(ctx.doc, 'tasks');
    for (const task of s.tasks) if (!tasks.has(task.id)) writeTask(ctx, task);
    return ok(true);
  });
  if (!t.ok) return err(t.error);
  return ok({ clients: s.clients.length, lines: s.lines });
}
