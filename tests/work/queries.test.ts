import { describe, expect, it } from 'vitest';
import { createClient, updateClientField } from '../../src/core/commands/clients';
import { logInteraction } from '../../src/core/commands/work';
import { createPlan } from '../../src/core/commands/plans';
import { setClientMark } from '../../src/core/commands/marks';
import { clientTimeline, groupPurchases } from '../../src/core/queries/timeline';
import { applyBatch, undoBatch } from '../../src/core/commands/batches';
import { batchIdFor } from '../../src/core/model/batch';
import { KEY_LIMIT, cachedShares, keyAccounts, keyInfo, overloadedManagers, salesShares } from '../../src/core/queries/keyAccounts';
import { getClient } from '../../src/core/queries/clients';
import { decodeChunk, type PurchaseLine } from '../../src/core/model/purchase';
import { encodeChunk } from '../../src/core/model/purchaseEncode';
import { defaultClient, type Client, type ClientId } from '../../src/core/model/client';
import type { MemberId } from '../../src/core/model/member';
import { replica, value } from './helpers';

const line = (clientId: string, date: string, amount: number, orderId = '', product = 'P'): PurchaseLine =>
  ({ clientId: clientId as ClientId, date, amount, qty: 1, cost: NaN, orderId, product, category: '' });

describe('timeline', () => {
  it('groups purchases per order, or per day without an order number', () => {
    const g = groupPurchases([line('c', '2026-01-02', 10, 'O1', 'A'), line('c', '2026-01-02', 5, 'O1', 'B'), line('c', '2026-01-03', 1), line('c', '2026-01-03', 2)]);
    expect(g.map((x) => [x.day, x.group.orderId, x.group.lines, x.group.amount, x.group.products])).toEqual([
      ['2026-01-02', 'O1', 2, 15, ['A', 'B']], ['2026-01-03', '', 2, 3, ['P']],
    ]);
  });

  it('merges contacts, purchases, plans and changes, newest first', () => {
    const { doc, ctx } = replica();
    const c = value(createClient(ctx, { name: 'Альфа' }));
    value(logInteraction(ctx, c, { kind: 'call', date: '2025-12-20', text: 'hi', result: 'ok' }));
    value(createPlan(ctx, c, { what: 'x', amount: 1, date: '2026-06-01', probability: 0.5 }));
    value(updateClientField(ctx, c, 'segment', 'Опт'));
    const tl = clientTimeline(doc, c, [line(c, '2025-12-25', 100, 'O1')]);
    // The clock of the test replica is in January 2026: plan and change are the newest.
    expect(tl.map((i) => i.kind)).toEqual(['change', 'plan', 'purchase', 'interaction']);
  });
});

describe('key accounts', () => {
  const chunk = decodeChunk(encodeChunk([
    line('cli_big', '2026-01-10', 900), line('cli_small', '2026-01-10', 50), line('cli_mid', '2025-06-01', 50),
    line('cli_old', '2024-01-01', 100_000), line('cli_small', '2026-01-11', -10),
  ]));
  if (!chunk.ok) throw new Error(chunk.error);

  it('sales share over the last 12 months (returns subtract; older sales ignored)', () => {
    const s = salesShares([chunk.value], '2026-01-31');
    expect(s.total).toBe(990);
    expect(s.byClient.get('cli_small')).toBe(40);
    expect(s.byClient.has('cli_old')).toBe(false);
  });

  it('a client is key by volume (> 10 %), by the checkbox or by a manual mark; managers over the limit are warned', () => {
    const s = salesShares([chunk.value], '2026-01-31');
    const cl = (id: string, extra: Partial<Client> = {}): Client => ({ ...defaultClient(id as ClientId, '', ''), name: id, marks: [], ...extra });
    const m = 'mem_mmmmmmmmmmmm' as MemberId;
    const clients = [cl('cli_big', { managerId: m }), cl('cli_small', { managerId: m, isKey: true }), cl('cli_mid', { managerId: m, marks: ['prestige'] }), cl('cli_x', { managerId: m, marks: ['potential'] }), cl('cli_none')];
    expect(keyInfo(clients[0]!, s)).toMatchObject({ volume: true, key: true });
    expect(keyInfo(clients[1]!, s)).toMatchObject({ volume: false, key: true });
    const keys = keyAccounts(clients, s);
    expect(keys.map((k) => k.client.id)).toEqual(['cli_big', 'cli_mid', 'cli_small', 'cli_x']);
    expect(keys.length).toBeGreaterThan(KEY_LIMIT);
    expect(overloadedManagers(keys)).toEqual([{ managerId: m, count: 4 }]);
    expect(overloadedManagers(keys.slice(0, 3))).toEqual([]);
  });

  it('manual marks written by the command make a client key', () => {
    const { doc, ctx } = replica();
    const c = value(createClient(ctx, { name: 'Альфа' }));
    value(setClientMark(ctx, c, 'innovator', true));
    expect(keyInfo(getClient(doc, c)!, { total: 0, byClient: new Map() })).toMatchObject({ key: true, marks: ['innovator'], share: 0 });
  });
});

describe('cached sales shares', () => {
  it('recomputes when a batch brings purchases, not on other edits', () => {
    const { doc, ctx } = replica();
    const c = value(createClient(ctx, { name: 'Альфа' }));
    expect(cachedShares(doc, '2026-01-31').total).toBe(0);
    const id = batchIdFor('file-x', 'mapping');
    value(applyBatch(ctx, {
      info: { id, fileName: 'x.csv', fileHash: 'file-x', entity: 'purchases', rowsRead: 1, created: 0, updated: 0, skipped: 0, createdClientIds: [] },
      clientsToCreate: [], clientsToUpdate: [], contactsToCreate: [], interactions: [], chunks: [encodeChunk([line(c, '2026-01-10', 500)])],
    }));
    const s = cachedShares(doc, '2026-01-31');
    expect(s.total).toBe(500);
    value(updateClientField(ctx, c, 'notes', 'x'));
    expect(cachedShares(doc, '2026-01-31')).toBe(s); // same object: not recomputed
    value(undoBatch(ctx, id));
    expect(cachedShares(doc, '2026-01-31').total).toBe(0);
  });
});
