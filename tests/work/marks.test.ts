import { describe, expect, it } from 'vitest';
import { createClient } from '../../src/core/commands/clients';
import { markLost, markWonBack, setClientMark, setReferredBy } from '../../src/core/commands/marks';
import { clientHistory, getClient } from '../../src/core/queries/clients';
import { lostClients, referralsOf } from '../../src/core/queries/keyAccounts';
import { validateClient, type ClientId } from '../../src/core/model/client';
import type { Ctx } from '../../src/core/commands/context';
import { concurrently, replica, value } from './helpers';

const mk = (ctx: Ctx, name = 'Альфа') => value(createClient(ctx, { name }));

describe('client marks', () => {
  it('old records without the new fields still validate, with defaults', () => {
    const r = validateClient({ id: 'cli_aaaaaaaaaaaaaaaa', name: 'Old' });
    expect(r).toMatchObject({ ok: true, value: { marks: [], loyalty: [], referredBy: '', lostAt: '', lostReason: '', lostNote: '' } });
    // Unknown mark values and a bad reason from a newer peer are ignored.
    expect(validateClient({ id: 'cli_aaaaaaaaaaaaaaaa', name: 'X', 'mark:shiny': true, 'mark:potential': true, lostReason: 'weather' }))
      .toMatchObject({ ok: true, value: { marks: ['potential'], lostReason: '' } });
  });

  it('sets and clears key and loyalty marks, writing nothing when unchanged, with history', () => {
    const { doc, ctx } = replica();
    const c = mk(ctx);
    expect(value(setClientMark(ctx, c, 'prestige', true))).toBe(true);
    expect(value(setClientMark(ctx, c, 'prestige', true))).toBe(false);
    value(setClientMark(ctx, c, 'advocate', true));
    value(setClientMark(ctx, c, 'innovator', true));
    value(setClientMark(ctx, c, 'innovator', false));
    expect(getClient(doc, c)).toMatchObject({ marks: ['prestige'], loyalty: ['advocate'] });
    expect(clientHistory(doc, c).map((h) => h.field)).toEqual(['mark:prestige', 'loyalty:advocate', 'mark:innovator', 'mark:innovator']);
    expect(setClientMark(ctx, c, 'golden' as 'prestige', true).ok).toBe(false);
  });

  it('referrals: who recommended whom', () => {
    const { doc, ctx } = replica();
    const a = mk(ctx, 'A'), b = mk(ctx, 'B'), c = mk(ctx, 'C');
    value(setReferredBy(ctx, b, a));
    value(setReferredBy(ctx, c, a));
    expect(setReferredBy(ctx, a, a).ok).toBe(false);
    expect(setReferredBy(ctx, a, 'cli_zzzzzzzzzzzzzzzz' as ClientId).ok).toBe(false);
    expect(getClient(doc, b)!.referredBy).toBe(a);
    const all = [a, b, c].map((id) => getClient(doc, id)!);
    expect(referralsOf(all, a).map((x) => x.name)).toEqual(['B', 'C']);
    value(setReferredBy(ctx, c, ''));
    expect(getClient(doc, c)!.referredBy).toBe('');
  });

  it('lost with a reason, on the win-back list; won back clears it but keeps the reason in history', () => {
    const { doc, ctx } = replica();
    const c = mk(ctx), d = mk(ctx, 'Other');
    expect(markLost(ctx, c, 'other', '  ').ok).toBe(false); // "other" needs words
    expect(markLost(ctx, c, 'weather' as 'price').ok).toBe(false);
    expect(value(markLost(ctx, c, 'price', 'Нашли дешевле'))).toBe(true);
    expect(value(markLost(ctx, c, 'price', 'Нашли дешевле'))).toBe(false);
    expect(getClient(doc, c)).toMatchObject({ lostReason: 'price', lostNote: 'Нашли дешевле', lostAt: expect.any(String) });
    expect(lostClients([getClient(doc, c)!, getClient(doc, d)!]).map((x) => x.id)).toEqual([c]);
    expect(value(markWonBack(ctx, c))).toBe(true);
    expect(value(markWonBack(ctx, c))).toBe(false);
    expect(getClient(doc, c)).toMatchObject({ lostAt: '', lostReason: '' });
    expect(clientHistory(doc, c).some((h) => h.field === 'lostReason' && h.from === 'price')).toBe(true);
  });
});

describe('marks: concurrent edits converge in both delivery orders', () => {
  it('different marks set on two laptops both survive', () => {
    const { doc, s } = concurrently(mk, (a, c) => value(setClientMark(a, c, 'potential', true)), (b, c) => value(setClientMark(b, c, 'adherent', true)));
    expect(getClient(doc, s)).toMatchObject({ marks: ['potential'], loyalty: ['adherent'] });
    expect(clientHistory(doc, s)).toHaveLength(2);
  });
  it('lost on one laptop while a mark is set on the other: both kept', () => {
    const { doc, s } = concurrently(mk, (a, c) => value(markLost(a, c, 'staff', '')), (b, c) => value(setClientMark(b, c, 'demanding', true)));
    expect(getClient(doc, s)).toMatchObject({ lostReason: 'staff', marks: ['demanding'] });
  });
  it('two different reasons: one deterministic answer', () => {
    const { doc, s } = concurrently(mk, (a, c) => value(markLost(a, c, 'price', '')), (b, c) => value(markLost(b, c, 'process', '')));
    expect(['price', 'process']).toContain(getClient(doc, s)!.lostReason);
  });
});
