import type { Brand } from './ids';
import { isIdShape, randomId } from './ids';
import type { ClientId } from './client';
import { isClientId } from './client';
import type { MemberId } from './member';
import { err, ok, type Result } from '../util/result';
import { isIsoDay, isObj, stampedFrom, str, type Stamped } from './common';

/** A next contact to make: the agenda is the list of open tasks by due date. */
export type TaskId = Brand<string, 'TaskId'>;
export const newTaskId = (): TaskId => randomId('tsk') as TaskId;
export const isTaskId = (v: unknown): v is TaskId => isIdShape(v, 'tsk');

export interface Task extends Stamped {
  id: TaskId;
  clientId: ClientId;
  due: string; // YYYY-MM-DD
  about: string;
  assigneeId: MemberId | '';
  doneAt: string;
  deletedAt: string;
}

export function validateTask(raw: unknown): Result<Task> {
  if (!isObj(raw) || !isTaskId(raw.id)) return err('task: bad id');
  if (!isClientId(raw.clientId)) return err('task: bad client id');
  if (!isIsoDay(raw.due)) return err('task: bad due date');
  return ok({
    ...stampedFrom(raw), id: raw.id, clientId: raw.clientId, due: raw.due, about: str(raw.about),
    assigneeId: str(raw.assigneeId) as MemberId | '', doneAt: str(raw.doneAt), deletedAt: str(raw.deletedAt),
  });
}
