import type * as Y from 'yjs';
import type { ClientId } from '../model/client';
import type { MemberId } from '../model/member';
import { type Task, validateTask } from '../model/task';
import { dayToIso, isoToDay } from '../util/day';
import { storeOf } from './store';

/** Open contacts (not done, not deleted) of clients that still exist, by due date. */
export function openTasks(doc: Y.Doc): Task[] {
  const s = storeOf(doc);
  const out: Task[] = [];
  for (const id of s.ids('tasks')) {
    const raw = s.merged('tasks', id);
    if (!raw || raw.doneAt || raw.deletedAt) continue;
    const r = validateTask(raw);
    if (!r.ok) continue;
    const c = s.merged('clients', r.value.clientId);
    if (!c || c.deletedAt) continue;
    out.push(r.value);
  }
  return out.sort((a, b) => a.due.localeCompare(b.due) || a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
}

export const tasksOf = (doc: Y.Doc, clientId: ClientId): Task[] => openTasks(doc).filter((t) => t.clientId === clientId);

export interface Agenda { overdue: Task[]; today: Task[]; week: Task[]; later: Task[] }

/**
 * Splits open contacts into overdue, today, this week (the next 7 days after today — a rolling
 * week, so on a Friday "this week" still shows Monday's calls) and later.
 * `who`: one member's contacts ('' = unassigned), or null for the whole team.
 */
export function agenda(tasks: readonly Task[], today: string, who: MemberId | '' | null): Agenda {
  const weekEnd = dayToIso(isoToDay(today) + 7);
  const out: Agenda = { overdue: [], today: [], week: [], later: [] };
  for (const t of tasks) {
    if (who !== null && t.assigneeId !== who) continue;
    if (t.due < today) out.overdue.push(t);
    else if (t.due === today) out.today.push(t);
    else if (t.due <= weekEnd) out.week.push(t);
    else out.later.push(t);
  }
  return out;
}

export interface DueCounts { overdue: number; today: number }

/** The header widget: how many of my contacts are overdue and due today. */
export function dueCounts(tasks: readonly Task[], today: string, who: MemberId | ''): DueCounts {
  let overdue = 0, due = 0;
  for (const t of tasks) {
    if (t.assigneeId !== who) continue;
    if (t.due < today) overdue++; else if (t.due === today) due++;
  }
  return { overdue, today: due };
}

export interface TeamRow { assigneeId: MemberId | ''; overdue: number; today: number; week: number; later: number }

/** The team view: per assignee, counts of their open contacts (assignees with none are left out). */
export function teamLoad(tasks: readonly Task[], today: string): TeamRow[] {
  const by = new Map<MemberId | '', TeamRow>();
  const weekEnd = dayToIso(isoToDay(today) + 7);
  for (const t of tasks) {
    let r = by.get(t.assigneeId);
    if (!r) { r = { assigneeId: t.assigneeId, overdue: 0, today: 0, week: 0, later: 0 }; by.set(t.assigneeId, r); }
    if (t.due < today) r.overdue++; else if (t.due === today) r.today++; else if (t.due <= weekEnd) r.week++; else r.later++;
  }
  return [...by.values()].sort((a, b) => b.overdue - a.overdue || b.today - a.today || a.assigneeId.localeCompare(b.assigneeId));
}
