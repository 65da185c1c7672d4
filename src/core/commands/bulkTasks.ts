import type { ClientId } from '../model/client';
import type { MemberId } from '../model/member';
import type { TaskId } from '../model/task';
import { isIsoDay } from '../model/common';
import { storeOf } from '../queries/store';
import { err, ok, type Result } from '../util/result';
import { run, type Ctx } from './context';
import { createTask } from './work';

export interface BulkTasksResult {
  created: TaskId[];
  /** Clients that already had an open task due that day (nothing written for them). */
  skipped: ClientId[];
  /** Ids that are not clients of the base (or deleted). */
  unknown: string[];
}

/**
 * Creates a next-contact task for every client of a list (a dashboard drill-down), in ONE
 * transaction: one update on disk and on the wire, and one undo step. Idempotent per
 * client and day: a client that already has an open task due that day gets no second one,
 * so pressing the button twice (or on two laptops… after sync) does not double the agenda.
 * Duplicate ids in the list are counted once.
 */
export function createTasksForClients(ctx: Ctx, clientIds: readonly string[], due: string, about: string, assigneeId: MemberId | '' = ctx.me): Result<BulkTasksResult> {
  if (!isIsoDay(due)) return err('bad due date');
  return run(ctx, 'createTasksForClients', () => {
    const store = storeOf(ctx.doc);
    // Clients with an open task due that day, read once (not once per client).
    const busy = new Set<string>();
    for (const tid of store.ids('tasks')) {
      const t = store.merged('tasks', tid);
      if (t && t.due === due && !t.doneAt && !t.deletedAt && typeof t.clientId === 'string') busy.add(t.clientId);
    }
    const out: BulkTasksResult = { created: [], skipped: [], unknown: [] };
    const seen = new Set<string>();
    for (const id of clientIds) {
      if (seen.has(id)) continue;
      seen.add(id);
      const c = store.merged('clients', id);
      if (!c || c.deletedAt) { out.unknown.push(id); continue; }
      if (busy.has(id)) { out.skipped.push(id as ClientId); continue; }
      // createTask's own run() joins this transaction (Yjs nests transact calls into the outer one).
      const r = createTask(ctx, id as ClientId, due, about, assigneeId);
      if (!r.ok) return err(r.error);
      out.created.push(r.value);
      busy.add(id);
    }
    return ok(out);
  });
}
