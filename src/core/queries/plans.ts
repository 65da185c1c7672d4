import type * as Y from 'yjs';
import { settingsMap } from '../schema/layout';
import type { ClientId } from '../model/client';
import { type Plan, type Stage, defaultStages, validatePlan, validateStages } from '../model/plan';
import { storeOf } from './store';

/** The pipeline stages from settings, or the built-in ones when none are stored (or they are malformed). */
export function pipelineStages(doc: Y.Doc): Stage[] {
  return validateStages(settingsMap(doc).get('pipelineStages')) ?? defaultStages();
}

/** Every live plan (deleted ones left out), in date order. */
export function allPlans(doc: Y.Doc): Plan[] {
  const s = storeOf(doc);
  const out: Plan[] = [];
  for (const id of s.ids('plans')) {
    const raw = s.merged('plans', id);
    if (!raw || raw.deletedAt) continue;
    const r = validatePlan(raw);
    if (r.ok) out.push(r.value);
  }
  return out.sort((a, b) => a.date.localeCompare(b.date) || a.id.localeCompare(b.id));
}

export function plansOf(doc: Y.Doc, clientId: ClientId): Plan[] {
  return storeOf(doc).liveOfClient('plans', clientId, validatePlan).sort((a, b) => a.date.localeCompare(b.date) || a.id.localeCompare(b.id));
}

export interface Column { stage: Stage; plans: Plan[]; total: number }

/** The board: one column per stage; a deal whose stage no longer exists shows in the first open stage. */
export function board(plans: readonly Plan[], stages: readonly Stage[]): Column[] {
  const cols = stages.map((stage) => ({ stage, plans: [] as Plan[], total: 0 }));
  const byId = new Map(cols.map((c) => [c.stage.id, c]));
  const fallback = cols.find((c) => c.stage.outcome === 'open') ?? cols[0]!;
  for (const p of plans) {
    const c = byId.get(p.stage) ?? fallback;
    c.plans.push(p);
    c.total += p.amount;
  }
  return cols;
}

/** How much a deal is expected to bring: won = all of it, lost = nothing, open = amount × probability. */
export function expectedValue(p: Plan, stages: readonly Stage[]): number {
  const outcome = stages.find((s) => s.id === p.stage)?.outcome ?? 'open';
  return outcome === 'won' ? p.amount : outcome === 'lost' ? 0 : p.amount * p.probability;
}

export interface MonthPlan { month: string; unweighted: number; weighted: number; count: number }

/**
 * The month-by-month sales plan the deals add up to: unweighted = sum of amounts of deals not
 * lost, weighted = sum of expected values. Months without deals between the first and the last
 * are listed with zeros, so the table reads as a calendar.
 */
export function salesPlan(plans: readonly Plan[], stages: readonly Stage[]): MonthPlan[] {
  const lost = new Set(stages.filter((s) => s.outcome === 'lost').map((s) => s.id));
  const by = new Map<string, MonthPlan>();
  for (const p of plans) {
    if (lost.has(p.stage)) continue;
    const month = p.date.slice(0, 7);
    let m = by.get(month);
    if (!m) { m = { month, unweighted: 0, weighted: 0, count: 0 }; by.set(month, m); }
    m.unweighted += p.amount;
    m.weighted += expectedValue(p, stages);
    m.count++;
  }
  const months = [...by.keys()].sort();
  if (months.length === 0) return [];
  const out: MonthPlan[] = [];
  let [y, mo] = months[0]!.split('-').map(Number) as [number, number];
  const last = months[months.length - 1]!;
  for (let i = 0; i < 600; i++) {
    const key = `${String(y).padStart(4, '0')}-${String(mo).padStart(2, '0')}`;
    out.push(by.get(key) ?? { month: key, unweighted: 0, weighted: 0, count: 0 });
    if (key >= last) break;
    mo++; if (mo > 12) { mo = 1; y++; }
  }
  return out;
}
