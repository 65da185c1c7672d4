import { describe, expect, it } from 'vitest';
import { createClient } from '../../src/core/commands/clients';
import { createPlan, deletePlan, movePlanStage, setPipelineStages, updatePlan } from '../../src/core/commands/plans';
import { allPlans, board, expectedValue, pipelineStages, plansOf, salesPlan } from '../../src/core/queries/plans';
import { defaultStages, type Plan, type Stage } from '../../src/core/model/plan';
import { settingsMap } from '../../src/core/schema/layout';
import type { ClientId } from '../../src/core/model/client';
import type { Ctx } from '../../src/core/commands/context';
import { concurrently, replica, value } from './helpers';

const mk = (ctx: Ctx) => value(createClient(ctx, { name: 'Альфа' }));
const plan = (ctx: Ctx, cid: ClientId, extra: Partial<Parameters<typeof createPlan>[2]> = {}) =>
  value(createPlan(ctx, cid, { what: 'Станок', amount: 1000, date: '2026-03-10', probability: 0.5, ...extra }));

describe('plan commands', () => {
  it('creates a plan in the first open stage and reads it back', () => {
    const { doc, ctx } = replica();
    const c = mk(ctx);
    const id = plan(ctx, c);
    expect(plansOf(doc, c)).toEqual([expect.objectContaining({ id, what: 'Станок', amount: 1000, probability: 0.5, stage: 'lead', date: '2026-03-10' })]);
  });

  it('keeps probability 0 and refuses bad input without writing', () => {
    const { doc, ctx } = replica();
    const c = mk(ctx);
    const id = plan(ctx, c, { probability: 0 });
    expect(plansOf(doc, c)[0]!.probability).toBe(0);
    expect(createPlan(ctx, c, { what: 'x', amount: -1, date: '2026-01-01', probability: 0.5 }).ok).toBe(false);
    expect(createPlan(ctx, c, { what: 'x', amount: 1, date: '2026-02-30', probability: 0.5 }).ok).toBe(false);
    expect(createPlan(ctx, c, { what: 'x', amount: 1, date: '2026-01-01', probability: 1.5 }).ok).toBe(false);
    expect(createPlan(ctx, c, { what: 'x', amount: 1, date: '2026-01-01', probability: 0.5, stage: 'nope' }).ok).toBe(false);
    expect(createPlan(ctx, 'cli_00000000000000000000000000' as ClientId, { what: 'x', amount: 1, date: '2026-01-01', probability: 0.5 }).ok).toBe(false);
    expect(updatePlan(ctx, id, { probability: 2 }).ok).toBe(false);
    expect(allPlans(doc)).toHaveLength(1);
  });

  it('updates only changed fields, moves stages, deletes softly', () => {
    const { doc, ctx } = replica();
    const c = mk(ctx);
    const id = plan(ctx, c);
    expect(value(updatePlan(ctx, id, { amount: 1000 }))).toBe(false);
    expect(value(updatePlan(ctx, id, { amount: 2000, what: ' Пресс ' }))).toBe(true);
    expect(value(movePlanStage(ctx, id, 'offer'))).toBe(true);
    expect(value(movePlanStage(ctx, id, 'offer'))).toBe(false);
    expect(movePlanStage(ctx, id, 'unknown').ok).toBe(false);
    expect(plansOf(doc, c)[0]).toMatchObject({ amount: 2000, what: 'Пресс', stage: 'offer' });
    expect(value(deletePlan(ctx, id))).toBe(true);
    expect(value(deletePlan(ctx, id))).toBe(false);
    expect(plansOf(doc, c)).toEqual([]);
  });

  it('stores editable stages in settings and validates them', () => {
    const { doc, ctx } = replica();
    expect(pipelineStages(doc)).toEqual(defaultStages());
    const stages: Stage[] = [{ id: 'lead', label: 'Интерес', outcome: 'open' }, { id: 'demo', label: 'Демо', outcome: 'open' }, { id: 'won', label: '', outcome: 'won' }];
    expect(value(setPipelineStages(ctx, stages))).toBe(true);
    expect(value(setPipelineStages(ctx, stages))).toBe(false);
    expect(pipelineStages(doc)).toEqual(stages);
    expect(setPipelineStages(ctx, [{ id: 'won', label: '', outcome: 'won' }]).ok).toBe(false); // no open stage
    expect(setPipelineStages(ctx, [stages[0]!, stages[0]!]).ok).toBe(false); // duplicate id
    expect(setPipelineStages(ctx, [{ id: 'a|b', label: '', outcome: 'open' }]).ok).toBe(false);
    // A malformed list from a peer falls back to the defaults.
    ctx.doc.transact(() => settingsMap(doc).set('pipelineStages', 'garbage'));
    expect(pipelineStages(doc)).toEqual(defaultStages());
  });

  it('read-only base: commands refuse', () => {
    const { ctx } = replica();
    const c = mk(ctx);
    const ro = { ...ctx, readOnly: () => true };
    expect(createPlan(ro, c, { what: 'x', amount: 1, date: '2026-01-01', probability: 0.5 }).ok).toBe(false);
  });
});

