import * as Y from 'yjs';
import { expect } from 'vitest';
import type { Ctx } from '../../src/core/commands/context';
import { makeCtx } from '../../src/core/commands/context';
import { pair, state, offlineEdits } from '../core/helpers';

export { replica, pair, exchange, value, state, clock } from '../core/helpers';

/**
 * Runs `setup` on A (synced to B), then `onA` and `onB` offline, then merges in both delivery
 * orders into fresh docs; asserts both orders give the same state and returns one merged doc
 * with a ctx on it.
 */
export function concurrently<S>(setup: (a: Ctx) => S, onA: (a: Ctx, s: S) => void, onB: (b: Ctx, s: S) => void): { doc: Y.Doc; ctx: Ctx; s: S } {
  const [a, b] = pair();
  const { x, y, s } = offlineEdits(a, b, setup, onA, onB, [7, 8]);
  expect(state(x)).toBe(state(y));
  return { doc: x, ctx: makeCtx(x, a.ctx.me, () => false, a.ctx.now), s };
}

/** Every UTF-8 string of the encoded document contains none of `needles`. */
export function encodedContains(doc: Y.Doc, needle: string): boolean {
  const bytes = Y.encodeStateAsUpdate(doc);
  const hay = Buffer.from(bytes);
  return hay.includes(Buffer.from(needle, 'utf8'));
}
