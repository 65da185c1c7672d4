import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launch, launchProfile, tempProfile } from './browser';
import { startApp } from './server';
import { createClient, onboard, rowNames, unnamedControls } from './app';

let app: { url: string; close: () => Promise<void> };
let browser: Browser;

beforeAll(async () => { app = await startApp(); browser = await launch(); });
afterAll(async () => { await browser?.close(); await app?.close(); });

describe('foundation in real Chromium', () => {
  it('creates a client that survives a reload', async () => {
    const ctx = await browser.newContext({ locale: 'en-US' });
    const page = await ctx.newPage();
    await page.goto(app.url);
    await onboard(page, 'Anna');
    await createClient(page, 'Вектор Трейд', '+7 916 123-45-67', 'info@vector.example');
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Вектор Трейд' }).waitFor();
    await page.goto(app.url + '#/clients');
    expect(await rowNames(page)).toEqual(['Вектор Трейд']);
    await ctx.close();
  });

  it('keeps the base when the browser is closed and started again on the same profile', async () => {
    const dir = tempProfile();
    let ctx = await launchProfile(dir);
    let page = ctx.pages()[0] ?? (await ctx.newPage());
    await page.goto(app.url);
    await onboard(page, 'Igor');
    await createClient(page, 'Northwind Trading');
    // Edit a field: autosaved on change.
    await page.getByLabel('Segment', { exact: true }).fill('Опт');
    await page.getByLabel('Segment', { exact: true }).press('Tab');
    await ctx.close();
    ctx = await launchProfile(dir);
    page = ctx.pages()[0] ?? (await ctx.newPage());
    await page.goto(app.url + '#/clients');
    await page.locator('.client-row').first().waitFor();
    expect(await rowNames(page)).toEqual(['Northwind Trading']);
    await page.locator('.client-row').first().click();
    await expect.poll(() => page.getByLabel('Segment', { exact: true }).inputValue()).toBe('Опт');
    await ctx.close();
  });

  it('finds a client by phone typed in another format and tells namesakes apart', async () => {
    const ctx = await browser.newContext({ locale: 'en-US' });
    const page = await ctx.newPage();
    await page.goto(app.url);
    await onboard(page);
    await createClient(page, 'Иван Петров', '+79161234567');
    await page.goto(app.url + '#/clients');
    await createClient(page, 'Иван Петров', '+79035550011');
    await page.goto(app.url + '#/clients');
    await createClient(page, 'Олег Смирнов', '+38970123456');
    await page.goto(app.url + '#/clients');
    const search = page.getByRole('searchbox');
    await search.fill('8 (916) 123-45-67');
    await expect.poll(() => rowNames(page)).toEqual([expect.stringContaining('Иван Петров')]);
    await search.fill('070 123 456');
    await expect.poll(() => rowNames(page)).toEqual(['Олег Смирнов']);
    await search.fill('петров');
    const names = await rowNames(page);
    expect(names).toHaveLength(2);
    // Same name twice: each row says what tells it apart (here the phone).
    expect(names.some((n) => n.includes('+79161234567'))).toBe(true);
    expect(names.some((n) => n.includes('+79035550011'))).toBe(true);
    await ctx.close();
  });

  it('deletes with undo', async () => {
    const ctx = await browser.newContext({ locale: 'en-US' });
    const page = await ctx.newPage();
    await page.goto(app.url);
    await onboard(page);
    await createClient(page, 'Harbor Foods');
    await page.getByRole('button', { name: 'Delete client' }).click();
    await page.getByRole('status').filter({ hasText: 'deleted' }).waitFor();
    expect(await rowNames(page)).toEqual([]);
    await page.getByRole('button', { name: 'Undo' }).click();
    await page.getByRole('heading', { level: 1, name: 'Harbor Foods' }).waitFor();
    await ctx.close();
  });

  it('loads the sample base and scrolls a virtualised list', async () => {
    const ctx = await browser.newContext({ locale: 'en-US' });
    const page = await ctx.newPage();
    await page.goto(app.url);
    await onboard(page, 'Demo', true);
    await expect.poll(() => page.locator('.count').innerText()).toMatch(/^500 clients$/);
    const rendered = await page.locator('.client-row').count();
    expect(rendered).toBeGreaterThan(5);
    expect(rendered).toBeLessThan(100); // virtualised: not 500 rows in the DOM
    await page.locator('.vlist').evaluate((el) => { el.scrollTop = el.scrollHeight; });
    await expect.poll(() => page.locator('.client-row').last().isVisible()).toBe(true);
    await page.locator('.client-row').first().click();
    await expect.poll(() => page.locator('table.purchases tr').count()).toBeGreaterThan(0);
    await ctx.close();
  });

  it('switches language and persists the choice', async () => {
    const ctx = await browser.newContext({ locale: 'en-US' });
    const page = await ctx.newPage();
    await page.goto(app.url);
    await onboard(page);
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByLabel('Language').selectOption('ru');
    await page.getByRole('heading', { name: 'Настройки' }).waitFor();
    await page.reload();
    await page.getByRole('link', { name: 'Клиенты', exact: true }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('ru');
    await page.getByLabel('Язык').selectOption('mk');
    await page.getByRole('link', { name: 'Клиенти', exact: true }).waitFor();
    await ctx.close();
  });

  it('follows the browser language on first run', async () => {
    const ctx = await browser.newContext({ locale: 'ru-RU' });
    const page = await ctx.newPage();
    await page.goto(app.url);
    await page.getByRole('heading', { name: 'Добро пожаловать в Картотеку' }).waitFor();
    await ctx.close();
  });

  it('every control has an accessible name', async () => {
    const ctx = await browser.newContext({ locale: 'en-US' });
    const page = await ctx.newPage();
    await page.goto(app.url);
    await onboard(page, 'A11y', true);
    for (const hash of ['#/clients', '#/settings', '#/clients/new']) {
      await page.goto(app.url + hash);
      await page.locator('main').waitFor();
      const unnamed = await unnamedControls(page);
      expect(unnamed, hash).toEqual([]);
    }
    await page.locator('.client-row').first().click().catch(() => undefined);
    await ctx.close();
  });
});
