import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { launch } from './browser';
import { serveCopy } from './static';
import { createClient, onboard, rowNames } from './app';

let app: Awaited<ReturnType<typeof serveCopy>>;
let browser: Browser;
beforeAll(async () => { app = await serveCopy(); browser = await launch(); });
afterAll(async () => { await browser?.close(); await app?.close(); });

describe('installable offline PWA', () => {
  it('has a valid web manifest with installable icons', async () => {
    const res = await fetch(app.url + 'manifest.webmanifest');
    expect(res.ok).toBe(true);
    const m = (await res.json()) as { name: string; start_url: string; display: string; icons: { src: string; sizes: string; purpose?: string }[] };
    expect(m.name).toBe('Kartoteka');
    expect(m.display).toBe('standalone');
    expect(m.start_url).toBeTruthy();
    const sizes = m.icons.map((i) => i.sizes);
    expect(sizes).toContain('192x192');
    expect(sizes).toContain('512x512');
    for (const icon of m.icons) {
      const r = await fetch(new URL(icon.src, app.url));
      expect(r.headers.get('content-type')).toBe('image/png');
      const bytes = new Uint8Array(await r.arrayBuffer());
      expect([...bytes.slice(1, 4)]).toEqual([0x50, 0x4e, 0x47]); // "PNG"
    }
    const html = await (await fetch(app.url)).text();
    expect(html).toMatch(/<link rel="manifest" href="\/?manifest\.webmanifest"/);
  });

  it('is controlled by the service worker and works offline after the first visit', async () => {
    const ctx = await browser.newContext({ locale: 'en-US' });
    const page = await ctx.newPage();
    await page.goto(app.url);
    await onboard(page, 'Offline');
    await createClient(page, 'Evergreen Retail');
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 30_000 });
    await ctx.setOffline(true);
    await page.reload();
    await page.goto(app.url + '#/clients');
    await page.locator('.client-row').first().waitFor();
    expect(await rowNames(page)).toEqual(['Evergreen Retail']);
    await expect.poll(() => page.locator('.net').innerText()).toBe('Offline');
    // Writing offline works too: nothing waits on a network.
    await createClient(page, 'Offline Client');
    await ctx.close();
  });

  it('offers "New version available — reload" when a new version is deployed', async () => {
    const ctx = await browser.newContext({ locale: 'en-US' });
    const page = await ctx.newPage();
    await page.goto(app.url);
    await onboard(page, 'Updater');
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 30_000 });
    // Deploy: a changed service worker script is a new version.
    fs.appendFileSync(path.join(app.dir, 'sw.js'), '\n// v2\n');
    await page.reload();
    await page.getByText('A new version of Kartoteka is available.').waitFor({ timeout: 30_000 });
    await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Reload' }).click()]);
    await page.getByRole('searchbox').waitFor();
    expect(await page.getByText('A new version of Kartoteka is available.').count()).toBe(0);
    await ctx.close();
  });
});
