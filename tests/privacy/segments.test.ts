import { describe, expect, it } from 'vitest';
import { createClient, setClientTag } from '../../src/core/commands/clients';
import { createMember } from '../../src/core/commands/team';
import { bulkAssignManager, bulkCreateTasks, bulkSetTag, deleteSegment, saveSegment, undoBulk } from '../../src/core/commands/segments';
import { getClient } from '../../src/core/queries/clients';
import { getSegment, listSegments, matchesSegment, segmentMembers } from '../../src/core/queries/segments';
import { storeOf } from '../../src/core/queries/store';
import type { ClientId } from '../../src/core/model/client';
import { concurrently, replica, state, value } from './helpers';

function base() {
  const r = replica();
  const ids = [
    value(createClient(r.ctx, { name: 'Альфа', segment: 'Опт', custom: { fld_size000001: 10 } })),
    value(createClient(r.ctx, { name: 'Бета', segment: 'Розница', custom: { fld_size000001: 3 } })),
    value(createClient(r.ctx, { name: 'Гамма', segment: 'опт', addresses: [{ id: 'a1', kind: 'legal', line: '', city: 'Москва', postalCode: '', country: 'RU' }] })),
  ] as ClientId[];
  value(setClientTag(r.ctx, ids[0]!, 'vip', true));
  return { ...r, ids };
}

describe('segments', () => {
  it('saved filters over fields, tags, custom fields, and an analytics hook', () => {
    const { doc, ctx, ids } = base();
    const id = value(saveSegment(ctx, { name: 'Опт', match: 'all', rules: [{ field: 'segment', op: 'eq', value: 'ОПТ' }] }));
    const def = getSegment(doc, id)!;
    const all = ids.map((i) => getClient(doc, i)!);
    expect(segmentMembers(all, def).map((c) => c.name)).toEqual(['Альфа', 'Гамма']);
    expect(segmentMembers(all, { match: 'all', rules: [{ field: 'tags', op: 'has', value: 'vip' }] }).map((c) => c.name)).toEqual(['Альфа']);
    expect(segmentMembers(all, { match: 'all', rules: [{ field: 'cf:fld_size000001', op: 'gt', value: '5' }] }).map((c) => c.name)).toEqual(['Альфа']);
    expect(segmentMembers(all, { match: 'any', rules: [{ field: 'city', op: 'eq', value: 'москва' }, { field: 'name', op: 'contains', value: 'бет' }] }).map((c) => c.name)).toEqual(['Бета', 'Гамма']);
    const env = { classOf: (scheme: string, c: { name: string }) => (scheme === 'abc' && c.name === 'Бета' ? 'A' : 'C') };
    expect(segmentMembers(all, { match: 'all', rules: [{ field: 'class:abc', op: 'eq', value: 'A' }] }, env).map((c) => c.name)).toEqual(['Бета']);
    expect(matchesSegment(all[0]!, { match: 'all', rules: [{ field: 'futureField', op: 'eq', value: 'x' }] })).toBe(false);
    expect(listSegments(doc).map((s) => s.name)).toEqual(['Опт']);
    value(saveSegment(ctx, { id, name: 'Опт 2', match: 'all', rules: [] }));
    expect(listSegments(doc).map((s) => s.name)).toEqual(['Опт 2']);
    value(deleteSegment(ctx, id));
    expect(listSegments(doc)).toEqual([]);
  });

  it('two laptops saving different segments offline keep both', () => {
    const { doc } = concurrently(
      () => null,
      (a) => value(saveSegment(a, { name: 'A', match: 'all', rules: [] })),
      (b) => value(saveSegment(b, { name: 'B', match: 'all', rules: [] })),
    );
    expect(listSegments(doc).map((s) => s.name)).toEqual(['A', 'B']);
  });

  it('bulk actions are one transaction each and undo exactly', () => {
    const { doc, ctx, ids } = base();
    const m = value(createMember(ctx, 'Olga', '#1f77b4'));
    const before = state(doc);
    let updates = 0;
    const on = () => { updates++; };
    doc.on('update', on);
    const u1 = value(bulkAssignManager(ctx, ids, m));
    const u2 = value(bulkSetTag(ctx, ids, 'осень', true));
    const u3 = value(bulkCreateTasks(ctx, ids, '2026-09-01', 'Осенний обзвон'));
    doc.off('update', on);
    expect(updates).toBe(3);
    expect(ids.map((i) => getClient(doc, i)!.managerId)).toEqual([m, m, m]);
    expect(ids.every((i) => getClient(doc, i)!.tags.includes('осень'))).toBe(true);
    const store = storeOf(doc);
    expect([...store.ids('tasks')].map((t) => store.merged('tasks', t)!.assigneeId)).toEqual([m, m, m]);
    value(undoBulk(ctx, u3)); value(undoBulk(ctx, u2)); value(undoBulk(ctx, u1));
    const a = JSON.parse(state(doc)) as { json: Record<string, unknown> };
    const b = JSON.parse(before) as { json: Record<string, unknown> };
    expect(a.json.clients).toEqual(b.json.clients);
    expect(a.json.tasks).toEqual(b.json.tasks);
  });

  it('bulk tag on A and a single untag on B offline converge in both orders', () => {
    const { doc, s } = concurrently(
      (a) => [value(createClient(a, { name: 'X' })), value(createClient(a, { name: 'Y' }))] as ClientId[],
      (a, ids) => value(bulkSetTag(a, ids, 'q', true)),
      (b, ids) => value(setClientTag(b, ids[0]!, 'other', true)),
    );
    expect(getClient(doc, s[0]!)!.tags).toEqual(['other', 'q']);
  });
});
