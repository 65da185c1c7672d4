/**
 * The long convergence run: 100 000 random scenarios (2–5 replicas of the real core, partitions,
 * duplicated and reordered delivery) through the same simulator and checker as the CI property test.
 *
 *   npx vite-node scripts/convergence-long.ts [runs] [seed]
 *
 * Prints the number of scenarios, what they exercised, the time taken and, on failure, the shrunk
 * counterexample (replayable: fc.assert with the printed seed and path).
 */
import fc from 'fast-check';
import { scenarioArb, simulate, stats } from '../tests/convergence/sim';

const runs = Number(process.argv[2] ?? 100_000);
const seed = Number(process.argv[3] ?? Date.now() % 2 ** 31);
const started = performance.now();
let lastReport = started;

const result = fc.check(fc.property(scenarioArb(40), (s) => {
  const bad = simulate(s);
  const t = performance.now();
  if (t - lastReport > 30_000) { lastReport = t; console.log(`… ${stats.scenarios} scenarios, ${((t - started) / 1000).toFixed(0)} s`); }
  if (bad.length) throw new Error(bad.slice(0, 5).join('\n'));
}), { numRuns: runs, seed });

const secs = (performance.now() - started) / 1000;
console.log(JSON.stringify({ runs, seed, failed: result.failed, numRuns: result.numRuns, numShrinks: result.numShrinks, seconds: Number(secs.toFixed(1)), stats }, null, 2));
if (result.failed) {
  console.log('COUNTEREXAMPLE (seed %d, path %s):', result.seed, result.counterexamplePath);
  console.log(JSON.stringify(result.counterexample, null, 1));
  console.log(String(result.errorInstance instanceof Error ? result.errorInstance.message : result.errorInstance));
  process.exitCode = 1;
} else {
  console.log(`OK: ${result.numRuns} scenarios, no counterexample.`);
}
