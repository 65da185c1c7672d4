import { describe, expect, it } from 'vitest';
import { checkChunk, rememberChecked } from '../../src/core/commands/chunkCheck';
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

  it('takes the worker’s row count without decoding, and reads the client list from the bytes only when asked', () => {
    const bytes = encodeChunk([line('cli_a'), line('cli_b'), line('cli_a')]);
    // A row count that differs from the bytes shows the summary was taken, not decoded.
    rememberChecked(bytes, 7);
    const s = unwrap(checkChunk(bytes));
    expect(s.n).toBe(7);
    expect(s.clients).toEqual(['cli_a', 'cli_b']);
    expect(s.clients).toBe(s.clients); // decoded once
  });
});
