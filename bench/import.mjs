// Import benchmark in Chromium (issue 3): 1 000 000 purchase lines (~50 MB CSV, windows-1251,
// `;`, decimal comma) from file pick to stored, through the real import page and worker; raw
// papaparse on the same file in the same browser; the longest main-thread task; peak memory.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execSync } from 'node:child_process';
import { serve } from './lib/serve.mjs';
import { launchProfile } from './lib/browser.mjs';
import { cpuProfile } from './lib/cpu.mjs';

const out = path.resolve(import.meta.dirname, '../.bench-out');
const LINES = Number(process.env.LINES ?? 1_000_000);

/**
 * BENCH_CYRILLIC=1: products and categories named in Russian, so the file is Windows-1251 (the
 * users' usual export) and read through that decoder, not UTF-8 as the plain ASCII file is.
 */
const CYRILLIC = !!process.env.BENCH_CYRILLIC;
/** Windows-1251 bytes of bench text (ASCII and А–я only). */
const cp1251 = (text) => Buffer.from(Array.from(text, (ch) => { const c = ch.charCodeAt(0); return c < 128 ? c : c >= 0x410 && c <= 0x44f ? c - 0x410 + 0xc0 : 0x3f; }));

function writeCsv(file) {
  const fd = fs.openSync(file, 'w');
  const write = (text) => fs.writeSync(fd, CYRILLIC ? cp1251(text) : text);
  write('Order Date;Order ID;Customer ID;Product;Category;Quantity;Sales\r\n');
  const [product, category] = CYRILLIC ? ['Товар', 'Категория'] : ['Product', 'Category'];
  let buf = '';
  for (let i = 0; i < LINES; i++) {
    const d = 1 + (i % 28), m = 1 + ((i >> 5) % 12), y = 2024 + (i % 2);
    const qty = 1 + (i % 17);
    const sales = ((i * 7919) % 100000) / 100 + 1;
    buf += `${String(d).padStart(2, '0')}.${String(m).padStart(2, '0')}.${y};ORD-${(i / 3) | 0};CUST-${i % 20000};${product} ${i % 500};${category} ${i % 12};${qty};${sales.toFixed(2).replace('.', ',')}\r\n`;
    if (buf.length > 1 << 20) { write(buf); buf = ''; }
  }
  write(buf);
  fs.closeSync(fd);
}

let peakBreakdown = '';
/**
 * Memory of all Chromium processes as the sum of their PSS (proportional set size: a shared page
 * counts once across processes; summing RSS counts the zygote's and libraries' pages in every
 * process), with the per-process RSS for reference.
 */
function chromiumRssMB() {
  try {
    const lines = execSync('ps -C chromium -o pid=,rss=,args=', { encoding: 'utf8' }).trim().split('\n');
    const procs = lines.map((l) => {
      const m = /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(l);
      const type = /--type=([\w-]+)/.exec(m?.[3] ?? '')?.[1] ?? 'browser';
      let pss = 0;
      try { pss = Number(/^Pss:\s+(\d+)/m.exec(fs.readFileSync(`/proc/${m?.[1]}/smaps_rollup`, 'utf8'))?.[1] ?? 0) / 1024; } catch { /* exited */ }
      return { pss, rss: Number(m?.[2] ?? 0) / 1024, type };
    });
    const total = procs.reduce((s, p) => s + p.pss, 0);
    if (total > chromiumRssMB.peak) {
      chromiumRssMB.peak = total;
      chromiumRssMB.rss = procs.reduce((s, p) => s + p.rss, 0);
      peakBreakdown = procs.sort((a, b) => b.pss - a.pss).map((p) => `${p.type} ${Math.round(p.pss)}`).join(', ');
    }
    return total;
  } catch { return 0; }
}
chromiumRssMB.rss = 0;
/**
 * BENCH_THREADS=1: CPU seconds each Chromium thread used from the pick to stored, summed by thread
 * name and process type (diagnostics: where a 2-core machine's time went, e.g. GC helper threads).
 */
