import { describe, expect, it } from 'vitest';
import { checkChunk, chunkClientSet, rememberChecked } from '../../src/core/commands/chunkCheck';
import { encodeChunk } from '../../src/core/model/purchaseEncode';
import type { ClientId } from '../../src/core/model/client';
import { unwrap } from '../../src/core/util/result';

const line = (clientId: string) => ({ clientId: clientId as ClientId, date: '2024-03-01', amount: 10, qty: 1, cost: NaN, orderId: '', product: '', category: '' });

describe('chunk summaries', () => {
  it('decodes a chunk it was not told about, and refuses one that does not decode', () => {
    const s = unwrap(checkChunk(encodeChunk([line('cli_a'), line('cli_b'), line('cli_a')])));
    expect([s.n, s.clients]).toEqual([3, ['cli_a', 'cli_b']]);
    expect(checkChunk(new Uint8Array([1, 2, 3])).ok).toBe(false);
  });

  it('takes the worker’s summary, reading its client list only when asked, and decodes when that list is missing or not a list of strings', () => {
    const bytes = encodeChunk([line('cli_a'), line('cli_b')]);
    // A row count that differs from the bytes shows the summary was taken, not decoded.
    rememberChecked(bytes, 7, JSON.stringify(['cli_a', 'cli_b']));
    const s = unwrap(checkChunk(bytes));
    expect(s.n).toBe(7);
    expect(s.clients).toEqual(['cli_a', 'cli_b']);
    const other = encodeChunk([line('cli_c')]);
    rememberChecked(other, 1, '{"not":"a list"');
    expect(unwrap(checkChunk(other)).clients).toEqual(['cli_c']);
    const third = encodeChunk([line('cli_d')]);
    rememberChecked(third, 1, '[1]');
    expect(unwrap(checkChunk(third)).clients).toEqual(['cli_d']);
    const later = encodeChunk([line('cli_e'), line('cli_f'), line('cli_e')]);
    rememberChecked(later, 3);
    const l = unwrap(checkChunk(later));
    expect(l.clients).toEqual(['cli_e', 'cli_f']);
    expect(l.clients).toBe(l.clients); // decoded once
  });
});

describe('chunk client sets', () => {
  it('makes the set of a worker’s chunk when its list arrives, and of any other chunk when asked', () => {
    const sent = encodeChunk([line('cli_a'), line('cli_b')]);
    // The list given, not the bytes', is the one the set holds: it was made from the list.
    rememberChecked(sent, 2, JSON.stringify(['cli_x', 'cli_y']));
    expect([...chunkClientSet(sent)]).toEqual(['cli_x', 'cli_y']);
    expect(chunkClientSet(sent)).toBe(chunkClientSet(sent));
    const other = encodeChunk([line('cli_c'), line('cli_d'), line('cli_c')]);
    expect([...chunkClientSet(other)]).toEqual(['cli_c', 'cli_d']);
    expect(chunkClientSet(new Uint8Array([1, 2, 3])).size).toBe(0);
  });
});
