#!/usr/bin/env node
// `npm run bench [foundation|…]`: builds the app with the bench pages into .bench-out/ and runs
// the benchmarks in Chromium. Figures are printed; record them in docs/benchmarks.md.
import { execSync, spawnSync } from 'node:child_process';
import os from 'node:os';

const which = process.argv.slice(2);
// WebRTC must stay on loopback: re-run inside a network namespace with only `lo` where root allows.
if (process.env.KARTOTEKA_LOOPBACK_ONLY !== '1' && process.getuid?.() === 0 && spawnSync('unshare', ['--net', '--', 'true']).status === 0) {
  const r = spawnSync('unshare', ['--net', '--', 'bash', '-c', 'ip link set lo up && exec "$@"', 'lo', process.execPath, ...process.argv.slice(1)], { stdio: 'inherit', env: { ...process.env, KARTOTEKA_LOOPBACK_ONLY: '1' } });
  process.exit(r.status ?? 1);
}
execSync('npx vite build -c bench/vite.config.ts --logLevel error', { stdio: 'inherit' });
console.log(`machine: ${os.cpus()[0]?.model} ×${os.cpus().length}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}, ${new Date().toISOString()}, fresh memory ${freshPageMicros().toFixed(1)} µs per 4 KiB page`);

/**
 * What touching a fresh page of memory costs here. On some VMs (2026-11-23: a Firecracker guest)
 * it is ~14 µs against ~0.25 µs on bare metal, and every big buffer, worker heap and copy pays it:
 * the import's figures moved by a third with it, the same code before and after.
 */
function freshPageMicros() {
  const b = Buffer.allocUnsafeSlow(128 << 20);
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < b.length; i += 4096) b[i] = 1;
  return Number(process.hrtime.bigint() - t0) / 1000 / (b.length / 4096);
}
const all = {
  foundation: () => import('./foundation.mjs').then((m) => m.foundationBench()),
  sync: () => import('./sync.mjs').then((m) => m.syncBench()),
  import: () => import('./import.mjs').then((m) => m.importBench()),
};
for (const [name, run] of Object.entries(all)) {
  if (which.length && !which.includes(name)) continue;
  const t0 = Date.now();
  const r = await run();
  console.log(`\n== ${name} (${((Date.now() - t0) / 1000).toFixed(0)} s)\n${JSON.stringify(r, null, 2)}`);
}