function threadCpu() {
  const m = new Map();
  try {
    for (const pid of execSync('pgrep chromium', { encoding: 'utf8' }).trim().split('\n')) {
      const type = /--type=([\w-]+)/.exec(fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8'))?.[1] ?? 'browser';
      for (const tid of fs.readdirSync(`/proc/${pid}/task`)) {
        try {
          const st = fs.readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
          const f = st.slice(st.lastIndexOf(')') + 2).split(' ');
          m.set(`${pid}/${tid}`, { name: `${st.slice(st.indexOf('(') + 1, st.lastIndexOf(')'))}@${type}`, s: (Number(f[11]) + Number(f[12])) / 100, flt: Number(f[7]) });
        } catch { /* exited */ }
      }
    }
  } catch { /* none running */ }
  return m;
}
function cpuSince(before, after) {
  const by = new Map();
  for (const [k, v] of after) {
    const o = by.get(v.name) ?? [0, 0], b = before.get(k);
    by.set(v.name, [o[0] + v.s - (b?.s ?? 0), o[1] + v.flt - (b?.flt ?? 0)]);
  }
  // CPU seconds and minor page faults (thousands): on a VM where a fresh page is costly, faults say who allocates.
  return [...by].filter(([, [t]]) => t >= 0.05).sort((a, b) => b[1][0] - a[1][0]).map(([n, [t, f]]) => `${n} ${t.toFixed(2)} s ${(f / 1000).toFixed(0)}k flt`).join(', ');
}
chromiumRssMB.peak = 0;

/** BENCH_CPU=check|confirm: CPU profile of the page's main thread during that step (top self times). */
const cpu = (ctx, page, step, fn) => (process.env.BENCH_CPU === step ? cpuProfile(ctx, page, fn) : fn());

/** The page's import step marks (src/ui/areas/import/timing.ts), in seconds from the pick. */
const STEP_MARKS = () => {
  const at = (n) => performance.getEntriesByName(`kartoteka:import-${n}`).at(-1)?.startTime ?? NaN;
  const pick = at('pick');
  return Object.fromEntries(['mapping-shown', 'check', 'review-shown', 'confirm', 'stored-shown'].map((n) => [n, +((at(n) - pick) / 1000).toFixed(2)]));
};

/**
 * Clicks "Check the file" and "Import (…)" from inside the page, on the first frame each is there:
 * a person who does not stop to read. Playwright's own waiting (polling the accessibility tree,
 * round trips) adds 0.1–0.3 s per step, which is the driver's time, not the app's.
 */
const CLICK_THROUGH = () => new Promise((resolve) => {
  let stage = 0;
  const button = (re) => [...document.querySelectorAll('button')].find((b) => re.test(b.textContent.trim()) && !b.disabled);
  const tick = () => {
    if (stage === 0) { const b = button(/^Check the file/); if (b) { stage = 1; b.click(); } }
    else if (stage === 1) { const b = button(/^Import \([\d,\s\u00a0\u202f]+\)$/); if (b) { stage = 2; b.click(); } }
    else if ([...document.querySelectorAll('[role=status]')].some((e) => e.textContent.includes('Imported:'))) { resolve(); return; }
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
});

/**
 * One import of the bench file into a fresh base, through the page. `memory`: driven by Playwright
 * as the e2e tests do, with Chromium's memory sampled every 250 ms (reading every process's
 * smaps_rollup costs CPU on a 2-core machine); otherwise clicked through from inside the page,
 * nothing sampled: the timing pass.
 */
async function importPass(server, csv, { memory }) {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'kb-import-'));
  const r = {};
  try {
    const ctx = await launchProfile(profile);
    const page = ctx.pages()[0] ?? (await ctx.newPage());
    // BENCH_CONSOLE=1: the page's and its workers' console, for timing traces while investigating.
    if (process.env.BENCH_CONSOLE) { page.on('console', (m) => console.log(m.text())); page.on('worker', (w) => w.on('console', (m) => console.log(m.text()))); }
    await page.addInitScript(() => {
      window.__longTasks = [];
      new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__longTasks.push({ start: e.startTime, duration: e.duration }); }).observe({ type: 'longtask', buffered: true });
      // Where the long frames' time went (script entry points), for the record.
      window.__loaf = [];
      new PerformanceObserver((l) => { for (const e of l.getEntries()) if (e.duration > 60) window.__loaf.push({ start: e.startTime, text: `${Math.round(e.duration)} ms: ${e.scripts.map((x) => `${x.invoker || x.invokerType}${x.sourceFunctionName ? ` (${x.sourceFunctionName})` : ""} ${Math.round(x.duration)} ms`).join(', ') || 'no script'}` }); }).observe({ type: 'long-animation-frame', buffered: true });
    });
    await page.goto(server.url);
    await page.getByLabel('Your name').fill('Importer');
    await page.getByRole('button', { name: 'Start with an empty base' }).click();
    await page.goto(`${server.url}#/import`);
    // An installed app: its service worker has finished caching the app before anyone imports.
    await page.evaluate(() => navigator.serviceWorker?.ready.then(() => new Promise((res) => setTimeout(res, 1000))));
    chromiumRssMB.peak = 0;
    let peak = 0, peakAt = 0;
    // Long tasks count from the pick on (onboarding, before it, is not the import's).
    const pickedAt = await page.evaluate(() => performance.now());
    const cpu0 = process.env.BENCH_THREADS ? threadCpu() : null;
    // Threads that end before the last reading (the import workers are ended after the dry run) keep their last sample.
    const seen = new Map();
    const threadSampler = cpu0 ? setInterval(() => { for (const [k, v] of threadCpu()) seen.set(k, v); }, 100) : null;
    const t0 = Date.now();
    const sampler = memory ? setInterval(() => { const m = chromiumRssMB(); if (m > peak) { peak = m; peakAt = Date.now() - t0; } }, 250) : null;
    if (memory) {
      await page.getByLabel('Choose a CSV file').setInputFiles(csv);
      await page.getByRole('table', { name: 'Column mapping' }).waitFor({ timeout: 120_000 });
      // BENCH_THINK=ms: a person reading the mapping that long before "Check the file".
      if (process.env.BENCH_THINK) await page.waitForTimeout(Number(process.env.BENCH_THINK));
      await cpu(ctx, page, 'check', async () => {
        await page.getByRole('button', { name: /Check the file/ }).click();
        await page.getByRole('heading', { name: 'What the import will do' }).waitFor({ timeout: 300_000 });
      });
      await cpu(ctx, page, 'confirm', async () => {
        await page.getByRole('button', { name: /^Import \([\d,\s\u00a0\u202f]+\)$/ }).click();
        await page.getByRole('status').filter({ hasText: 'Imported:' }).waitFor({ timeout: 300_000 });
      });
    } else {
      const clicked = page.evaluate(CLICK_THROUGH);
      await page.getByLabel('Choose a CSV file').setInputFiles(csv);
      await clicked;
    }
    r.plannedInParts = await page.evaluate(() => performance.getEntriesByName('kartoteka:import-planned').at(-1)?.detail?.parts ?? null);
    const tStored = Date.now();
    if (sampler) clearInterval(sampler);
    if (threadSampler) clearInterval(threadSampler);
    if (cpu0) r.cpuSecondsByThread = cpuSince(cpu0, new Map([...seen, ...threadCpu()]));
    await page.waitForFunction(() => performance.getEntriesByName('kartoteka:import-stored-shown').length > 0);
    r.stepsFromPickS = await page.evaluate(STEP_MARKS);
    r.pickToStoredS = r.stepsFromPickS['stored-shown'];
    // Setting the file input through the driver to the app's first mark (`pick`) is not counted.
    r.withDriverS = +((tStored - t0) / 1000).toFixed(2);
    const longTasks = await page.evaluate((from) => window.__longTasks.filter((e) => e.start >= from).map((e) => e.duration), pickedAt);
    r.longestMainThreadTaskMs = Math.round(Math.max(0, ...longTasks));
    r.mainThreadTasksOver100ms = longTasks.filter((d) => d > 100).length;
    r.mainThreadTasksOver50ms = longTasks.filter((d) => d > 50).map(Math.round);
    r.longFrames = await page.evaluate((from) => window.__loaf.filter((e) => e.start >= from).map((e) => e.text), pickedAt);
    if (memory) {
      r.peakChromiumPssMB = Math.round(peak);
      r.peakAtS = +(peakAt / 1000).toFixed(2);
      r.peakPssByProcessMB = peakBreakdown;
      r.sameMomentRssSumMB = Math.round(chromiumRssMB.rss);
    }
    await ctx.close();
  } finally {
    fs.rmSync(profile, { recursive: true, force: true });
  }
  return r;
}

