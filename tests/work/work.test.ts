import { describe, expect, it } from 'vitest';
import { createClient, deleteClient } from '../../src/core/commands/clients';
import { completeTask, createTask, logInteraction, postponeTask, updateTask } from '../../src/core/commands/work';
import { agenda, dueCounts, openTasks, tasksOf, teamLoad } from '../../src/core/queries/agenda';
import { interactionsOf } from '../../src/core/queries/timeline';
import { validateInteraction } from '../../src/core/model/interaction';
import type { MemberId } from '../../src/core/model/member';
import type { Ctx } from '../../src/core/commands/context';
import { concurrently, replica, value } from './helpers';

const ME = 'mem_meeeeeeeeeee' as MemberId;
const OTHER = 'mem_otttttttttttt' as MemberId;
const mk = (ctx: Ctx, name = 'Альфа') => value(createClient(ctx, { name }));

describe('logging a contact', () => {
  it('writes the interaction with result and member, and sets the next contact in the same step', () => {
    const { doc, ctx } = replica(ME);
    const c = mk(ctx);
    const r = value(logInteraction(ctx, c, { kind: 'call', date: '2026-02-01', text: 'Обсудили поставку', result: 'Ждут КП', memberId: OTHER, next: { due: '2026-02-05', about: 'Отправить КП' } }));
    expect(interactionsOf(doc, c)).toEqual([expect.objectContaining({ id: r.interaction, kind: 'call', result: 'Ждут КП', memberId: OTHER, text: 'Обсудили поставку' })]);
    expect(tasksOf(doc, c)).toEqual([expect.objectContaining({ id: r.task, due: '2026-02-05', about: 'Отправить КП', assigneeId: ME })]);
  });

  it('closes open contacts due up to that day; later ones stay', () => {
    const { doc, ctx } = replica(ME);
    const c = mk(ctx);
    value(createTask(ctx, c, '2026-01-30', 'old'));
    const later = value(createTask(ctx, c, '2026-03-01', 'later'));
    value(logInteraction(ctx, c, { kind: 'meeting', date: '2026-02-01', text: '', result: 'ok' }));
    expect(tasksOf(doc, c).map((t) => t.id)).toEqual([later]);
  });

  it('accepts the added kinds (return, complaint) and refuses unknown kinds and dates', () => {
    const { doc, ctx } = replica(ME);
    const c = mk(ctx);
    value(logInteraction(ctx, c, { kind: 'complaint', date: '2026-02-01', text: 'Брак', result: 'Заменили' }));
    value(logInteraction(ctx, c, { kind: 'return', date: '2026-02-02', text: '2 шт.', result: '' }));
    expect(interactionsOf(doc, c).map((i) => i.kind).sort()).toEqual(['complaint', 'return']);
    expect(logInteraction(ctx, c, { kind: 'fax' as 'call', date: '2026-02-01', text: '', result: '' }).ok).toBe(false);
    expect(logInteraction(ctx, c, { kind: 'call', date: '2026-02-01', text: '', result: '', next: { due: 'soon', about: '' } }).ok).toBe(false);
    expect(logInteraction(ctx, c, { kind: 'call', date: '2026-02-01', text: '', result: '', memberId: 'nobody' as MemberId }).ok).toBe(false);
    expect(interactionsOf(doc, c)).toHaveLength(2);
    // An unknown kind from a newer peer is read as a note, never dropped.
    expect(validateInteraction({ id: 'int_aaaaaaaaaaaaaaaa', clientId: c, date: '2026-01-01', kind: 'visit' })).toMatchObject({ ok: true, value: { kind: 'note' } });
  });
});