describe('plan queries', () => {
  const P = (stage: string, amount: number, date: string, probability: number): Plan => ({
    id: `pln_${stage}${amount}aaaaaaaaaa` as Plan['id'], clientId: 'cli_aaaaaaaaaa' as ClientId, what: '', amount, date, probability, stage,
    deletedAt: '', createdAt: '', createdBy: '', updatedAt: '', updatedBy: '',
  });
  const st = defaultStages();

  it('board puts deals in their stage, unknown stages in the first open one', () => {
    const cols = board([P('offer', 10, '2026-01-01', 0.5), P('gone', 5, '2026-01-01', 0.5)], st);
    expect(cols.map((c) => [c.stage.id, c.plans.length, c.total])).toEqual([['lead', 1, 5], ['offer', 1, 10], ['negotiation', 0, 0], ['won', 0, 0], ['lost', 0, 0]]);
  });

  it('sales plan by month: weighted and unweighted, won counts fully, lost not at all, gaps filled', () => {
    const plans = [P('lead', 1000, '2026-01-15', 0.5), P('offer', 200, '2026-01-20', 0.25), P('won', 300, '2026-03-01', 0.1), P('lost', 999, '2026-02-01', 0.9)];
    expect(expectedValue(plans[2]!, st)).toBe(300);
    expect(salesPlan(plans, st)).toEqual([
      { month: '2026-01', unweighted: 1200, weighted: 550, count: 2 },
      { month: '2026-02', unweighted: 0, weighted: 0, count: 0 },
      { month: '2026-03', unweighted: 300, weighted: 300, count: 1 },
    ]);
    expect(salesPlan([], st)).toEqual([]);
    expect(salesPlan([P('lead', 1, '2026-12-01', 1), P('lead', 1, '2027-01-01', 1)], st).map((m) => m.month)).toEqual(['2026-12', '2027-01']);
  });
});

describe('plans: concurrent edits converge in both delivery orders', () => {
  it('different fields of one plan both survive', () => {
    const { doc, s } = concurrently((a) => { const c = mk(a); return { c, p: plan(a, c) }; },
      (a, s) => value(updatePlan(a, s.p, { amount: 5000 })), (b, s) => value(movePlanStage(b, s.p, 'negotiation')));
    expect(plansOf(doc, s.c)[0]).toMatchObject({ amount: 5000, stage: 'negotiation' });
  });
  it('the same deal moved to two stages: one deterministic winner', () => {
    const { doc, s } = concurrently((a) => { const c = mk(a); return { c, p: plan(a, c) }; },
      (a, s) => value(movePlanStage(a, s.p, 'won')), (b, s) => value(movePlanStage(b, s.p, 'lost')));
    expect(['won', 'lost']).toContain(plansOf(doc, s.c)[0]!.stage);
  });
  it('plans created on both laptops both exist; a delete and an edit give a deleted plan', () => {
    const { doc, s } = concurrently((a) => { const c = mk(a); return { c, p: plan(a, c) }; },
      (a, s) => { plan(a, s.c, { what: 'A' }); value(deletePlan(a, s.p)); }, (b, s) => { plan(b, s.c, { what: 'B' }); value(updatePlan(b, s.p, { what: 'edited' })); });
    expect(plansOf(doc, s.c).map((p) => p.what).sort()).toEqual(['A', 'B']);
  });
  it('stage lists edited on both laptops: one whole list wins', () => {
    const one: Stage[] = [{ id: 'a', label: 'A', outcome: 'open' }];
    const two: Stage[] = [{ id: 'b', label: 'B', outcome: 'open' }, { id: 'w', label: 'W', outcome: 'won' }];
    const { doc } = concurrently(() => null, (a) => value(setPipelineStages(a, one)), (b) => value(setPipelineStages(b, two)));
    expect([one, two]).toContainEqual(pipelineStages(doc));
  });
});
