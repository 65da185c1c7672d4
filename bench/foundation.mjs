// Foundation benchmark (issue 2): the 20 000-client / 1 000 000-line base in Chromium's
// IndexedDB — cold open to a painted list, search latency per keystroke, stored size, and the
// app's initial JS. Prints figures; asserts nothing.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { serve } from './lib/serve.mjs';
import { launchProfile, median, pct } from './lib/browser.mjs';

const out = path.resolve(import.meta.dirname, '../.bench-out');
const clients = Number(process.env.CLIENTS ?? 20_000);
const lines = Number(process.env.LINES ?? 1_000_000);

function initialJsGzip() {
  const html = fs.readFileSync(path.join(out, 'index.html'), 'utf8');
  const files = [...html.matchAll(/(?:src|href)="\/?(assets\/[^"]+\.js)"/g)].map((m) => m[1]);
  let raw = 0, gz = 0;
  for (const f of files) { const b = fs.readFileSync(path.join(out, f)); raw += b.length; gz += zlib.gzipSync(b, { level: 9 }).length; }
  return { files: files.length, raw, gz };
}

export async function foundationBench() {
  const server = await serve(out);
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'kartoteka-bench-'));
  const results = { clients, lines };
  try {
    let ctx = await launchProfile(profile);
    let page = ctx.pages()[0] ?? (await ctx.newPage());
    await page.goto(`${server.url}bench/pages/seed.html?clients=${clients}&lines=${lines}`);
    await page.waitForFunction(() => window.seedResult, null, { timeout: 600_000 });
    const seed = await page.evaluate(() => window.seedResult);
    if (seed.error) throw new Error(seed.error);
    Object.assign(results, { seedMs: Math.round(seed.generateAndWriteMs), persistMs: Math.round(seed.persistMs), docMB: +(seed.docBytes / 1e6).toFixed(1) });
    results.storedMB = +((await page.evaluate(async () => (await navigator.storage.estimate()).usage)) / 1e6).toFixed(1);
    await ctx.close();

    const opens = [];
    for (let i = 0; i < 3; i++) {
      ctx = await launchProfile(profile); // a new browser process: nothing cached in memory
      page = ctx.pages()[0] ?? (await ctx.newPage());
      await page.goto(`${server.url}#/clients`);
      await page.waitForFunction(() => performance.getEntriesByName('kartoteka:list-painted').length > 0, null, { timeout: 120_000 });
      opens.push(await page.evaluate(() => performance.getEntriesByName('kartoteka:list-painted')[0].startTime));
      results.openPhases = await page.evaluate(() => Object.fromEntries(performance.getEntriesByType('mark').filter((m) => m.name.startsWith('kartoteka:')).map((m) => [m.name.slice(10), Math.round(m.startTime)])));
      if (i < 2) await ctx.close();
    }
    results.coldOpenMs = opens.map(Math.round);
    results.rowsRendered = await page.locator('.client-row').count();

    const typing = async (text) => page.evaluate(async (text) => {
      const input = document.querySelector('input[type=search]');
      const times = [];
      input.value = '';
      input.dispatchEvent(new Event('input', { bubbles: true }));
      await new Promise((r) => requestAnimationFrame(() => setTimeout(r)));
      const painted = [];
      for (const ch of text) {
        const t0 = performance.now();
        input.value += ch;
        input.dispatchEvent(new Event('input', { bubbles: true }));
        await new Promise((r) => setTimeout(r)); // Svelte flushed: filter ran, DOM updated
        times.push(performance.now() - t0);
        await new Promise((r) => requestAnimationFrame(() => setTimeout(r))); // and painted
        painted.push(performance.now() - t0);
      }
      return { times, painted };
    }, text);
    const runs = [await typing('Петров'), await typing('8 916 12'), await typing('example.ru')];
    const keys = runs.flatMap((r) => r.times);
    const painted = runs.flatMap((r) => r.painted);
    results.searchMs = { median: +median(keys).toFixed(1), p95: +pct(keys, 0.95).toFixed(1), max: +Math.max(...keys).toFixed(1), keystrokes: keys.length };
    results.searchToPaintMs = { median: +median(painted).toFixed(1), p95: +pct(painted, 0.95).toFixed(1) };
    await ctx.close();
  } finally {
    await server.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
  results.initialJs = initialJsGzip();
  return results;
}
