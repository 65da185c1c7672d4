import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launch } from './browser';
import { startApp } from './server';
import { createClient, onboard, rowNames } from './app';

let app: { url: string; close: () => Promise<void> };
let browser: Browser;
beforeAll(async () => { app = await startApp(); browser = await launch(); });
afterAll(async () => { await browser?.close(); await app?.close(); });

describe('storage failures and health', () => {
  it('says so in words when the disk is full, keeps the edit, and saves it on retry', async () => {
    const ctx = await browser.newContext({ locale: 'en-US' });
    const page = await ctx.newPage();
    await page.goto(app.url);
    await onboard(page, 'Quota');
    await page.evaluate(() => {
      const w = window as unknown as { __realAdd: typeof IDBObjectStore.prototype.add };
      w.__realAdd = IDBObjectStore.prototype.add;
      IDBObjectStore.prototype.add = function () { throw new DOMException('The quota has been exceeded.', 'QuotaExceededError'); };
    });
    await createClient(page, 'Pioneer Supplies');
    await page.getByRole('alert').filter({ hasText: 'The disk is full' }).waitFor();
    // Free space again, then retry: the whole state is written as one record.
    await page.evaluate(() => { IDBObjectStore.prototype.add = (window as unknown as { __realAdd: typeof IDBObjectStore.prototype.add }).__realAdd; });
    await page.getByRole('button', { name: 'Retry' }).click();
    await expect.poll(() => page.getByRole('alert').filter({ hasText: 'The disk is full' }).count()).toBe(0);
    await page.goto(app.url + '#/clients');
    await page.reload();
    await page.locator('.client-row').first().waitFor();
    expect(await rowNames(page)).toEqual(['Pioneer Supplies']);
    await ctx.close();
  });

  it('explains when IndexedDB is unavailable instead of pretending to save', async () => {
    const ctx = await browser.newContext({ locale: 'en-US' });
    await ctx.addInitScript(() => { Object.defineProperty(window, 'indexedDB', { get: () => undefined }); });
    const page = await ctx.newPage();
    await page.goto(app.url);
    await page.getByRole('alert').filter({ hasText: 'cannot store data' }).waitFor();
    expect(await page.getByRole('button', { name: /Load sample base/ }).count()).toBe(0);
    await ctx.close();
  });

  it('shows persistence and space used; persistent storage granted through CDP is reported', async () => {
    const ctx = await browser.newContext({ locale: 'en-US' });
    const page = await ctx.newPage();
    await page.goto(app.url);
    await onboard(page, 'Health');
    await page.getByRole('link', { name: 'Settings' }).click();
    await expect.poll(() => page.getByTestId('persisted').innerText()).toMatch(/may clear this base/);
    await expect.poll(() => page.getByTestId('usage').innerText()).toMatch(/^Used: .+ of .+ available$/);
    const cdp = await browser.newBrowserCDPSession();
    const pageCdp = await ctx.newCDPSession(page);
    const { targetInfo } = (await pageCdp.send('Target.getTargetInfo')) as { targetInfo: { browserContextId: string } };
    await cdp.send('Browser.setPermission', { origin: new URL(app.url).origin, permission: { name: 'persistent-storage' }, setting: 'granted', browserContextId: targetInfo.browserContextId });
    await page.getByRole('button', { name: 'Ask to keep the base permanently' }).click();
    await expect.poll(() => page.getByTestId('persisted').innerText()).toMatch(/keeps this base permanently/);
    await ctx.close();
  });
});
