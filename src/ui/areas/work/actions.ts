/**
 * The work area's verbs and reads. Components call these; they never import Yjs or the schema.
 * Reads that scan a whole collection are cached per doc revision.
 */
import { base } from '../../state/base.svelte';
import { readPurchases } from '../../state/actions';
import * as W from '../../../core/commands/work';
import * as P from '../../../core/commands/plans';
import * as M from '../../../core/commands/marks';
import { agenda, dueCounts, OpenTaskCache, teamLoad } from '../../../core/queries/agenda';
import { allPlans, board, pipelineStages, plansOf, salesPlan } from '../../../core/queries/plans';
import { clientTimeline } from '../../../core/queries/timeline';
import { cachedShares, keyAccounts, keyInfo, lostClients, overloadedManagers, referralsOf, type Shares } from '../../../core/queries/keyAccounts';
import { contactsOf } from '../../../core/queries/clients';
import { todayIso } from '../../../core/util/day';
import type { ClientId, ClientMark, LostReason, LoyaltyMark } from '../../../core/model/client';
import type { MemberId } from '../../../core/model/member';
import type { TaskId, Task } from '../../../core/model/task';
import type { PlanId, Plan, Stage } from '../../../core/model/plan';

export const today = (): string => todayIso();

// ---- contacts and the agenda ----
export const logInteraction = (id: ClientId, input: W.LogInput) => W.logInteraction(base.ctx, id, input);
export const completeTask = (id: TaskId) => W.completeTask(base.ctx, id);
/** Undo of "done": the contact is open again. */
export const reopenTask = (id: TaskId) => W.updateTask(base.ctx, id, { doneAt: '' });
export const postponeTask = (id: TaskId, days: number) => W.postponeTask(base.ctx, id, days, today());
export const reassignTask = (id: TaskId, to: MemberId | '') => W.updateTask(base.ctx, id, { assigneeId: to });
export const createTask = (id: ClientId, due: string, about: string, who: MemberId | '') => W.createTask(base.ctx, id, due, about, who);

function cached<T>(read: () => T): () => T {
  let c: { rev: number; v: T } | null = null;
  return () => {
    if (!c || c.rev !== base.rev) c = { rev: base.rev, v: read() };
    return c.v;
  };
}

// Per doc: tasks re-read per changed task; the list re-filtered only when tasks or clients change.
const taskCaches = new WeakMap<object, OpenTaskCache>();
let openMemo: { doc: object; version: number; clientsRev: number; v: Task[] } | null = null;
export function readOpenTasks(): Task[] {
  void base.rev; // reactive dependency for callers in $derived
  const doc = base.doc;
  let tc = taskCaches.get(doc);
  if (!tc) { tc = new OpenTaskCache(doc); taskCaches.set(doc, tc); }
  if (!openMemo || openMemo.doc !== doc || openMemo.version !== tc.version || openMemo.clientsRev !== base.clientsRev) {
    const byId = base.cache.byId;
    openMemo = { doc, version: tc.version, clientsRev: base.clientsRev, v: tc.list((id) => { const c = byId.get(id); return !!c && !c.deletedAt; }) };
  }
  return openMemo.v;
}
export const readAgenda = (who: MemberId | '' | null) => agenda(readOpenTasks(), today(), who);
export const readDueCounts = () => dueCounts(readOpenTasks(), today(), base.me);
export const readTeamLoad = () => teamLoad(readOpenTasks(), today());
export const readClientTasks = (id: ClientId): Task[] => readOpenTasks().filter((t) => t.clientId === id);
export const clientName = (id: string): string => base.cache.byId.get(id as ClientId)?.name ?? '';

// ---- timeline ----
export const readTimeline = (id: ClientId) => clientTimeline(base.doc, id, readPurchases(id));

// ---- plans and the pipeline ----
export const readStages = (): Stage[] => pipelineStages(base.doc);
export const readPlans = cached(() => allPlans(base.doc));
export const readClientPlans = (id: ClientId): Plan[] => plansOf(base.doc, id);
export const readBoard = () => board(readPlans(), readStages());
export const readSalesPlan = () => salesPlan(readPlans(), readStages());
export const createPlan = (id: ClientId, input: P.PlanInput) => P.createPlan(base.ctx, id, input);
export const updatePlan = (id: PlanId, patch: Parameters<typeof P.updatePlan>[2]) => P.updatePlan(base.ctx, id, patch);
export const movePlanStage = (id: PlanId, stage: string) => P.movePlanStage(base.ctx, id, stage);
export const deletePlan = (id: PlanId) => P.deletePlan(base.ctx, id);
export const setStages = (stages: Stage[]) => P.setPipelineStages(base.ctx, stages);

// ---- marks, key accounts, lost clients ----
export const setMark = (id: ClientId, mark: ClientMark | LoyaltyMark, on: boolean) => M.setClientMark(base.ctx, id, mark, on);
export const setReferredBy = (id: ClientId, referrer: ClientId | '') => M.setReferredBy(base.ctx, id, referrer);
export const markLost = (id: ClientId, reason: LostReason, note: string) => M.markLost(base.ctx, id, reason, note);
export const markWonBack = (id: ClientId) => M.markWonBack(base.ctx, id);

/** Sales shares over the last 12 months (recomputed only when purchases change). */
export const readShares = (): Shares => cachedShares(base.doc, today());
export const readKeyInfo = (id: ClientId) => { const c = base.cache.byId.get(id); return c ? keyInfo(c, readShares()) : null; };
export const readKeyAccounts = () => keyAccounts(base.cache.byId.values(), readShares());
export const readOverloaded = () => overloadedManagers(readKeyAccounts());
export const readLost = () => lostClients(base.cache.byId.values());
export const readReferrals = (id: ClientId) => referralsOf(base.cache.byId.values(), id);
export const readContacts = (id: ClientId) => contactsOf(base.doc, id);
export { readPurchases };

/** Up to `n` live clients whose name contains `q` (for picking who recommended a client). */
export function findClients(q: string, n = 8, except?: ClientId): { id: ClientId; name: string }[] {
  const s = q.trim().toLowerCase();
  if (!s) return [];
  const out: { id: ClientId; name: string }[] = [];
  for (const c of base.cache.byId.values()) {
    if (c.deletedAt || c.id === except || !c.name.toLowerCase().includes(s)) continue;
    out.push({ id: c.id, name: c.name });
    if (out.length >= n) break;
  }
  return out;
}
