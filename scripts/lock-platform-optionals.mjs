#!/usr/bin/env node
// The package registry this project installs from serves only the linux builds of rollup's
// platform packages, so `npm install` leaves the others out of package-lock.json — and `npm ci`
// then refuses the lock ("Missing: @rollup/rollup-darwin-x64 from lock file"). This adds the
// missing optional entries with their os/cpu/libc, which npm skips on a non-matching machine.
// Run after any `npm install` that rewrites the lock: `node scripts/lock-platform-optionals.mjs`.
import fs from 'node:fs';

const file = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(fs.readFileSync(file, 'utf8'));
const pk = lock.packages;
const rollup = pk['node_modules/rollup'];
let added = 0;
for (const dep of Object.keys(rollup?.optionalDependencies ?? {})) {
  const key = `node_modules/${dep}`;
  if (pk[key]) continue;
  const [os, cpu, ...rest] = dep.split('rollup-')[1].split('-');
  const tail = rest.join('-');
  const libc = os === 'linux' ? (tail.includes('musl') ? 'musl' : tail.includes('gnu') ? 'glibc' : null) : null;
  pk[key] = { cpu: [cpu], dev: true, ...(libc ? { libc: [libc] } : {}), license: 'MIT', optional: true, os: [os], version: rollup.version };
  added++;
}
lock.packages = Object.fromEntries(Object.entries(pk).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a < b ? -1 : 1)));
fs.writeFileSync(file, JSON.stringify(lock, null, 2) + '\n');
console.log(`added ${added} platform entries`);
