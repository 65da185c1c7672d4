import { describe, expect, it } from 'vitest';
import { replica, countUpdates, value } from '../core/helpers';
import { createClient, deleteClient } from '../../src/core/commands/clients';
import { createTask, updateTask } from '../../src/core/commands/work';
import { createTasksForClients } from '../../src/core/commands/bulkTasks';
import { storeOf } from '../../src/core/queries/store';
import { makeCtx } from '../../src/core/commands/context';
import type { ClientId } from '../../src/core/model/client';
import type { MemberId } from '../../src/core/model/member';

const me = 'mem_aaaaaaaaaaaa' as MemberId;

function openTasks(doc: import('yjs').Doc, due?: string) {
  const s = storeOf(doc);
  return [...s.ids('tasks')].map((id) => s.merged('tasks', id)!).filter((t) => !t.doneAt && !t.deletedAt && (due === undefined || t.due === due));
}

describe('createTasksForClients', () => {
  it('creates one task per client in ONE transaction (one update)', () => {
    const { doc, ctx } = replica(me);
    const ids = Array.from({ length: 50 }, (_, i) => value(createClient(ctx, { name: `Client ${i}` })));
    const u = countUpdates(doc);
    const r = value(createTasksForClients(ctx, ids, '2026-12-01', 'Offer the catalogue'));
    u.stop();
    expect(u.n).toBe(1);
    expect(r.created).toHaveLength(50);
    const tasks = openTasks(doc, '2026-12-01');
    expect(tasks).toHaveLength(50);
    expect(new Set(tasks.map((t) => t.clientId))).toEqual(new Set(ids));
    expect(tasks.every((t) => t.about === 'Offer the catalogue' && t.assigneeId === me)).toBe(true);
  });

  it('is idempotent per client and day: a second run (or an existing open task that day) adds nothing', () => {
    const { doc, ctx } = replica(me);
    const ids = Array.from({ length: 5 }, (_, i) => value(createClient(ctx, { name: `C${i}` })));
    value(createTask(ctx, ids[0]!, '2026-12-01', 'already planned'));
    const first = value(createTasksForClients(ctx, ids, '2026-12-01', 'x'));
    expect(first.created).toHaveLength(4);
    expect(first.skipped).toEqual([ids[0]]);
    const u = countUpdates(doc);
    const again = value(createTasksForClients(ctx, [...ids, ...ids], '2026-12-01', 'x'));
    u.stop();
    expect(again.created).toHaveLength(0);
    expect(again.skipped).toHaveLength(5);
    expect(u.n).toBe(0); // nothing written, nothing sent
    expect(openTasks(doc, '2026-12-01')).toHaveLength(5);
    // Another day is another task; a done task that day does not block a new one.
    expect(value(createTasksForClients(ctx, ids, '2026-12-02', 'x')).created).toHaveLength(5);
    const t0 = openTasks(doc, '2026-12-01').find((t) => t.clientId === ids[1])!;
    value(updateTask(ctx, t0.id as never, { doneAt: '2026-12-01T10:00:00Z' }));
    expect(value(createTasksForClients(ctx, [ids[1]!], '2026-12-01', 'x')).created).toHaveLength(1);
  });

  it('reports unknown and deleted clients, refuses a bad date and a read-only base', () => {
    const { doc, ctx } = replica(me);
    const a = value(createClient(ctx, { name: 'A' }));
    const b = value(createClient(ctx, { name: 'B' }));
    value(deleteClient(ctx, b));
    const r = value(createTasksForClients(ctx, [a, b, 'cli_nobodynobody'], '2026-12-01', 'x'));
    expect(r.created).toHaveLength(1);
    expect(r.unknown).toEqual([b, 'cli_nobodynobody']);
    expect(createTasksForClients(ctx, [a], '01.12.2026', 'x').ok).toBe(false);
    const ro = makeCtx(doc, me, () => true);
    expect(createTasksForClients(ro, [a as ClientId], '2026-12-03', 'x').ok).toBe(false);
    expect(openTasks(doc, '2026-12-03')).toHaveLength(0);
  });
});
