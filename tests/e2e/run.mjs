#!/usr/bin/env node
// Runs the Playwright end-to-end suite (vitest as the runner) against the built app.
// Where root allows it, the whole run happens in a fresh network namespace that has only the
// loopback interface: WebRTC's ICE then cannot wander onto eth0, and servers that bind all
// interfaces (y-webrtc's signaling server) are reachable only from inside. Elsewhere it runs
// as is, with a notice.
import { spawnSync } from 'node:child_process';

const args = ['vitest', 'run', '-c', 'tests/e2e/vitest.config.ts', '--reporter=default', '--reporter=json', '--outputFile.json=test-results/e2e.json', ...process.argv.slice(2)];

function inNamespace() {
  return process.env.KARTOTEKA_LOOPBACK_ONLY === '1';
}

function canUnshare() {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return false;
  const probe = spawnSync('unshare', ['--net', '--', 'true'], { stdio: 'ignore' });
  return probe.status === 0;
}

let result;
if (!inNamespace() && canUnshare()) {
  result = spawnSync('unshare', ['--net', '--', 'bash', '-c', 'ip link set lo up && exec "$@"', 'loopback-only', 'npx', ...args], {
    stdio: 'inherit',
    env: { ...process.env, KARTOTEKA_LOOPBACK_ONLY: '1' },
  });
} else {
  if (!inNamespace()) console.warn('[e2e] not root or no unshare: running without a loopback-only network namespace; WebRTC tests may be skipped.');
  result = spawnSync('npx', args, { stdio: 'inherit' });
}
process.exit(result.status ?? 1);
