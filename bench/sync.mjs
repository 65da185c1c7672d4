// Sync benchmark (issue 7): first full sync of the big base between two fresh browser profiles
// over WebRTC on loopback (y-webrtc's signaling server), compared with raw data-channel
// throughput with back-pressure measured in the same run; then edit propagation A → B.
// Must run inside the loopback-only namespace (bench/run.mjs re-executes itself there).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { serve } from './lib/serve.mjs';
import { launchProfile, median, pct } from './lib/browser.mjs';

const out = path.resolve(import.meta.dirname, '../.bench-out');
const clients = Number(process.env.CLIENTS ?? 20_000);
const lines = Number(process.env.LINES ?? 1_000_000);
const edits = Number(process.env.EDITS ?? 50);

async function rawThroughput(page) {
  return page.evaluate(async () => {
    const a = new RTCPeerConnection(), b = new RTCPeerConnection();
    a.onicecandidate = (e) => e.candidate && b.addIceCandidate(e.candidate);
    b.onicecandidate = (e) => e.candidate && a.addIceCandidate(e.candidate);
    const ch = a.createDataChannel('x', { ordered: true });
    const got = new Promise((res) => { b.ondatachannel = (e) => { let n = 0; const t0 = performance.now(); e.channel.onmessage = (m) => { n += m.data.byteLength ?? m.data.size; if (n >= 50 * 2 ** 20) res((n / 2 ** 20) / ((performance.now() - t0) / 1000)); }; }; });
    await a.setLocalDescription(); await b.setRemoteDescription(a.localDescription); await b.setLocalDescription(); await a.setRemoteDescription(b.localDescription);
    await new Promise((r) => { ch.onopen = r; });
    const frame = new Uint8Array(64 * 1024);
    ch.bufferedAmountLowThreshold = 1 << 20;
    for (let sent = 0; sent < 50 * 2 ** 20; sent += frame.length) {
      if (ch.bufferedAmount > 4 << 20) await new Promise((r) => { ch.onbufferedamountlow = r; });
      ch.send(frame);
    }
    const mibs = await got;
    a.close(); b.close();
    return mibs;
  });
}

export async function syncBench() {
  if (process.env.KARTOTEKA_LOOPBACK_ONLY !== '1') return { skipped: 'needs the loopback-only namespace (run as root)' };
  const server = await serve(out);
  const port = 4500 + Math.floor(Math.random() * 1000);
  const sig = spawn(process.execPath, [path.resolve(import.meta.dirname, '../node_modules/y-webrtc/bin/server.js')], { env: { ...process.env, PORT: String(port) }, stdio: 'ignore' });
  await new Promise((r) => setTimeout(r, 500));
  const dirA = fs.mkdtempSync(path.join(os.tmpdir(), 'kb-a-')), dirB = fs.mkdtempSync(path.join(os.tmpdir(), 'kb-b-'));
  const results = { clients, lines };
  try {
    const A = await launchProfile(dirA);
    await A.grantPermissions(['microphone']);
    const pa = A.pages()[0] ?? (await A.newPage());
    await pa.goto(`${server.url}bench/pages/seed.html?clients=${clients}&lines=${lines}`);
    await pa.waitForFunction(() => window.seedResult, null, { timeout: 600_000 });
    results.docMB = +((await pa.evaluate(() => window.seedResult.docBytes)) / 1e6).toFixed(1);
    results.rawDataChannelMiBs = +(await rawThroughput(pa)).toFixed(1);
    // The edit's moment is the submit event the click dispatches (its timeStamp), not the start of
    // Playwright's click, which adds ~40 ms of actionability checks and protocol round trips.
    await pa.addInitScript(() => addEventListener('submit', (e) => { window.__submitAt = performance.timeOrigin + e.timeStamp; }, true));
    await pa.goto(`${server.url}#/sync`);
    await pa.getByRole('button', { name: 'Create a team' }).click();
    await pa.getByLabel(/Addresses of y-webrtc signaling servers/).fill(`ws://127.0.0.1:${port}`);
    await pa.getByRole('button', { name: 'Save signaling servers' }).click();
    const link = await pa.getByTestId('invite-link').inputValue();

    const B = await launchProfile(dirB);
    await B.grantPermissions(['microphone']);
    const pb = B.pages()[0] ?? (await B.newPage());
    await pb.goto(server.url);
    await pb.getByLabel('Your name').fill('Receiver');
    await pb.getByRole('button', { name: 'Start with an empty base' }).click();
    await pb.goto(link);
    const t0 = Date.now();
    await pb.getByRole('button', { name: 'Join the team' }).click();
    await pb.goto(`${server.url}#/clients`);
    await pb.waitForFunction((n) => document.querySelector('.count')?.textContent?.replace(/\D/g, '') === String(n), clients, { timeout: 300_000, polling: 200 });
    results.firstSyncS = +((Date.now() - t0) / 1000).toFixed(1);
    results.effectiveMiBs = +(results.docMB * 1e6 / 2 ** 20 / results.firstSyncS).toFixed(1);

    // Edit propagation: A creates a client, B's list (filtered) shows it.
    await pb.getByRole('searchbox').fill('propagation');
    const lat = [], viaClick = [];
    for (let i = 0; i < edits; i++) {
      // Each new name sorts first, so it lands in the visible rows of B's virtualised list.
      const name = `propagation ${999 - i}`;
      const seen = pb.waitForFunction((nm) => [...document.querySelectorAll('.client-row .name')].some((e) => e.textContent?.includes(nm)) && performance.timeOrigin + performance.now(), name, { polling: 'raf', timeout: 30_000 });
      await pa.goto(`${server.url}#/clients/new`);
      await pa.getByLabel('Name', { exact: true }).fill(name);
      const sent = await pa.evaluate(() => Date.now());
      await pa.getByRole('button', { name: 'Create' }).click();
      const at = await (await seen).jsonValue();
      viaClick.push(at - sent);
      lat.push(Math.round(at - (await pa.evaluate(() => window.__submitAt))));
    }
    results.editPropagationMs = { median: median(lat), p95: pct(lat, 0.95), max: Math.max(...lat), edits: lat.length };
    results.editPropagationFromClickCallMs = { median: median(viaClick), p95: pct(viaClick, 0.95) };
    await A.close(); await B.close();
  } catch (e) {
    console.error(e);
    throw e;
  } finally {
    sig.kill();
    await server.close();
    for (const d of [dirA, dirB]) fs.rmSync(d, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
  }
  return results;
}