/** The bench file in .bench-out/bench-data (written again when missing, or of another LINES or BENCH_CYRILLIC). */
export function benchCsv() {
  const dataDir = path.join(out, 'bench-data');
  fs.mkdirSync(dataDir, { recursive: true });
  const csv = path.join(dataDir, 'purchases.csv');
  const kind = `${LINES}${CYRILLIC ? ' cyrillic' : ''}`;
  if (fs.existsSync(csv) && fs.readFileSync(path.join(dataDir, 'lines.txt'), { encoding: 'utf8', flag: 'a+' }).trim() !== kind) fs.rmSync(csv);
  if (!fs.existsSync(csv)) { writeCsv(csv); fs.writeFileSync(path.join(dataDir, 'lines.txt'), kind); }
  return csv;
}

export async function importBench() {
  const csv = benchCsv();
  const server = await serve(out);
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'kb-import-'));
  const results = { lines: LINES, csvMB: +(fs.statSync(csv).size / 1e6).toFixed(1) };
  try {
    const ctx = await launchProfile(profile);
    const page = ctx.pages()[0] ?? (await ctx.newPage());
    await page.goto(`${server.url}bench/pages/papa.html`);
    await page.waitForFunction(() => window.papaResult, null, { timeout: 300_000 });
    const papa = await page.evaluate(() => window.papaResult);
    results.rawPapaparse = { parseS: +(papa.parseMs / 1000).toFixed(2), rowsPerS: Math.round(papa.rowsPerS) };
    await ctx.close();
    // Pick → stored: from the app's pick mark to the "Imported" message painted, clicked through at
    // once (no reading time). The pass driven by Playwright, with memory sampled, is printed after it.
    results.timing = await importPass(server, csv, { memory: false });
    results.ratioToRawPapaparse = +(results.rawPapaparse.parseS / results.timing.pickToStoredS).toFixed(2);
    results.memory = await importPass(server, csv, { memory: true });
  } finally {
    await server.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
  return results;
}
