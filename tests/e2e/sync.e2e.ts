import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import fs from 'node:fs';
import { launch } from './browser';
import { startApp } from './server';
import { startSignaling, inLoopbackNamespace } from './signaling';
import { createClient, onboard, rowNames } from './app';

if (!inLoopbackNamespace) console.warn('[sync e2e] skipped: needs the loopback-only network namespace (run `npm run test:e2e` as root)');

let app: { url: string; close: () => Promise<void> };
let browser: Browser;
beforeAll(async () => { app = await startApp(); browser = await launch(); });
afterAll(async () => { await browser?.close(); await app?.close(); });

/** A laptop: its own storage, microphone granted (Chromium then gathers loopback ICE candidates). */
async function laptop(name: string): Promise<{ ctx: BrowserContext; page: Page }> {
  const ctx = await browser.newContext({ locale: 'en-US', acceptDownloads: true });
  await ctx.grantPermissions(['microphone']);
  const page = await ctx.newPage();
  await page.goto(app.url);
  await onboard(page, name);
  return { ctx, page };
}

async function createTeam(page: Page, signalingUrl: string): Promise<string> {
  await page.goto(app.url + '#/sync');
  await page.getByRole('button', { name: 'Create a team' }).click();
  if (signalingUrl) {
    await page.getByLabel(/Addresses of y-webrtc signaling servers/).fill(signalingUrl);
    await page.getByRole('button', { name: 'Save signaling servers' }).click();
  }
  return page.getByTestId('invite-link').inputValue();
}

async function waitPeers(page: Page, n: number): Promise<void> {
  await page.goto(app.url + '#/sync');
  await expect.poll(() => page.getByTestId('sync-status').innerText(), { timeout: 30_000 }).toContain(`Laptops connected: ${n}`);
}

async function clientNames(page: Page): Promise<string[]> {
  await page.goto(app.url + '#/clients');
  return (await rowNames(page)).sort();
}

