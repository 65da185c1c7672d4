import * as Y from 'yjs';
import { expect } from 'vitest';
import { makeCtx, type Ctx } from '../../src/core/commands/context';
import { openBase } from '../../src/core/schema/version';
import type { MemberId } from '../../src/core/model/member';
import type { Result } from '../../src/core/util/result';
import { offlineEdits } from '../core/helpers';

let tick = Date.UTC(2026, 0, 1);
export const clock = (): string => new Date(tick++).toISOString();

export function replica(me = '' as MemberId | '', clientID?: number): { doc: Y.Doc; ctx: Ctx } {
  const doc = new Y.Doc();
  if (clientID !== undefined) doc.clientID = clientID;
  openBase(doc);
  return { doc, ctx: makeCtx(doc, me, () => false, clock) };
}

export function value<T>(r: Result<T>): T {
  if (!r.ok) throw new Error(`expected ok, got error: ${String(r.error)}`);
  return r.value;
}

const snapshot = (doc: Y.Doc): string => {
  const json: Record<string, unknown> = {};
  for (const [name, t] of doc.share) json[name] = t.toJSON();
  return JSON.stringify(json, (_k, x: unknown) => {
    if (x && typeof x === 'object' && !Array.isArray(x) && !(x instanceof Uint8Array)) {
      const o = x as Record<string, unknown>;
      return Object.fromEntries(Object.keys(o).sort().map((k) => [k, o[k]]));
    }
    return x;
  });
};

/**
 * Setup on A (synced to B), then `onA` and `onB` concurrently, then both delivery orders on two
 * fresh docs (via Y.encodeStateAsUpdate): they must end identical. Returns one merged doc.
 */
export function concurrently<S>(setup: (a: Ctx) => S, onA: (a: Ctx, s: S) => void, onB: (b: Ctx, s: S) => void): { doc: Y.Doc; s: S } {
  const a = replica('mem_aaaaaaaaaaaa' as MemberId, 1);
  const b = replica('mem_bbbbbbbbbbbb' as MemberId, 2);
  const { x, y, s } = offlineEdits(a, b, setup, onA, onB);
  openBase(x); openBase(y);
  expect(snapshot(x)).toBe(snapshot(y));
  return { doc: x, s };
}
