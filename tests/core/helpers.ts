import * as Y from 'yjs';
import { makeCtx, type Ctx } from '../../src/core/commands/context';
import { openBase } from '../../src/core/schema/version';
import type { MemberId } from '../../src/core/model/member';
import type { Result } from '../../src/core/util/result';
import { ROOTS } from '../../src/core/schema/layout';
import { rootsJson } from './peek';

/** A strictly increasing clock shared by every ctx made here: timestamps never collide. */
let tick = Date.UTC(2026, 0, 1);
export const clock = (): string => new Date(tick++).toISOString();

export interface Replica { doc: Y.Doc; ctx: Ctx }

export function replica(me = '' as MemberId | '', clientID?: number): Replica {
  const doc = new Y.Doc();
  if (clientID !== undefined) doc.clientID = clientID;
  openBase(doc);
  return { doc, ctx: makeCtx(doc, me, () => false, clock) };
}

/** Two replicas that start from the same base (as two laptops after the first sync). */
export function pair(): [Replica, Replica] {
  const a = replica('mem_aaaaaaaaaaaa' as MemberId, 1);
  const b = replica('mem_bbbbbbbbbbbb' as MemberId, 2);
  exchange(a.doc, b.doc);
  return [a, b];
}

export function exchange(...docs: Y.Doc[]): void {
  for (const x of docs) for (const y of docs) if (x !== y) Y.applyUpdate(y, Y.encodeStateAsUpdate(x, Y.encodeStateVector(y)));
}

export function value<T>(r: Result<T>): T {
  if (!r.ok) throw new Error(`expected ok, got error: ${String(r.error)}`);
  return r.value;
}

/** Counts 'update' events (each one is a record on disk and a message on the wire). */
export function countUpdates(doc: Y.Doc): { readonly n: number; stop(): void } {
  const s = { n: 0, stop: () => doc.off('update', on) };
  const on = () => { s.n++; };
  doc.on('update', on);
  return s;
}

/** State vector plus every root collection as JSON: equal strings = same base. */
export function state(doc: Y.Doc): string {
  const json = rootsJson(doc, ROOTS);
  return stableStringify({ sv: Array.from(Y.encodeStateVector(doc)), json });
}

/** JSON with object keys sorted: a Y.Map's key order depends on the order updates arrived in. */
export function stableStringify(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) => {
    if (x instanceof Uint8Array) return Array.from(x);
    if (x && typeof x === 'object' && !Array.isArray(x)) {
      const o = x as Record<string, unknown>;
      return Object.fromEntries(Object.keys(o).sort().map((k) => [k, o[k]]));
    }
    return x;
  });
}

/**
 * The shared shape of every "two laptops edit offline" test: `setup` on A (synced to B), then
 * `onA` and `onB` without seeing each other; the two updates are merged into two fresh docs in
 * opposite delivery orders (x: A first, y: B first). Callers assert what their suite needs.
 */
export function offlineEdits<S>(a: Replica, b: Replica, setup: (a: Ctx) => S, onA: (a: Ctx, s: S) => void, onB: (b: Ctx, s: S) => void, freshIds?: [number, number]): { x: Y.Doc; y: Y.Doc; ua: Uint8Array; ub: Uint8Array; s: S } {
  const s = setup(a.ctx);
  const base = Y.encodeStateAsUpdate(a.doc);
  Y.applyUpdate(b.doc, base);
  const sv = Y.encodeStateVector(a.doc);
  onA(a.ctx, s);
  onB(b.ctx, s);
  const ua = Y.encodeStateAsUpdate(a.doc, sv);
  const ub = Y.encodeStateAsUpdate(b.doc, sv);
  const x = new Y.Doc(), y = new Y.Doc();
  if (freshIds) { x.clientID = freshIds[0]; y.clientID = freshIds[1]; }
  for (const u of [base, ua, ub]) Y.applyUpdate(x, u);
  for (const u of [base, ub, ua]) Y.applyUpdate(y, u);
  return { x, y, ua, ub, s };
}
