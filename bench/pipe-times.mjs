#!/usr/bin/env node
// Wall time of the import pipeline (the worker's code) on the bench file in a page, N runs, to
// compare pipeline changes on a noisy machine (min and median). Build first, then e.g.:
//   npx vite build -c bench/vite.config.ts && node bench/pipe-times.mjs 5
//   node bench/pipe-times.mjs 4 'pipepar.html?k=2&disk'   (two workers planning at once, file from disk)
//   node bench/pipe-times.mjs 4 'pipepar.html?k=2&disk&mode=stream'   (only reading the file; mode=hash: only hashing it)
import { withBenchPage } from './lib/benchPage.mjs';

const runs = Number(process.argv[2] ?? 5);
const which = process.argv[3] ?? 'pipe.html';
await withBenchPage(async ({ page, url, csv }) => {
  const ms = [];
  for (let i = 0; i < runs; i++) {
    await page.goto(`${url}bench/pages/${which}`);
    if (which.includes('disk')) await page.getByLabel('file').setInputFiles(csv);
    await page.waitForFunction(() => window.pipeResult, null, { timeout: 300_000 });
    const r = await page.evaluate(() => window.pipeResult);
    if (r.error) throw new Error(r.error);
    ms.push(Math.round(r.ms));
    if (r.times) console.log('  parts', r.times.join(' '));
  }
  const s = [...ms].sort((a, b) => a - b);
  console.log(`runs ${ms.join(' ')} · min ${s[0]} · median ${s[s.length >> 1]}`);
});
