/**
 * Dashboard pipeline on the 20 000-client / 1 000 000-line sample, in Node:
 * chunks → table (analyticsInput), then the worker's dashboard and predictive computations.
 * Run: npx vite-node bench/analytics-input.ts
 */
import { generateSample, BENCH_SIZE } from '../src/core/sample/generate';
import { tableFromRaw, clientAttrs, applyFilters } from '../src/core/queries/analyticsInput';
import { computeDashboard, computePredictive } from '../src/workers/analytics.compute';
import { isoToDay, todayIso } from '../src/core/util/day';
import { loadavg } from 'node:os';

const end = isoToDay(todayIso());
let t0 = performance.now();
const s = generateSample(BENCH_SIZE, end, 42);
console.log(`sample: ${s.clients.length} clients, ${s.lines} lines, ${s.chunks.length} chunks in ${(performance.now() - t0).toFixed(0)} ms; load ${loadavg()[0]!.toFixed(1)}`);
for (let rep = 0; rep < 2; rep++) {
  const cpu0 = process.cpuUsage();
  t0 = performance.now();
  const t = tableFromRaw(s.chunks);
  const tb = performance.now() - t0;
  const cpuMs = (process.cpuUsage(cpu0).user + process.cpuUsage(cpu0).system) / 1000;
  const byId = new Map(s.clients.map((c) => [c.id as string, c]));
  t0 = performance.now();
  const attrs = clientAttrs(t.clientIds, (id) => byId.get(id));
  const ta = performance.now() - t0;
  const period = { fromDay: end - 365, toDay: end + 1 };
  t0 = performance.now();
  const d = computeDashboard(t, attrs, period, { activeWindowDays: 365 });
  const td = performance.now() - t0;
  t0 = performance.now();
  const d2 = computeDashboard(t, attrs, { fromDay: end - 90, toDay: end + 1 }, { activeWindowDays: 365 });
  const td2 = performance.now() - t0;
  t0 = performance.now();
  const ft = applyFilters(t, attrs, { segment: attrs.segments[0] });
  const tf = performance.now() - t0;
  t0 = performance.now();
  const p = computePredictive(t, period, { activeWindowDays: 365, horizonWeeks: 12 });
  const tp = performance.now() - t0;
  console.log(`rep ${rep}: table ${t.n} lines / ${t.clientIds.length} clients / ${t.orderIds.length} orders: ${tb.toFixed(0)} ms wall (${cpuMs.toFixed(0)} ms cpu); attrs ${ta.toFixed(0)} ms; dashboard 12m ${td.toFixed(0)} ms (revenue ${d.kpis.revenue.toFixed(0)}, active ${d.kpis.activeClients}, crr ${d.kpis.crr?.toFixed(1)}); dashboard 3m (cached index) ${td2.toFixed(0)} ms (${d2.kpis.activeClients}); filter segment ${tf.toFixed(0)} ms (${ft.n}); predictive ${tp.toFixed(0)} ms ok=${p.ok} ${p.error ?? ''} E=${p.totalExpected.toFixed(0)}`);
}
