import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { launch } from './browser';
import { startApp } from './server';
import { onboard } from './app';

let app: { url: string; close: () => Promise<void> };
let browser: Browser;

beforeAll(async () => { app = await startApp(); browser = await launch(); });
afterAll(async () => { await browser?.close(); await app?.close(); });

const kpi = async (page: Page, name: string): Promise<number> =>
  Number(await page.locator(`.kpi[data-kpi="${name}"] .k-value`).getAttribute('data-value'));

describe('analytics dashboard in real Chromium', () => {
  it('shows consistent KPIs on the sample base, drills into ABC×XYZ, exports CSV and creates tasks', async () => {
    const ctx = await browser.newContext({ locale: 'en-US', acceptDownloads: true, viewport: { width: 1280, height: 1000 } });
    const page = await ctx.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(app.url);
    await onboard(page, 'Dana', true);
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Dashboard' }).click();
    await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
    await page.locator('.kpi[data-kpi="revenue"] .k-value').waitFor({ timeout: 60_000 });

    const revenue = await kpi(page, 'revenue');
    const active = await kpi(page, 'active');
    const avgCheck = await kpi(page, 'avgCheck');
    const ltv = await kpi(page, 'ltv');
    const crr = await kpi(page, 'crr');
    expect(revenue).toBeGreaterThan(0);
    expect(active).toBeGreaterThan(0);
    expect(active).toBeLessThanOrEqual(500);
    expect(avgCheck).toBeGreaterThan(0);
    expect(avgCheck).toBeLessThan(revenue);
    expect(ltv).toBeGreaterThan(0);
    expect(crr).toBeGreaterThan(0);
    expect(crr).toBeLessThanOrEqual(100);

    // The nine ABC×XYZ cells hold exactly the active clients of the period.
    const cellLabels = await page.locator('a[aria-label^="A"], a[aria-label^="B"], a[aria-label^="C"]').evaluateAll((els) =>
      els.map((e) => e.getAttribute('aria-label') ?? '').filter((l) => /^[ABC][XYZ]: \d+ clients$/.test(l)));
    const counts = new Map(cellLabels.map((l) => [l.slice(0, 2), Number(/: (\d+)/.exec(l)![1])]));
    expect([...counts.values()].reduce((s, n) => s + n, 0)).toBe(active);

    // Drill into the largest cell.
    const [cell, n] = [...counts].sort((a, b) => b[1] - a[1])[0]!;
    await page.getByRole('link', { name: `${cell}: ${n} clients` }).click();
    await page.getByRole('heading', { level: 1, name: `ABC×XYZ cell ${cell}` }).waitFor();
    await expect.poll(() => page.locator('.count').innerText()).toBe(`${n} clients`);
    const firstRow = page.locator('.drill-row').first();
    expect(await firstRow.getAttribute('href')).toMatch(/^#\/clients\/cli_/);

    // Export its list: UTF-8 BOM, ',' for English, a header and one line per client.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
    const bytes = fs.readFileSync((await download.path())!);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString('utf8').trimEnd().split('\r\n');
    expect(lines[0]).toBe('Client,Id,Value,Details');
    expect(lines).toHaveLength(n + 1);
    expect(lines.slice(1).every((l) => /,cli_[^,]+,/.test(l))).toBe(true);

    // Next-contact tasks for the whole list; pressing again adds none (one per client and day).
    await page.getByLabel('About').fill('Offer the new catalogue');
    await page.getByRole('button', { name: 'Create next-contact tasks for all' }).click();
    await page.locator('.msg').waitFor();
    // The sample already plans some contacts for tomorrow: those clients are skipped, not doubled.
    const m = /Tasks created: (\d+); already planned for that day: (\d+)\./.exec(await page.locator('.msg').innerText());
    expect(m).not.toBeNull();
    expect(Number(m![1])).toBeGreaterThan(0);
    expect(Number(m![1]) + Number(m![2])).toBe(n);
    await page.getByRole('button', { name: 'Create next-contact tasks for all' }).click();
    await page.locator('.msg').filter({ hasText: `Tasks created: 0; already planned for that day: ${n}.` }).waitFor();

    // Rows link to the client card.
    await firstRow.click();
    await page.getByRole('heading', { level: 1 }).waitFor();
    expect(page.url()).toContain('#/clients/cli_');
    expect(errors).toEqual([]);
    await ctx.close();
  });
});

describe('analytics dashboard in Russian', () => {
  it('filters by segment, drills into an RFM cell and exports CSV with ";" and formula-safe cells', async () => {
    const ctx = await browser.newContext({ locale: 'ru-RU', acceptDownloads: true, viewport: { width: 1280, height: 1000 } });
    const page = await ctx.newPage();
    await page.goto(app.url);
    await page.getByLabel(/Ваше имя/).fill('Ольга');
    await page.getByRole('button', { name: /Загрузить демо-базу/ }).click();
    await page.getByRole('searchbox').waitFor();
    await page.goto(app.url + '#/dashboard');
    await page.getByRole('heading', { level: 1, name: 'Аналитика' }).waitFor();
    await page.locator('.kpi[data-kpi="revenue"] .k-value').waitFor({ timeout: 60_000 });
    const all = await kpi(page, 'active');
    const segment = page.getByRole('combobox', { name: 'Сегмент', exact: true });
    await segment.selectOption({ index: 1 });
    await expect.poll(() => kpi(page, 'active')).toBeLessThan(all);
    await page.waitForFunction(() => !document.querySelector('.dashboard[aria-busy="true"]'));
    // The RFM grid's most populated cell, by keyboard: focus the link and press Enter.
    const labels = await page.locator('a[aria-label^="R"]').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? '').filter((l) => /^R\d F\d: /.test(l)));
    const best = labels.sort((a, b) => Number(/(\d+)$/.exec(b)![1]) - Number(/(\d+)$/.exec(a)![1]))[0]!;
    const link = page.getByRole('link', { name: best, exact: true });
    await link.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: /Ячейка RFM/ }).waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Экспорт CSV' }).click()]);
    const text = fs.readFileSync((await download.path())!).toString('utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const rows = text.slice(1).trimEnd().split('\r\n');
    expect(rows[0]).toBe('Клиент;Идентификатор;Значение;Подробности');
    expect(rows.length - 1).toBe(Number(/(\d+)$/.exec(best)![1]));
    expect(rows.slice(1).every((r) => /^[^=+\-@]/.test(r))).toBe(true);
    await ctx.close();
  });
});
