/// <reference lib="webworker" />
import { fitBgNbdRows } from '../../src/core/analytics/bgnbd';
import { simulateBgNbd } from '../../tests/analytics/simulate';

const truth = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
const sim = simulateBgNbd(truth, 25_000, 39, 7);
const runs: number[] = [];
let fit: unknown = null;
for (let i = 0; i < 5; i++) {
  const t0 = performance.now();
  const r = fitBgNbdRows(sim);
  runs.push(Math.round(performance.now() - t0));
  if (r.ok) fit = { r: +r.value.r.toFixed(3), alpha: +r.value.alpha.toFixed(3), a: +r.value.a.toFixed(3), b: +r.value.b.toFixed(3) };
}
(self as unknown as DedicatedWorkerGlobalScope).postMessage({ customers: sim.length, runsMs: runs, fit });
