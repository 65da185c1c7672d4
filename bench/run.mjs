#!/usr/bin/env node
// `npm run bench [foundation|…]`: builds the app with the bench pages into .bench-out/ and runs
// the benchmarks in Chromium. Figures are printed; record them in docs/benchmarks.md.
import { execSync } from 'node:child_process';
import os from 'node:os';

const which = process.argv.slice(2);
execSync('npx vite build -c bench/vite.config.ts --logLevel error', { stdio: 'inherit' });
console.log(`machine: ${os.cpus()[0]?.model} ×${os.cpus().length}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}, ${new Date().toISOString()}`);
const all = { foundation: () => import('./foundation.mjs').then((m) => m.foundationBench()) };
for (const [name, run] of Object.entries(all)) {
  if (which.length && !which.includes(name)) continue;
  const t0 = Date.now();
  const r = await run();
  console.log(`\n== ${name} (${((Date.now() - t0) / 1000).toFixed(0)} s)\n${JSON.stringify(r, null, 2)}`);
}
