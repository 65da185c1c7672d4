import { settingsMap } from '../schema/layout';
import { randomId } from '../model/ids';
import { isIsoDay } from '../model/common';
import { type ClientId } from '../model/client';
import { isMemberId, type MemberId } from '../model/member';
import { newTaskId, type Task } from '../model/task';
import { getClient } from '../queries/clients';
import { SEGMENT_PREFIX, validateSegment, type SegmentDef, type SegmentRule } from '../queries/segments';
import { err, ok, type Result } from '../util/result';
import { run, type Ctx } from './context';
import { Journal, logChange, revertChanges, stampClient, type KeyChange } from './merge';

export const newSegmentId = (): string => randomId('seg');

/** Saves (creates or replaces) a segment definition: one settings key per segment. */
export function saveSegment(ctx: Ctx, input: { id?: string; name: string; match: 'all' | 'any'; rules: SegmentRule[] }): Result<string> {
  const name = input.name.trim();
  if (!name) return err('name must not be empty');
  const id = input.id ?? newSegmentId();
  return run(ctx, 'saveSegment', () => {
    const key = SEGMENT_PREFIX + id;
    const prev = validateSegment(settingsMap(ctx.doc).get(key));
    const def = validateSegment({ id, name, match: input.match, rules: input.rules, createdAt: prev?.createdAt ?? ctx.now(), createdBy: prev?.createdBy ?? ctx.me });
    if (!def) return err('bad segment');
    const text = JSON.stringify(def);
    if (settingsMap(ctx.doc).get(key) !== text) settingsMap(ctx.doc).set(key, text);
    return ok(id);
  });
}

export function deleteSegment(ctx: Ctx, id: string): Result<SegmentDef | null> {
  return run(ctx, 'deleteSegment', () => {
    const key = SEGMENT_PREFIX + id;
    const prev = validateSegment(settingsMap(ctx.doc).get(key));
    if (!settingsMap(ctx.doc).has(key)) return ok(null);
    settingsMap(ctx.doc).delete(key);
    return ok(prev);
  });
}

/** What a bulk action changed: pass it to `undoBulk`. */
export interface BulkUndo { name: string; changes: KeyChange[]; clients: number }

function bulk(ctx: Ctx, name: string, ids: readonly ClientId[], each: (j: Journal, id: ClientId) => boolean): Result<BulkUndo> {
  return run<BulkUndo>(ctx, name, () => {
    const j = new Journal(ctx.doc);
    let n = 0;
    for (const id of ids) if (each(j, id)) n++;
    return ok({ name, changes: j.changes, clients: n });
  });
}

/** Sets the manager of every client in the list: ONE transaction, logged per client. */
export function bulkAssignManager(ctx: Ctx, ids: readonly ClientId[], managerId: MemberId | ''): Result<BulkUndo> {
  if (managerId !== '' && !isMemberId(managerId)) return err('bad member id');
  return bulk(ctx, 'bulkAssignManager', ids, (j, id) => {
    const c = getClient(ctx.doc, id);
    if (!c || c.erasedAt || c.managerId === managerId) return false;
    j.set('clients', id, 'managerId', managerId);
    stampClient(j, ctx, id);
    logChange(ctx, id, 'managerId', c.managerId, managerId);
    return true;
  });
}

export function bulkSetTag(ctx: Ctx, ids: readonly ClientId[], tag: string, on: boolean): Result<BulkUndo> {
  const t = tag.trim();
  if (!t) return err('empty tag');
  return bulk(ctx, on ? 'bulkAddTag' : 'bulkRemoveTag', ids, (j, id) => {
    const c = getClient(ctx.doc, id);
    if (!c || c.erasedAt || c.tags.includes(t) === on) return false;
    j.set('clients', id, `tag:${t}`, on);
    stampClient(j, ctx, id);
    logChange(ctx, id, 'tags', on ? null : t, on ? t : null);
    return true;
  });
}

/** A next-contact task for every client (same record as work.ts createTask), in ONE transaction. */
export function bulkCreateTasks(ctx: Ctx, ids: readonly ClientId[], due: string, about: string, assignee: MemberId | '' | 'manager' = 'manager'): Result<BulkUndo> {
  if (!isIsoDay(due)) return err('bad due date');
  return bulk(ctx, 'bulkCreateTasks', ids, (j, id) => {
    const c = getClient(ctx.doc, id);
    if (!c || c.erasedAt || c.deletedAt) return false;
    const now = ctx.now();
    const tid = newTaskId();
    const assigneeId = assignee === 'manager' ? (c.managerId || ctx.me) : assignee;
    const t: Task = { id: tid, clientId: id, due, about, assigneeId, doneAt: '', deletedAt: '', createdAt: now, createdBy: ctx.me, updatedAt: now, updatedBy: ctx.me };
    for (const [k, v] of Object.entries(t)) if (v !== '') j.set('tasks', tid, k, v);
    return true;
  });
}

/** Undoes a bulk action exactly, except where someone changed a key since (their value stays). */
export function undoBulk(ctx: Ctx, u: BulkUndo): Result<{ restored: number; kept: number }> {
  return run(ctx, 'undoBulk', () => ok(revertChanges(ctx.doc, u.changes)));
}
