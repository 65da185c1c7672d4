import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as Y from 'yjs';
import * as peek from '../core/peek';
import { scenarioArb, simulate, type Scenario } from './sim';

/** CI runs 4 × 500 = 2 000 scenarios (CONVERGENCE_RUNS overrides the total); the long run is scripts/convergence-long.ts. */
const RUNS = Number(process.env.CONVERGENCE_RUNS ?? 2000);
const PARTS = 4;
// Fixed seeds: a CI run is reproducible and cannot fail by luck; new random scenarios are the job
// of scripts/convergence-long.ts (CONVERGENCE_SEED=random explores here too).
const SEED = process.env.CONVERGENCE_SEED === 'random' ? undefined : Number(process.env.CONVERGENCE_SEED ?? 20261122);

describe('convergence of 2–5 replicas under partitions, duplicated and reordered delivery', () => {
  for (let part = 0; part < PARTS; part++) {
    const runs = Math.ceil(RUNS / PARTS);
    it(`every replica ends identical and every invariant holds (part ${part + 1}/${PARTS}: ${runs} scenarios)`, () => {
      fc.assert(fc.property(scenarioArb(30), (s) => {
        const bad = simulate(s);
        if (bad.length) throw new Error(bad.slice(0, 5).join('\n'));
      }), { numRuns: runs, ...(SEED === undefined ? {} : { seed: SEED + part }) });
    }, 180_000);
  }

  describe('the checker fails when it should', () => {
    const base: Scenario = {
      clientIDs: [1, 2],
      ops: [{ t: 'create', r: 0, v: 1 }, { t: 'contact', r: 0, c: 0, v: 1 }, { t: 'apply', r: 0, b: 1 }, { t: 'edit', r: 1, c: 0, f: 0, v: 2 }],
      finalSeed: 1,
    };
    /** Makes the same raw (non-command) change on every replica, so they still converge. */
    const everywhere = (change: (d: Y.Doc) => void) => (docs: Y.Doc[]) => {
      const d0 = docs[0]!;
      const sv = Y.encodeStateVector(d0);
      change(d0);
      const u = Y.encodeStateAsUpdate(d0, sv);
      for (const d of docs.slice(1)) Y.applyUpdate(d, u);
    };
    it('healthy baseline passes', () => expect(simulate(base)).toEqual([]));
    it('replicas that never received each other’s updates', () => {
      expect(simulate(base, { skipHeal: true }).join()).toMatch(/differs/);
    });
    it('a write nobody acknowledged overwrote an acknowledged one', () => {
      const bad = simulate(base, { tamper: everywhere((d) => { for (const id of peek.ids(d, 'clients')) peek.tamper.setField(d, 'clients', id, 'notes', 'silently changed'); }) });
      expect(bad.join()).toMatch(/notes: final "silently changed"/);
    });
    it('an orphaned contact and a corrupt chunk', () => {
      const bad = simulate(base, {
        tamper: everywhere((d) => {
          peek.tamper.record(d, 'contacts', 'con_orphan0000000', { id: 'con_orphan0000000', clientId: 'cli_missing00000000' });
          for (const b of peek.ids(d, 'batches')) peek.tamper.pushChunk(d, b, new Uint8Array([9, 9, 9]));
        }),
      });
      expect(bad.join()).toMatch(/points to missing client/);
      expect(bad.join()).toMatch(/does not decode/);
    });
  });

  it('concurrent edits to the same field pick one of them, and a later edit beats an earlier one', () => {
    const s: Scenario = {
      clientIDs: [10, 20, 30],
      ops: [
        { t: 'create', r: 0, v: 1 },
        { t: 'sync', from: 0, to: 1, seed: 1 }, { t: 'sync', from: 0, to: 1, seed: 2 }, { t: 'sync', from: 0, to: 1, seed: 3 },
        { t: 'sync', from: 0, to: 2, seed: 4 }, { t: 'sync', from: 0, to: 2, seed: 5 }, { t: 'sync', from: 0, to: 2, seed: 6 },
        { t: 'edit', r: 1, c: 0, f: 0, v: 5 }, { t: 'edit', r: 2, c: 0, f: 0, v: 6 },
        { t: 'sync', from: 1, to: 0, seed: 7 }, { t: 'edit', r: 0, c: 0, f: 0, v: 7 },
      ],
      finalSeed: 9,
    };
    expect(simulate(s)).toEqual([]);
  });
});
