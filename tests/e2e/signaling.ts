import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import net from 'node:net';

/** Starts y-webrtc's own signaling server (it binds all interfaces: only inside the loopback-only namespace). */
export async function startSignaling(): Promise<{ url: string; stop: () => void }> {
  const port = await new Promise<number>((res) => { const s = net.createServer(); s.listen(0, '127.0.0.1', () => { const p = (s.address() as net.AddressInfo).port; s.close(() => res(p)); }); });
  const server = path.resolve(import.meta.dirname, '../../node_modules/y-webrtc/bin/server.js');
  const child: ChildProcess = spawn(process.execPath, [server], { env: { ...process.env, PORT: String(port), HOST: '127.0.0.1' }, stdio: 'ignore' });
  for (let i = 0; i < 100; i++) {
    const up = await new Promise<boolean>((res) => { const c = net.connect(port, '127.0.0.1', () => { c.end(); res(true); }); c.on('error', () => res(false)); });
    if (up) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url: `ws://127.0.0.1:${port}`, stop: () => child.kill() };
}

/** WebRTC tests need the loopback-only namespace (tests/e2e/run.mjs makes one when root allows). */
export const inLoopbackNamespace = process.env.KARTOTEKA_LOOPBACK_ONLY === '1';
