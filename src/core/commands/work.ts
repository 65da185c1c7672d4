import { flat } from '../schema/layout';
import { fkey, writeFlatRecord } from '../schema/flat';
import type { ClientId } from '../model/client';
import { type Interaction, type InteractionId, type InteractionKind, INTERACTION_KINDS, newInteractionId } from '../model/interaction';
import { type Task, type TaskId, newTaskId } from '../model/task';
import { isMemberId, type MemberId } from '../model/member';
import { isIsoDay } from '../model/common';
import { dayToIso, isoToDay } from '../util/day';
import { storeOf } from '../queries/store';
import { err, ok, type Result } from '../util/result';
import { run, type Ctx } from './context';

export interface LogInput {
  kind: InteractionKind; date: string; text: string; result: string;
  next?: { due: string; about: string; assigneeId?: MemberId | '' };
  /** Who made the contact (defaults to the member at the keyboard). */
  memberId?: MemberId | '';
}

/**
 * Logs a contact and, in the same transaction, closes the client's open tasks due up to that
 * day and sets the next contact: the result is written and the next step is never forgotten.
 */
export function logInteraction(ctx: Ctx, clientId: ClientId, input: LogInput): Result<{ interaction: InteractionId; task: TaskId | null }> {
  if (!(INTERACTION_KINDS as readonly string[]).includes(input.kind)) return err('unknown kind');
  if (!isIsoDay(input.date)) return err('bad date');
  if (input.next && !isIsoDay(input.next.due)) return err('bad next contact date');
  for (const m of [input.memberId, input.next?.assigneeId]) if (m && !isMemberId(m)) return err('bad member');
  return run(ctx, 'logInteraction', () => {
    const store = storeOf(ctx.doc);
    if (!store.has('clients', clientId)) return err('no such client');
    const now = ctx.now();
    const stamp = { createdAt: now, createdBy: ctx.me, updatedAt: now, updatedBy: ctx.me };
    const id = newInteractionId();
    const rec: Interaction = { ...stamp, id, clientId, kind: input.kind, date: input.date, memberId: input.memberId ?? ctx.me, text: input.text, result: input.result, batchId: '', deletedAt: '' };
    writeFlatRecord(flat(ctx.doc, 'interactions'), id, rec as unknown as Record<string, unknown>);
    const tasks = flat(ctx.doc, 'tasks');
    for (const tid of store.ids('tasks')) {
      const t = store.merged('tasks', tid);
      if (t && t.clientId === clientId && !t.doneAt && !t.deletedAt && String(t.due) <= input.date) tasks.set(fkey(tid, 'doneAt'), now);
    }
    let task: TaskId | null = null;
    if (input.next) {
      task = newTaskId();
      const t: Task = { ...stamp, id: task, clientId, due: input.next.due, about: input.next.about, assigneeId: input.next.assigneeId ?? ctx.me, doneAt: '', deletedAt: '' };
      writeFlatRecord(tasks, task, t as unknown as Record<string, unknown>);
    }
    return ok({ interaction: id, task });
  });
}

export function createTask(ctx: Ctx, clientId: ClientId, due: string, about: string, assigneeId: MemberId | '' = ctx.me): Result<TaskId> {
  if (!isIsoDay(due)) return err('bad due date');
  return run(ctx, 'createTask', () => {
    if (!storeOf(ctx.doc).has('clients', clientId)) return err('no such client');
    const now = ctx.now();
    const id = newTaskId();
    const t: Task = { id, clientId, due, about, assigneeId, doneAt: '', deletedAt: '', createdAt: now, createdBy: ctx.me, updatedAt: now, updatedBy: ctx.me };
    writeFlatRecord(flat(ctx.doc, 'tasks'), id, t as unknown as Record<string, unknown>);
    return ok(id);
  });
}

export function updateTask(ctx: Ctx, id: TaskId, patch: Partial<Pick<Task, 'due' | 'about' | 'assigneeId' | 'doneAt'>>): Result<boolean> {
  if (patch.due !== undefined && !isIsoDay(patch.due)) return err('bad due date');
  return run(ctx, 'updateTask', () => {
    const cur = storeOf(ctx.doc).merged('tasks', id);
    if (!cur) return err('no such task');
    const col = flat(ctx.doc, 'tasks');
    let changed = false;
    for (const [k, v] of Object.entries(patch)) if (v !== undefined && (cur[k] ?? '') !== v) { col.set(fkey(id, k), v); changed = true; }
    if (changed) { col.set(fkey(id, 'updatedAt'), ctx.now()); col.set(fkey(id, 'updatedBy'), ctx.me); }
    return ok(changed);
  });
}

/** Marks a contact done (no-op when it already is). */
export function completeTask(ctx: Ctx, id: TaskId): Result<boolean> {
  return run(ctx, 'completeTask', () => {
    const cur = storeOf(ctx.doc).merged('tasks', id);
    if (!cur) return err('no such task');
    if (cur.doneAt) return ok(false);
    const col = flat(ctx.doc, 'tasks');
    const now = ctx.now();
    col.set(fkey(id, 'doneAt'), now);
    col.set(fkey(id, 'updatedAt'), now);
    col.set(fkey(id, 'updatedBy'), ctx.me);
    return ok(true);
  });
}

/**
 * Moves a contact `days` later. An overdue contact moves from today, not from its old due date:
 * "postpone by a day" on a week-old contact means tomorrow, not six days ago.
 */
export function postponeTask(ctx: Ctx, id: TaskId, days: number, today: string): Result<string> {
  if (!Number.isInteger(days) || days < 1 || days > 3660) return err('bad number of days');
  if (!isIsoDay(today)) return err('bad date');
  return run(ctx, 'postponeTask', () => {
    const cur = storeOf(ctx.doc).merged('tasks', id);
    if (!cur) return err('no such task');
    const from = isIsoDay(cur.due) && cur.due > today ? cur.due : today;
    const due = dayToIso(isoToDay(from) + days);
    const col = flat(ctx.doc, 'tasks');
    col.set(fkey(id, 'due'), due);
    col.set(fkey(id, 'updatedAt'), ctx.now());
    col.set(fkey(id, 'updatedBy'), ctx.me);
    return ok(due);
  });
}
