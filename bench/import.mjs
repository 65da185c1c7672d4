// Import benchmark in Chromium (issue 3): 1 000 000 purchase lines (~50 MB CSV, windows-1251,
// `;`, decimal comma) from file pick to stored, through the real import page and worker; raw
// papaparse on the same file in the same browser; the longest main-thread task; peak memory.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execSync } from 'node:child_process';
import { serve } from './lib/serve.mjs';
import { launchProfile } from './lib/browser.mjs';

const out = path.resolve(import.meta.dirname, '../.bench-out');
const LINES = Number(process.env.LINES ?? 1_000_000);

function writeCsv(file) {
  const fd = fs.openSync(file, 'w');
  fs.writeSync(fd, 'Order Date;Order ID;Customer ID;Product;Category;Quantity;Sales\r\n');
  let buf = '';
  for (let i = 0; i < LINES; i++) {
    const d = 1 + (i % 28), m = 1 + ((i >> 5) % 12), y = 2024 + (i % 2);
    const qty = 1 + (i % 17);
    const sales = ((i * 7919) % 100000) / 100 + 1;
    buf += `${String(d).padStart(2, '0')}.${String(m).padStart(2, '0')}.${y};ORD-${(i / 3) | 0};CUST-${i % 20000};Product ${i % 500};Category ${i % 12};${qty};${sales.toFixed(2).replace('.', ',')}\r\n`;
    if (buf.length > 1 << 20) { fs.writeSync(fd, buf); buf = ''; }
  }
  fs.writeSync(fd, buf);
  fs.closeSync(fd);
}

function chromiumRssMB() {
  try {
    const lines = execSync("ps -C chromium -o rss=", { encoding: 'utf8' }).trim().split('\n');
    return lines.reduce((s, l) => s + Number(l || 0), 0) / 1024;
  } catch { return 0; }
}

export async function importBench() {
  const dataDir = path.join(out, 'bench-data');
  fs.mkdirSync(dataDir, { recursive: true });
  const csv = path.join(dataDir, 'purchases.csv');
  if (fs.existsSync(csv) && !fs.readFileSync(path.join(dataDir, 'lines.txt'), { encoding: 'utf8', flag: 'a+' }).includes(String(LINES))) fs.rmSync(csv);
  if (!fs.existsSync(csv)) { writeCsv(csv); fs.writeFileSync(path.join(dataDir, 'lines.txt'), String(LINES)); }
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

    await page.addInitScript(() => {
      window.__longTasks = [];
      new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__longTasks.push(e.duration); }).observe({ type: 'longtask', buffered: true });
      // Where the long frames' time went (script entry points), for the record.
      window.__loaf = [];
      new PerformanceObserver((l) => { for (const e of l.getEntries()) if (e.duration > 100) window.__loaf.push(`${Math.round(e.duration)} ms: ${e.scripts.map((x) => `${x.invoker || x.invokerType} ${Math.round(x.duration)} ms`).join(', ') || 'no script'}`); }).observe({ type: 'long-animation-frame', buffered: true });
    });
    await page.goto(server.url);
    await page.getByLabel('Your name').fill('Importer');
    await page.getByRole('button', { name: 'Start with an empty base' }).click();
    await page.goto(`${server.url}#/import`);
    let peak = 0;
    const sampler = setInterval(() => { peak = Math.max(peak, chromiumRssMB()); }, 250);
    const t0 = Date.now();
    await page.getByLabel('Choose a CSV file').setInputFiles(csv);
    await page.getByRole('table', { name: 'Column mapping' }).waitFor({ timeout: 120_000 });
    const tMapped = Date.now();
    await page.getByRole('button', { name: /Check the file/ }).click();
    await page.getByRole('heading', { name: 'What the import will do' }).waitFor({ timeout: 300_000 });
    const tPlanned = Date.now();
    await page.getByRole('button', { name: /^Import \([\d,\s\u00a0\u202f]+\)$/ }).click();
    await page.getByRole('status').filter({ hasText: 'Imported:' }).waitFor({ timeout: 300_000 });
    const tStored = Date.now();
    clearInterval(sampler);
    const longTasks = await page.evaluate(() => window.__longTasks);
    results.pickToStoredS = +((tStored - t0) / 1000).toFixed(2);
    results.phasesS = { sniffAndMapping: +((tMapped - t0) / 1000).toFixed(2), parseAndPlan: +((tPlanned - tMapped) / 1000).toFixed(2), write: +((tStored - tPlanned) / 1000).toFixed(2) };
    results.pipelineRowsPerS = Math.round(LINES / ((tPlanned - tMapped) / 1000));
    results.ratioToRawPapaparse = +(results.pipelineRowsPerS / results.rawPapaparse.rowsPerS).toFixed(2);
    results.longestMainThreadTaskMs = Math.round(Math.max(0, ...longTasks));
    results.mainThreadTasksOver100ms = longTasks.filter((d) => d > 100).length;
    results.longFrames = await page.evaluate(() => window.__loaf);
    results.peakChromiumRssMB = Math.round(peak);
    await ctx.close();
  } finally {
    await server.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
  return results;
}
