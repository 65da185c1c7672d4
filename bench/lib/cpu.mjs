// CPU profile of a page's main thread over some steps, printed as the top self-time functions
// (bench diagnostics: run with BENCH_PROFILE=1 for readable names).
export async function cpuProfile(ctx, page, fn, { intervalUs = 100, top = 25 } = {}) {
  const cdp = await ctx.newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: intervalUs });
  await cdp.send('Profiler.start');
  const r = await fn();
  const { profile } = await cdp.send('Profiler.stop');
  // BENCH_PROFILE_OUT=file.cpuprofile: the whole profile, for DevTools or a script.
  if (process.env.BENCH_PROFILE_OUT) (await import('node:fs')).writeFileSync(process.env.BENCH_PROFILE_OUT, JSON.stringify(profile));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  for (let i = 0; i < profile.samples.length; i++) {
    const n = byId.get(profile.samples[i]);
    const k = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber}`;
    self.set(k, (self.get(k) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  }
  if (process.env.BENCH_TIMELINE) {
    // BENCH_TIMELINE=1: 100 ms buckets; =N (> 1): N ms buckets.
    const width = Number(process.env.BENCH_TIMELINE) > 1 ? Number(process.env.BENCH_TIMELINE) : 100;
    // Per 100 ms of wall time: which functions took it (bench diagnostics).
    const buckets = new Map(); let t = 0;
    for (let i = 0; i < profile.samples.length; i++) {
      t += profile.timeDeltas[i] ?? 0;
      const n = byId.get(profile.samples[i]);
      const b = Math.floor(t / (width * 1000)), k = n.callFrame.functionName || '(anon)';
      const m = buckets.get(b) ?? new Map(); buckets.set(b, m); m.set(k, (m.get(k) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
    }
    for (const [b, m] of buckets) console.log(`${b * width} ms: ${[...m].sort((x, y) => y[1] - x[1]).slice(0, 4).map(([k, v]) => `${k} ${v.toFixed(0)}`).join(', ')}`);
  }
  console.log([...self].sort((a, b) => b[1] - a[1]).slice(0, top).map(([k, v]) => `${v.toFixed(0).padStart(6)} ms ${k}`).join('\n'));
  return r;
}