describe('agenda commands', () => {
  it('done and postpone (+1 day, +7 days); an overdue contact is postponed from today', () => {
    const { doc, ctx } = replica(ME);
    const c = mk(ctx);
    const t1 = value(createTask(ctx, c, '2026-02-10', 'a'));
    const t2 = value(createTask(ctx, c, '2026-01-01', 'b'));
    expect(value(postponeTask(ctx, t1, 1, '2026-02-01'))).toBe('2026-02-11');
    expect(value(postponeTask(ctx, t1, 7, '2026-02-01'))).toBe('2026-02-18');
    expect(value(postponeTask(ctx, t2, 1, '2026-02-01'))).toBe('2026-02-02');
    expect(postponeTask(ctx, t2, 0, '2026-02-01').ok).toBe(false);
    expect(value(completeTask(ctx, t1))).toBe(true);
    expect(value(completeTask(ctx, t1))).toBe(false);
    expect(tasksOf(doc, c).map((t) => t.id)).toEqual([t2]);
  });

  it('reassigns a contact to another member', () => {
    const { doc, ctx } = replica(ME);
    const c = mk(ctx);
    const t = value(createTask(ctx, c, '2026-02-10', 'a'));
    expect(value(updateTask(ctx, t, { assigneeId: OTHER }))).toBe(true);
    expect(openTasks(doc)[0]!.assigneeId).toBe(OTHER);
  });
});

describe('agenda queries', () => {
  it('splits my contacts into overdue, today, this week and later; counts for the header; team load', () => {
    const { doc, ctx } = replica(ME);
    const c = mk(ctx);
    const gone = mk(ctx, 'Удалён');
    for (const [due, who] of [['2026-01-30', ME], ['2026-02-01', ME], ['2026-02-01', OTHER], ['2026-02-08', ME], ['2026-02-09', ME], ['2026-02-03', '']] as const) value(createTask(ctx, c, due, 'x', who));
    value(createTask(ctx, gone, '2026-01-01', 'x', ME));
    value(deleteClient(ctx, gone));
    const tasks = openTasks(doc);
    const mine = agenda(tasks, '2026-02-01', ME);
    expect([mine.overdue.length, mine.today.length, mine.week.length, mine.later.length]).toEqual([1, 1, 1, 1]);
    expect(agenda(tasks, '2026-02-01', null).today).toHaveLength(2);
    expect(agenda(tasks, '2026-02-01', '').week).toHaveLength(1);
    expect(dueCounts(tasks, '2026-02-01', ME)).toEqual({ overdue: 1, today: 1 });
    expect(teamLoad(tasks, '2026-02-01')).toEqual([
      { assigneeId: ME, overdue: 1, today: 1, week: 1, later: 1 },
      { assigneeId: OTHER, overdue: 0, today: 1, week: 0, later: 0 },
      { assigneeId: '', overdue: 0, today: 0, week: 1, later: 0 },
    ]);
  });
});

describe('work: concurrent edits converge in both delivery orders', () => {
  it('postponed on one laptop, done on the other: both fields kept (done, with the new date)', () => {
    const { doc, s } = concurrently((a) => { const c = mk(a); return { c, t: value(createTask(a, c, '2026-02-01', 'x')) }; },
      (a, s) => value(postponeTask(a, s.t, 7, '2026-02-01')), (b, s) => value(completeTask(b, s.t)));
    expect(tasksOf(doc, s.c)).toEqual([]);
  });
  it('reassigned on both laptops: one deterministic assignee', () => {
    const { doc, s } = concurrently((a) => { const c = mk(a); return { c, t: value(createTask(a, c, '2026-02-01', 'x')) }; },
      (a, s) => value(updateTask(a, s.t, { assigneeId: ME })), (b, s) => value(updateTask(b, s.t, { assigneeId: OTHER })));
    expect([ME, OTHER]).toContain(tasksOf(doc, s.c)[0]!.assigneeId);
  });
  it('contacts logged on both laptops both survive, each with its next contact', () => {
    const { doc, s } = concurrently(mk,
      (a, c) => value(logInteraction(a, c, { kind: 'call', date: '2026-02-01', text: 'A', result: 'ra', next: { due: '2026-02-09', about: 'A next' } })),
      (b, c) => value(logInteraction(b, c, { kind: 'email', date: '2026-02-01', text: 'B', result: 'rb', next: { due: '2026-02-10', about: 'B next' } })));
    expect(interactionsOf(doc, s).map((i) => i.text).sort()).toEqual(['A', 'B']);
    expect(tasksOf(doc, s).map((t) => t.about)).toEqual(['A next', 'B next']);
  });
});
