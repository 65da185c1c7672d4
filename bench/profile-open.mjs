// Developer tool: seeds the big base once into .bench-out/profile and records a CPU profile of a
// cold open (top self-time functions printed). `node bench/profile-open.mjs [--reseed]`.
import fs from 'node:fs';
import path from 'node:path';
import { serve } from './lib/serve.mjs';
import { launchProfile } from './lib/browser.mjs';

const out = path.resolve(import.meta.dirname, '../.bench-out');
const profile = path.join(out, '..', '.bench-profile');
const server = await serve(out, 4999); // fixed port: the profile's IndexedDB belongs to this origin
if (process.argv.includes('--reseed') || !fs.existsSync(profile)) {
  fs.rmSync(profile, { recursive: true, force: true });
  const ctx = await launchProfile(profile);
  const page = ctx.pages()[0] ?? (await ctx.newPage());
  await page.goto(`${server.url}bench/pages/seed.html?clients=${process.env.CLIENTS ?? 20000}&lines=${process.env.LINES ?? 1000000}`);
  await page.waitForFunction(() => window.seedResult, null, { timeout: 600_000 });
  console.log(await page.evaluate(() => window.seedResult));
  await ctx.close();
}
const ctx = await launchProfile(profile);
const page = ctx.pages()[0] ?? (await ctx.newPage());
const cdp = await ctx.newCDPSession(page);
await cdp.send('Profiler.enable');
await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
await cdp.send('Profiler.start');
await page.goto(`${server.url}#/clients`);
await page.waitForFunction(() => performance.getEntriesByName('kartoteka:list-painted').length > 0, null, { timeout: 120_000 });
const { profile: prof } = await cdp.send('Profiler.stop');
console.log(await page.evaluate(() => Object.fromEntries(performance.getEntriesByType('mark').filter((m) => m.name.startsWith('kartoteka:')).map((m) => [m.name.slice(10), Math.round(m.startTime)]))));
const self = new Map();
const byId = new Map(prof.nodes.map((n) => [n.id, n]));
prof.samples.forEach((s, i) => { const n = byId.get(s); const f = n.callFrame; const k = `${f.functionName || '(anon)'} ${f.url.split('/').pop()}:${f.lineNumber}:${f.columnNumber}`; self.set(k, (self.get(k) ?? 0) + (prof.timeDeltas[i] ?? 0)); });
for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`${(v / 1000).toFixed(0)} ms  ${k}`);
await ctx.close();
await server.close();
