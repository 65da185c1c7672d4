import type * as Y from 'yjs';
import type { ClientId } from '../model/client';
import type { MemberId } from '../model/member';
import { type Task, validateTask } from '../model/task';
import { dayToIso, isoToDay } from '../util/day';
import { storeOf } from './store';

const byDue = (a: Task, b: Task): number =>
  // Plain code-unit order: ISO dates and ids sort correctly, and localeCompare on 10 000 tasks costs ~0.1 s.
  (a.due < b.due ? -1 : a.due > b.due ? 1 : 0) || (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

function readOpen(doc: Y.Doc, id: string): Task | null {
  const raw = storeOf(doc).merged('tasks', id);
  if (!raw || raw.doneAt || raw.deletedAt) return null;
  const r = validateTask(raw);
  return r.ok ? r.value : null;
}

/** Open contacts (not done, not deleted) of clients that still exist, by due date. */
export function openTasks(doc: Y.Doc): Task[] {
  const s = storeOf(doc);
  const out: Task[] = [];
  for (const id of s.ids('tasks')) {
    const t = readOpen(doc, id);
    if (!t) continue;
    const c = s.merged('clients', t.clientId);
    if (!c || c.deletedAt) continue;
    out.push(t);
  }
  return out.sort(byDue);
}

/**
 * Open contacts kept up to date per changed task, so that an edit anywhere in the base (a
 * remote one included) does not re-read and re-validate every task: the header counter reads
 * this on every change. Whether the task's client still exists is left to the caller, who
 * holds a client cache (`live`).
 */
export class OpenTaskCache {
  private readonly byId = new Map<string, Task>();
  private sorted: Task[] | null = null;
  /** Bumped whenever the set of open tasks may have changed. */
  version = 0;

  constructor(private readonly doc: Y.Doc) {
    this.reloadAll();
    storeOf(doc).subscribe((kind, changed) => {
      if (kind !== 'tasks') return;
      if (changed === null) this.reloadAll();
      else for (const id of changed) this.reload(id);
      this.sorted = null;
      this.version++;
    });
  }

  private reloadAll(): void {
    this.byId.clear();
    for (const id of storeOf(this.doc).ids('tasks')) this.reload(id);
  }

  private reload(id: string): void {
    const t = readOpen(this.doc, id);
    if (t) this.byId.set(id, t); else this.byId.delete(id);
  }

  /** Open tasks whose client `live` accepts, by due date. */
  list(live: (clientId: ClientId) => boolean): Task[] {
    if (!this.sorted) this.sorted = [...this.byId.values()].sort(byDue);
    return this.sorted.filter((t) => live(t.clientId));
  }
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
