#!/usr/bin/env node
// Alternating pairs (import bench): `node bench/ab.mjs <rev> [pairs]` runs `npm run bench import`
// with the working tree's src/, then with <rev>'s src/, back to back, `pairs` times, and prints
// one line of figures per run. On this VM the speed swings by up to 2× within an hour, so one run
// of each says little; pairs run minutes apart say more (docs/benchmarks.md, sixth and seventh
// sessions). src/ must have no uncommitted changes: it is checked out from <rev> and back.
import { execFileSync, spawnSync } from 'node:child_process';

const [rev, pairsArg] = process.argv.slice(2);
if (!rev) { console.error('usage: node bench/ab.mjs <rev> [pairs]'); process.exit(2); }
const git = (...args) => execFileSync('git', args, { encoding: 'utf8' }).trim();
if (git('status', '--porcelain', '--', 'src')) { console.error('src/ has uncommitted changes: commit or stash them first'); process.exit(2); }
const head = git('rev-parse', '--short', 'HEAD');
const base = git('rev-parse', '--short', rev);

const figure = (out, key) => [...out.matchAll(new RegExp(`"${key}": ([\\d.]+)`, 'g'))].map((m) => m[1]).join(' ');
function run(label) {
  const r = spawnSync('npm', ['run', 'bench', 'import'], { encoding: 'utf8' });
  const out = `${r.stdout}${r.stderr}`;
  console.log(`${label}  raw ${figure(out, 'parseS')} · review ${figure(out, 'review-shown')} · stored ${figure(out, 'pickToStoredS')} · ratio ${figure(out, 'ratioToRawPapaparse')} · longest task ${figure(out, 'longestMainThreadTaskMs')} ms · PSS ${figure(out, 'peakChromiumPssMB')} MB`);
}

try {
  for (let i = 0; i < Number(pairsArg ?? 3); i++) {
    run(`${head} (HEAD)`);
    git('checkout', rev, '--', 'src');
    try { run(`${base}`); } finally { restore(); }
  }
} finally {
  restore();
}

/** HEAD's src/ again; files only <rev> has (staged by its checkout) are unstaged and removed. */
function restore() {
  git('checkout', 'HEAD', '--', 'src');
  git('reset', '-q', '--', 'src');
  git('clean', '-fdq', '--', 'src');
}
