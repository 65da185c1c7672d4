import * as Y from 'yjs';
import { collection } from '../schema/layout';
import type { ClientId } from '../model/client';
import { type Interaction, type InteractionId, type InteractionKind, INTERACTION_KINDS, newInteractionId } from '../model/interaction';
import { type Task, type TaskId, newTaskId } from '../model/task';
import type { MemberId } from '../model/member';
import { isIsoDay } from '../model/common';
import { err, ok, type Result } from '../util/result';
import { run, type Ctx } from './context';

function put(col: Y.Map<Y.Map<unknown>>, id: string, rec: object): void {
  const m = new Y.Map<unknown>();
  col.set(id, m);
  for (const [k, v] of Object.entries(rec)) m.set(k, v);
}

export function writeTask(ctx: Ctx, t: Task): void { put(collection(ctx.doc, 'tasks'), t.id, t); }

export interface LogInput {
  kind: InteractionKind; date: string; text: string; result: string;
  next?: { due: string; about: string; assigneeId?: MemberId | '' };
}

/**
 * Logs a contact and, in the same transaction, closes the client's open tasks due up to today and
 * sets the next contact: the result is written and the next step is never forgotten.
 */
export function logInteraction(ctx: Ctx, clientId: ClientId, input: LogInput): Result<{ interaction: InteractionId; task: TaskId | null }> {
  if (!(INTERACTION_KINDS as readonly string[]).includes(input.kind)) return err('unknown kind');
  if (!isIsoDay(input.date)) return err('bad date');
  if (input.next && !isIsoDay(input.next.due)) return err('bad next contact date');
  return run(ctx, 'logInteraction', () => {
    if (!collection(ctx.doc, 'clients').has(clientId)) return err('no such client');
    const now = ctx.now();
    const stamp = { createdAt: now, createdBy: ctx.me, updatedAt: now, updatedBy: ctx.me };
    const id = newInteractionId();
    const rec: Interaction = { ...stamp, id, clientId, kind: input.kind, date: input.date, memberId: ctx.me, text: input.text, result: input.result, batchId: '', deletedAt: '' };
    put(collection(ctx.doc, 'interactions'), id, rec);
    for (const t of collection(ctx.doc, 'tasks').values()) {
      if (t.get('clientId') === clientId && !t.get('doneAt') && !t.get('deletedAt') && String(t.get('due')) <= input.date) t.set('doneAt', now);
    }
    let task: TaskId | null = null;
    if (input.next) {
      task = newTaskId();
      writeTask(ctx, { ...stamp, id: task, clientId, due: input.next.due, about: input.next.about, assigneeId: input.next.assigneeId ?? ctx.me, doneAt: '', deletedAt: '' });
    }
    return ok({ interaction: id, task });
  });
}

export function createTask(ctx: Ctx, clientId: ClientId, due: string, about: string, assigneeId: MemberId | '' = ctx.me): Result<TaskId> {
  if (!isIsoDay(due)) return err('bad due date');
  return run(ctx, 'createTask', () => {
    if (!collection(ctx.doc, 'clients').has(clientId)) return err('no such client');
    const now = ctx.now();
    const id = newTaskId();
    writeTask(ctx, { id, clientId, due, about, assigneeId, doneAt: '', deletedAt: '', createdAt: now, createdBy: ctx.me, updatedAt: now, updatedBy: ctx.me });
    return ok(id);
  });
}

export function updateTask(ctx: Ctx, id: TaskId, patch: Partial<Pick<Task, 'due' | 'about' | 'assigneeId' | 'doneAt'>>): Result<boolean> {
  if (patch.due !== undefined && !isIsoDay(patch.due)) return err('bad due date');
  return run(ctx, 'updateTask', () => {
    const m = collection(ctx.doc, 'tasks').get(id);
    if (!m) return err('no such task');
    let changed = false;
    for (const [k, v] of Object.entries(patch)) if (v !== undefined && m.get(k) !== v) { m.set(k, v); changed = true; }
    if (changed) { m.set('updatedAt', ctx.now()); m.set('updatedBy', ctx.me); }
    return ok(changed);
  });
}
