// Long fuzz run: `npx vite-node scripts/fuzz-long.ts [runsPerTarget]` (default 100 000).
// Prints inputs tried, failures and time per target; the first failing input of each target is
// written to .fuzz-failures/ for replay.
import fs from 'node:fs';
import { SEEDS, fuzzCsv, fuzzVcard, fuzzChunks, syncFileTarget, mutate } from '../tests/fuzz/targets';

const RUNS = Number(process.argv[2] ?? 100_000);
let x = 12345;
const rnd = () => { x = (x * 48271) % 2147483647; return x / 2147483647; };
const randomBytes = (max: number) => new Uint8Array(Array.from({ length: Math.floor(rnd() * max) }, () => Math.floor(rnd() * 256)));

async function target(name: string, gen: () => Uint8Array, run: (b: Uint8Array) => unknown): Promise<void> {
  const t0 = Date.now();
  let failures = 0;
  for (let i = 0; i < RUNS; i++) {
    const b = gen();
    try { await run(b); } catch (e) {
      if (failures++ === 0) { fs.mkdirSync('.fuzz-failures', { recursive: true }); fs.writeFileSync(`.fuzz-failures/${name}.bin`, b); console.log(`${name}: FAIL ${String(e)}`); }
    }
  }
  console.log(`${name}: ${RUNS} inputs, ${failures} failures, ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

await target('csv', () => (rnd() < 0.3 ? randomBytes(400) : mutate(rnd() < 0.5 ? SEEDS.csv : SEEDS.purchases, rnd)), fuzzCsv);
await target('vcard', () => (rnd() < 0.3 ? randomBytes(300) : mutate(SEEDS.vcard, rnd)), fuzzVcard);
await target('chunks', () => randomBytes(200), fuzzChunks);
const sf = await syncFileTarget();
await target('syncfile', () => mutate(sf.seed, rnd), sf.run);
