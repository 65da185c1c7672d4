import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launch } from './browser';
import { startApp } from './server';
import { createClient, onboard } from './app';

let app: { url: string; close: () => Promise<void> };
let browser: Browser;
beforeAll(async () => { app = await startApp(); browser = await launch(); });
afterAll(async () => { await browser?.close(); await app?.close(); });

const PAYLOADS = [
  '<img src=x onerror="window.__xss=1">',
  '<script>window.__xss=2</script>',
  '"><svg onload="window.__xss=3">',
  "javascript:window.__xss=4",
  "'; window.__xss=5; '",
];

describe('hostile text in every field never executes', () => {
  it('stores and shows script and HTML payloads as plain text', async () => {
    const ctx = await browser.newContext({ locale: 'en-US' });
    const page = await ctx.newPage();
    let dialogs = 0;
    page.on('dialog', (d) => { dialogs++; void d.dismiss(); });
    const violations: string[] = [];
    page.on('console', (m) => { if (/Content Security Policy/i.test(m.text())) violations.push(m.text()); });
    await page.goto(app.url);
    await onboard(page, PAYLOADS[0]!);
    // Custom field definitions are user text too.
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByLabel('Field name').fill(PAYLOADS[1]!);
    await page.getByRole('button', { name: 'Add field' }).click();
    for (const [i, p] of PAYLOADS.entries()) {
      await createClient(page, `${p} #${i}`);
      const set = async (label: string, value: string) => { const f = page.getByLabel(label, { exact: true }).first(); await f.fill(value); await f.press('Tab'); };
      await set('Segment', p);
      await set('Notes', p);
      await set('Website', p);
      await set(PAYLOADS[1]!, p);
      await page.getByLabel('Add tag').fill(p);
      await page.getByLabel('Add tag').press('Enter');
      await page.getByRole('button', { name: 'Add contact person' }).click();
      await set('Contact name', p);
      await set('Role', p);
      await page.getByRole('button', { name: 'Add address' }).click();
      await set('City', p);
      await page.reload();
      await page.getByRole('heading', { level: 1 }).waitFor();
      expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe(`${p} #${i}`);
    }
    await page.goto(app.url + '#/clients');
    await page.getByRole('searchbox').fill('script');
    await page.locator('.client-row').first().waitFor();
    for (const hash of ['#/clients', '#/settings', '#/sync']) { await page.goto(app.url + hash); await page.locator('main').waitFor(); }
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect(await page.locator('main img[src=x], main svg[onload]').count()).toBe(0);
    expect(dialogs).toBe(0);
    expect(violations).toEqual([]);
    await ctx.close();
  });

  it('serves a strict Content-Security-Policy without inline scripts', async () => {
    const html = await (await fetch(app.url)).text();
    const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1] ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).toMatch(/connect-src 'self' ws: wss:/);
    expect(/<script(?![^>]*\bsrc=)[^>]*>/i.test(html)).toBe(false); // no inline script blocks
  });
});
