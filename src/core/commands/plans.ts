import { flat, settingsMap } from '../schema/layout';
import { fkey, writeFlatRecord } from '../schema/flat';
import type { ClientId } from '../model/client';
import { isIsoDay } from '../model/common';
import { type Plan, type PlanId, type Stage, newPlanId, validateStages } from '../model/plan';
import { storeOf } from '../queries/store';
import { pipelineStages } from '../queries/plans';
import { err, ok, type Result } from '../util/result';
import { run, type Ctx } from './context';

export interface PlanInput { what: string; amount: number; date: string; probability: number; stage?: string }
type PlanPatch = Partial<Pick<Plan, 'what' | 'amount' | 'date' | 'probability'>>;

function checkPatch(p: PlanPatch): Result<PlanPatch> {
  const out: PlanPatch = {};
  if (p.what !== undefined) { if (typeof p.what !== 'string') return err('what must be text'); out.what = p.what.trim(); }
  if (p.amount !== undefined) { if (typeof p.amount !== 'number' || !Number.isFinite(p.amount) || p.amount < 0) return err('amount must be a number ≥ 0'); out.amount = p.amount; }
  if (p.date !== undefined) { if (!isIsoDay(p.date)) return err('bad date'); out.date = p.date; }
  if (p.probability !== undefined) {
    if (typeof p.probability !== 'number' || !(p.probability >= 0 && p.probability <= 1)) return err('probability must be between 0 and 1');
    out.probability = p.probability;
  }
  return ok(out);
}

function stamp(ctx: Ctx, id: string): void {
  const col = flat(ctx.doc, 'plans');
  col.set(fkey(id, 'updatedAt'), ctx.now());
  col.set(fkey(id, 'updatedBy'), ctx.me);
}

/** A future purchase of a client, which is also a deal on the pipeline board (first stage unless given). */
export function createPlan(ctx: Ctx, clientId: ClientId, input: PlanInput, id: PlanId = newPlanId()): Result<PlanId> {
  const c = checkPatch(input);
  if (!c.ok) return c;
  if (input.amount === undefined || input.date === undefined || input.probability === undefined) return err('amount, date and probability are required');
  return run(ctx, 'createPlan', () => {
    const store = storeOf(ctx.doc);
    if (!store.has('clients', clientId)) return err('no such client');
    if (store.has('plans', id)) return err('plan exists');
    const stages = pipelineStages(ctx.doc);
    const stage = input.stage ?? stages.find((s) => s.outcome === 'open')!.id;
    if (!stages.some((s) => s.id === stage)) return err('unknown stage');
    const now = ctx.now();
    const rec: Plan = {
      id, clientId, what: c.value.what ?? '', amount: input.amount, date: input.date, probability: input.probability, stage,
      deletedAt: '', createdAt: now, createdBy: ctx.me, updatedAt: now, updatedBy: ctx.me,
    };
    // probability 0 and amount 0 are real values: write them (writeFlatRecord skips only '', null, false, []).
    writeFlatRecord(flat(ctx.doc, 'plans'), id, rec as unknown as Record<string, unknown>);
    return ok(id);
  });
}

/** Field-level edit: only changed fields are written, so concurrent edits of different fields both survive. */
export function updatePlan(ctx: Ctx, id: PlanId, patch: PlanPatch): Result<boolean> {
  const c = checkPatch(patch);
  if (!c.ok) return c;
  return run(ctx, 'updatePlan', () => {
    const cur = storeOf(ctx.doc).merged('plans', id);
    if (!cur) return err('no such plan');
    const col = flat(ctx.doc, 'plans');
    let changed = false;
    for (const [k, v] of Object.entries(c.value)) if (v !== undefined && cur[k] !== v) { col.set(fkey(id, k), v); changed = true; }
    if (changed) stamp(ctx, id);
    return ok(changed);
  });
}

export function movePlanStage(ctx: Ctx, id: PlanId, stage: string): Result<boolean> {
  return run(ctx, 'movePlanStage', () => {
    const cur = storeOf(ctx.doc).merged('plans', id);
    if (!cur) return err('no such plan');
    if (!pipelineStages(ctx.doc).some((s) => s.id === stage)) return err('unknown stage');
    if (cur.stage === stage) return ok(false);
    flat(ctx.doc, 'plans').set(fkey(id, 'stage'), stage);
    stamp(ctx, id);
    return ok(true);
  });
}

/** Soft delete (a concurrent edit on another laptop lands on the hidden record, nothing breaks). */
export function deletePlan(ctx: Ctx, id: PlanId): Result<boolean> {
  return run(ctx, 'deletePlan', () => {
    const cur = storeOf(ctx.doc).merged('plans', id);
    if (!cur) return err('no such plan');
    if (cur.deletedAt) return ok(false);
    flat(ctx.doc, 'plans').set(fkey(id, 'deletedAt'), ctx.now());
    stamp(ctx, id);
    return ok(true);
  });
}

/**
 * Replaces the stage list (settings `pipelineStages`). The list is one value: when two laptops
 * edit it concurrently one whole list wins (deterministically); deals keep their stage ids and a
 * deal whose stage vanished shows in the first open stage.
 */
export function setPipelineStages(ctx: Ctx, stages: Stage[]): Result<boolean> {
  const v = validateStages(stages);
  if (!v) return err('stages: need unique ids and at least one open stage');
  return run(ctx, 'setPipelineStages', () => {
    const s = settingsMap(ctx.doc);
    if (JSON.stringify(s.get('pipelineStages') ?? null) === JSON.stringify(v)) return ok(false);
    s.set('pipelineStages', v);
    return ok(true);
  });
}
