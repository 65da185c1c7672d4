#!/usr/bin/env node
// Dashboard benchmark in Chromium on the 20 000-client / 1 000 000-line base (issue 4):
// time from opening #/dashboard to the KPI cards, the main-thread table build and transfer,
// the worker's analysis time, a period change, the predictive models, and the main thread's
// long tasks (> 50 ms) meanwhile. Prints figures; asserts nothing.
// Run: node bench/analytics-browser.mjs   (CLIENTS=… LINES=… to change the size)
import { execSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { serve } from './lib/serve.mjs';
import { launchProfile } from './lib/browser.mjs';

const clients = Number(process.env.CLIENTS ?? 20_000);
const lines = Number(process.env.LINES ?? 1_000_000);
// Own output directory: does not disturb other benchmarks' .bench-out/.
const out = path.join(os.tmpdir(), 'kartoteka-bench-analytics');
execSync(`npx vite build -c bench/vite.config.ts --outDir ${out} --emptyOutDir --logLevel error`, { stdio: 'inherit', cwd: path.resolve(import.meta.dirname, '..') });

const server = await serve(out);
const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'kartoteka-bench-'));
const results = { clients, lines, load: os.loadavg()[0].toFixed(1), cpus: os.cpus().length };
try {
  let ctx = await launchProfile(profile);
  let page = ctx.pages()[0] ?? (await ctx.newPage());
  await page.goto(`${server.url}bench/pages/seed.html?clients=${clients}&lines=${lines}`);
  await page.waitForFunction(() => window.seedResult, null, { timeout: 900_000 });
  const seed = await page.evaluate(() => window.seedResult);
  if (seed.error) throw new Error(seed.error);
  await ctx.close();

  ctx = await launchProfile(profile);
  page = ctx.pages()[0] ?? (await ctx.newPage());
  await page.addInitScript(() => {
    window.__long = [];
    new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__long.push(Math.round(e.duration)); }).observe({ type: 'longtask', buffered: true });
  });
  await page.goto(`${server.url}#/clients`);
  await page.waitForFunction(() => performance.getEntriesByName('kartoteka:list-painted').length > 0, null, { timeout: 300_000 });
  await page.waitForTimeout(3000); // let the open settle (compaction etc.)
  const longTasks = async () => page.evaluate(() => { const l = window.__long; window.__long = []; return l; });
  await longTasks();

  let t0 = Date.now();
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Dashboard' }).click();
  await page.locator('.footer[data-calc]').waitFor({ timeout: 600_000 });
  results.openToKpiMs = Date.now() - t0;
  const footer = async () => page.locator('.footer').evaluate((e) => ({ build: +e.dataset.build, send: +e.dataset.send, calc: +e.dataset.calc, lines: +e.dataset.lines }));
  results.first = await footer();
  results.firstLongTasks = await longTasks();
  await page.waitForTimeout(1000);
  results.mainThreadSteps = await page.evaluate(() => performance.getEntriesByType('measure').filter((m) => m.name.startsWith('analytics:')).map((m) => `${m.name} ${Math.round(m.duration)} ms`));
  results.afterFirstLongTasks = await longTasks();

  t0 = Date.now();
  await page.getByRole('combobox', { name: 'Period', exact: true }).selectOption('3m');
  await page.waitForFunction(() => !document.querySelector('.dashboard[aria-busy="true"]'), null, { timeout: 600_000 });
  results.periodChange = { wallMs: Date.now() - t0, ...(await footer()) };
  results.periodLongTasks = await longTasks();

  t0 = Date.now();
  await page.getByRole('combobox', { name: 'Segment', exact: true }).selectOption({ index: 1 });
  await page.waitForFunction(() => !document.querySelector('.dashboard[aria-busy="true"]'), null, { timeout: 600_000 });
  results.filterChange = { wallMs: Date.now() - t0, ...(await footer()) };
  results.filterLongTasks = await longTasks();

  // The forecast on the whole base: back to 12 months, no filter.
  await page.getByRole('combobox', { name: 'Segment', exact: true }).selectOption({ index: 0 });
  await page.getByRole('combobox', { name: 'Period', exact: true }).selectOption('12m');
  await page.waitForFunction(() => !document.querySelector('.dashboard[aria-busy="true"]'), null, { timeout: 600_000 });
  await longTasks();
  t0 = Date.now();
  await page.getByRole('button', { name: 'Compute the forecast' }).click();
  await page.locator('.hint[data-pred-ms]').waitFor({ timeout: 900_000 });
  results.predictive = { wallMs: Date.now() - t0, workerMs: Number(await page.locator('.hint[data-pred-ms]').getAttribute('data-pred-ms')) };
  results.predictiveLongTasks = await longTasks();

  t0 = Date.now();
  await page.locator('.kpi[data-kpi="revenue"] a').click();
  await page.locator('.drill-row').first().waitFor({ timeout: 60_000 });
  results.drillRevenueMs = Date.now() - t0;
  results.drillLongTasks = await longTasks();

  await page.goto(`${server.url}bench/pages/bgnbd.html`);
  await page.waitForFunction(() => window.bgnbdResult, null, { timeout: 300_000 });
  results.bgNbdFitInWorker = await page.evaluate(() => window.bgnbdResult);
  await ctx.close();
} finally {
  await server.close();
  fs.rmSync(profile, { recursive: true, force: true });
  console.log(JSON.stringify(results, null, 2));
}
