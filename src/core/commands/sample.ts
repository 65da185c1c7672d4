import { batchIdFor } from '../model/batch';
import { generateSample, type SampleSize } from '../sample/generate';
import { ok, err, type Result } from '../util/result';
import type { Ctx } from './context';
import { applyBatch } from './batches';
import { createMember } from './team';

/**
 * Loads the demo base as one import batch named "sample": one transaction, and it can be undone
 * like any import. Its ids are deterministic, so two laptops loading it converge.
 */
export function loadSample(ctx: Ctx, size: SampleSize, endDay: number, seed = 42): Result<{ clients: number; lines: number }> {
  const s = generateSample(size, endDay, seed);
  for (const m of s.members) { const r = createMember(ctx, m.name, m.colour, m.id); if (!r.ok) return err(r.error); }
  const res = applyBatch(ctx, {
    info: { id: batchIdFor(`sample-${seed}`, `${size.clients}x${size.lines}`), fileName: 'sample', fileHash: `sample-${seed}`, entity: 'clients', rowsRead: s.clients.length, created: s.clients.length, updated: 0, skipped: 0, createdClientIds: [] },
    clientsToCreate: s.clients, clientsToUpdate: [], contactsToCreate: s.contacts, interactions: s.interactions, tasks: s.tasks, chunks: s.chunks,
  });
  if (!res.ok) return err(res.error);
  return ok({ clients: s.clients.length, lines: s.lines });
}
