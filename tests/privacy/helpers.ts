import * as Y from 'yjs';
import { expect } from 'vitest';
import type { Ctx } from '../../src/core/commands/context';
import { makeCtx } from '../../src/core/commands/context';
import { pair, state } from '../core/helpers';

export { replica, pair, exchange, value, state, clock } from '../core/helpers';

/**
 * Runs `setup` on A (synced to B), then `onA` and `onB` offline, then merges in both delivery
 * orders into fresh docs; asserts both orders give the same state and returns one merged doc
 * with a ctx on it.
 */
export function concurrently<S>(setup: (a: Ctx) => S, onA: (a: Ctx, s: S) => void, onB: (b: Ctx, s: S) => void): { doc: Y.Doc; ctx: Ctx; s: S } {
  const [a, b] = pair();
  const s = setup(a.ctx);
  Y.applyUpdate(b.doc, Y.encodeStateAsUpdate(a.doc));
  const base = Y.encodeStateAsUpdate(a.doc);
  const sv = Y.encodeStateVector(a.doc);
  onA(a.ctx, s);
  onB(b.ctx, s);
  const ua = Y.encodeStateAsUpdate(a.doc, sv);
  const ub = Y.encodeStateAsUpdate(b.doc, sv);
  const x = new Y.Doc(), y = new Y.Doc();
  x.clientID = 7; y.clientID = 8;
  for (const u of [base, ua, ub]) Y.applyUpdate(x, u);
  for (const u of [base, ub, ua]) Y.applyUpdate(y, u);
  expect(state(x)).toBe(state(y));
  return { doc: x, ctx: makeCtx(x, a.ctx.me, () => false, a.ctx.now), s };
}

/** Every UTF-8 string of the encoded document contains none of `needles`. */
export function encodedContains(doc: Y.Doc, needle: string): boolean {
  const bytes = Y.encodeStateAsUpdate(doc);
  const hay = Buffer.from(bytes);
  return hay.includes(Buffer.from(needle, 'utf8'));
}