describe.skipIf(!inLoopbackNamespace)('team sync between two laptops (WebRTC over loopback)', () => {
  it('syncs edits, merges offline edits after reconnect, and gives a wrong key nothing', async () => {
    const sig = await startSignaling();
    try {
      const a = await laptop('Anna');
      await createClient(a.page, 'Alpha Trading');
      const link = await createTeam(a.page, sig.url);
      const b = await laptop('Boris');
      await b.page.goto(link);
      await b.page.getByRole('button', { name: 'Join the team' }).click();
      await waitPeers(b.page, 1);
      await expect.poll(() => clientNames(b.page), { timeout: 30_000 }).toEqual(['Alpha Trading']);
      // Edit on A appears on B.
      await createClient(a.page, 'Beta Foods');
      await expect.poll(() => clientNames(b.page), { timeout: 30_000 }).toEqual(['Alpha Trading', 'Beta Foods']);

      // Both go offline (disconnect), both edit, both reconnect: nothing lost.
      for (const p of [a.page, b.page]) { await p.goto(app.url + '#/sync'); await p.getByRole('button', { name: 'Disconnect' }).click(); }
      await createClient(a.page, 'Gamma (made on A offline)');
      await createClient(b.page, 'Delta (made on B offline)');
      for (const p of [a.page, b.page]) { await p.goto(app.url + '#/sync'); await p.getByRole('button', { name: 'Connect', exact: true }).click(); }
      const all = ['Alpha Trading', 'Beta Foods', 'Delta (made on B offline)', 'Gamma (made on A offline)'];
      await expect.poll(() => clientNames(a.page), { timeout: 30_000 }).toEqual(all);
      await expect.poll(() => clientNames(b.page), { timeout: 30_000 }).toEqual(all);

      // A third laptop with another team's key, on the same signaling server: receives nothing.
      const c = await laptop('Mallory');
      await createTeam(c.page, sig.url);
      await createClient(a.page, 'Epsilon after Mallory');
      await expect.poll(() => clientNames(b.page), { timeout: 30_000 }).toContain('Epsilon after Mallory');
      expect(await clientNames(c.page)).toEqual([]);
      for (const x of [a, b, c]) await x.ctx.close();
    } finally { sig.stop(); }
  });

  it('completes the first sync of a base over 5 MB (frames under the data-channel limit)', async () => {
    const sig = await startSignaling();
    try {
      const ctx = await browser.newContext({ locale: 'en-US' });
      await ctx.grantPermissions(['microphone']);
      const pa = await ctx.newPage();
      await pa.goto(app.url);
      await pa.getByLabel('Your name').fill('Anna');
      await pa.getByLabel('Demo base size').selectOption('medium'); // 5 000 clients, 250 000 purchase lines
      await pa.getByRole('button', { name: 'Load sample base' }).click();
      await pa.locator('.client-row').first().waitFor({ timeout: 60_000 });
      const link = await createTeam(pa, sig.url);
      const b = await laptop('Boris');
      await b.page.goto(link);
      await b.page.getByRole('button', { name: 'Join the team' }).click();
      await b.page.goto(app.url + '#/clients');
      await expect.poll(() => b.page.locator('.count').innerText(), { timeout: 90_000 }).toBe('5,000 clients');
      // The purchases came too: a client's card shows its history.
      await b.page.locator('.client-row').first().click();
      await expect.poll(() => b.page.locator('table.purchases tr').count(), { timeout: 30_000 }).toBeGreaterThan(0);
      await ctx.close(); await b.ctx.close();
    } finally { sig.stop(); }
  });

  it('pairs in person with no signaling server, by passing the codes', async () => {
    const a = await laptop('Anna');
    await createClient(a.page, 'Offline Pair Client');
    const link = await createTeam(a.page, '');
    const b = await laptop('Boris');
    await b.page.goto(link);
    await b.page.getByRole('button', { name: 'Join the team' }).click();
    await b.page.getByRole('button', { name: 'Disconnect' }).click().catch(() => undefined);
    await a.page.getByRole('button', { name: 'Show my code' }).click();
    const offer = await a.page.getByTestId('pair-code').inputValue();
    expect(offer.length).toBeLessThan(200); // fits an easy QR code
    await b.page.getByLabel('Code from the other laptop').fill(offer);
    await b.page.getByRole('button', { name: 'Use this code' }).click();
    await expect.poll(() => b.page.getByTestId('pair-code').inputValue(), { timeout: 20_000 }).toMatch(/\S/);
    const answer = await b.page.getByTestId('pair-code').inputValue();
    await a.page.getByLabel('Answer from the other laptop').fill(answer);
    await a.page.getByRole('button', { name: 'Connect', exact: true }).last().click();
    await expect.poll(() => a.page.getByTestId('pair-msg').innerText(), { timeout: 20_000 }).toContain('Connected directly');
    await expect.poll(() => clientNames(b.page), { timeout: 30_000 }).toEqual(['Offline Pair Client']);
    await a.ctx.close(); await b.ctx.close();
  });
});

describe('sync file', () => {
  it('round-trips through an encrypted file and refuses a wrong key', async () => {
    const a = await laptop('Anna');
    await createClient(a.page, 'File Client');
    const link = await createTeam(a.page, '');
    const [download] = await Promise.all([a.page.waitForEvent('download'), a.page.getByRole('button', { name: 'Save sync file' }).click()]);
    const file = await download.path();
    const bytes = fs.readFileSync(file);
    expect(bytes.includes(Buffer.from('File Client'))).toBe(false); // encrypted
    const b = await laptop('Boris');
    await b.page.goto(link);
    await b.page.getByRole('button', { name: 'Join the team' }).click();
    await b.page.locator('input[type=file]').setInputFiles({ name: 'base.ktsync', mimeType: 'application/octet-stream', buffer: bytes });
    await expect.poll(() => b.page.getByTestId('file-msg').innerText()).toBe('Sync file merged.');
    expect(await clientNames(b.page)).toEqual(['File Client']);
    // Another team's laptop gets a clear refusal and no data.
    const c = await laptop('Mallory');
    await createTeam(c.page, '');
    await c.page.locator('input[type=file]').setInputFiles({ name: 'base.ktsync', mimeType: 'application/octet-stream', buffer: bytes });
    await expect.poll(() => c.page.getByTestId('file-msg').innerText()).toBe('This sync file belongs to another team.');
    expect(await clientNames(c.page)).toEqual([]);
    for (const x of [a, b, c]) await x.ctx.close();
  });
});
