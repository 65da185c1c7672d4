import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { SEEDS, fuzzCsv, fuzzVcard, fuzzChunks, syncFileTarget, mutate } from './targets';

// CI runs a few thousand inputs per target; scripts/fuzz-long.ts runs 100 000 and prints figures.
const RUNS = Number(process.env.FUZZ_RUNS ?? 1000);
const mutated = (seed: Uint8Array) => fc.integer({ min: 1, max: 2 ** 31 - 1 }).map((s) => {
  let x = s;
  return mutate(seed, () => { x = (x * 48271) % 2147483647; return x / 2147483647; });
});

describe('fuzzing: bad input gives error values, never exceptions or hangs', () => {
  it('CSV import pipeline (sniff, parse, mapping, plan) on random and mutated bytes', () => {
    fc.assert(fc.property(fc.oneof(fc.uint8Array({ maxLength: 400 }), mutated(SEEDS.csv), mutated(SEEDS.purchases)), (b) => { fuzzCsv(b); }), { numRuns: RUNS });
  });

  it('vCard import on random and mutated bytes', () => {
    fc.assert(fc.property(fc.oneof(fc.uint8Array({ maxLength: 300 }), mutated(SEEDS.vcard)), (b) => { fuzzVcard(b); }), { numRuns: RUNS });
  });

  it('stored chunk decoders (data from peers) on random bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), (b) => { fuzzChunks(b); }), { numRuns: RUNS });
  });

  it('sync files: every mutation is refused and leaves the base unchanged', async () => {
    const t = await syncFileTarget();
    await fc.assert(fc.asyncProperty(mutated(t.seed), async (b) => { await t.run(b); }), { numRuns: Math.min(RUNS, 500) });
    expect(t.seed.length).toBeGreaterThan(0);
  });
});
