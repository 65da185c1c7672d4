import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launch } from './browser';
import { startApp } from './server';
import { cp1251, onboard } from './app';

// The import wizard's audit findings (saved date order, cancel, unterminated quote, encoding
// override, page-wide drop, plurals), each driven the way a person meets it.

let app: { url: string; close: () => Promise<void> };
let browser: Browser;

beforeAll(async () => { app = await startApp(); browser = await launch(); });
afterAll(async () => { await browser?.close(); await app?.close(); });

async function openImport(name: string, locale = 'en-US'): Promise<{ ctx: BrowserContext; page: Page }> {
  const ctx = await browser.newContext({ locale });
  const page = await ctx.newPage();
  await page.goto(app.url);
  await onboard(page, name);
  await page.goto(app.url + '#/import');
  await page.getByRole('heading', { level: 1, name: 'Import and export' }).waitFor();
  return { ctx, page };
}

async function chooseFile(page: Page, name: string, buffer: Buffer): Promise<void> {
  await page.getByLabel('Choose a CSV file').setInputFiles({ name, mimeType: 'text/csv', buffer }, { timeout: 90_000 });
  await page.getByRole('table', { name: 'Column mapping' }).waitFor();
}

const check = (page: Page) => page.getByRole('button', { name: /Check the file/ }).click();
const review = (page: Page) => page.getByRole('heading', { name: 'What the import will do' }).waitFor({ timeout: 60_000 });
const importButton = (page: Page) => page.getByRole('button', { name: /^Import \(\d+\)$/ });
const dateGroup = (page: Page) => page.getByRole('group', { name: /can be read two ways/ });
const startOver = (page: Page) => page.getByRole('button', { name: 'Start over with another file' }).click();

/** Undo from the history; an undo that removes clients asks first (BatchHistory.svelte). */
async function undo(page: Page, name: string): Promise<void> {
  await page.getByRole('button', { name: `Undo the import of ${name}` }).click();
  const status = page.getByRole('status').filter({ hasText: `Import of “${name}” undone` });
  const ok = page.getByRole('dialog').getByRole('button', { name: 'Undo the import', exact: true });
  await Promise.race([status.waitFor(), ok.waitFor()]);
  if (await ok.isVisible()) await ok.click();
  await status.waitFor();
}

async function importNow(page: Page): Promise<void> {
  await importButton(page).click();
  await page.getByRole('status').filter({ hasText: 'Imported:' }).waitFor();
}

describe('import wizard audit', () => {
  it('shows the date order a saved mapping decided, lets it be changed, and saves the change', async () => {
    const { ctx, page } = await openImport('Dana');
    const file = Buffer.from('Date,Customer,Amount\r\n05/01/2024,Alpha,10\r\n06/02/2024,Beta,20\r\n');
    await chooseFile(page, 'dates.csv', file);
    await check(page);
    await dateGroup(page).waitFor();
    await page.getByRole('radio', { name: /Month first/ }).check(); // the mistake
    await check(page);
    await review(page);
    await importNow(page);
    await undo(page, 'dates.csv');
    await startOver(page);

    // The same file again: the saved order is shown, chosen, and can be changed.
    await chooseFile(page, 'dates.csv', file);
    await page.getByRole('status').filter({ hasText: 'The mapping saved for files with these columns has been applied.' }).waitFor();
    await dateGroup(page).waitFor();
    expect(await page.getByRole('radio', { name: /Month first/ }).isChecked()).toBe(true);
    // Re-mapping a column does not hide it.
    const amount = page.getByLabel('Field for column Amount');
    const amountField = await amount.inputValue();
    await amount.selectOption('');
    await amount.selectOption(amountField);
    await dateGroup(page).waitFor();
    await page.getByRole('radio', { name: /Day first/ }).check();
    await check(page);
    await review(page);
    await importNow(page);
    await startOver(page);
    // The change went into the saved mapping.
    await chooseFile(page, 'dates.csv', file);
    await dateGroup(page).waitFor();
    expect(await page.getByRole('radio', { name: /Day first/ }).isChecked()).toBe(true);
    expect(await page.getByRole('radio', { name: /Month first/ }).isChecked()).toBe(false);
    await ctx.close();
  });

  it('does not dry-run the file again in the background after Cancel, until "Check the file"', async () => {
    const { ctx, page } = await openImport('Egor');
    // Counts the import workers started: a background dry run of ~20 MB may start and end between two looks.
    await page.evaluate(() => {
      const W = window.Worker;
      const w = window as unknown as { importWorkersStarted: number };
      w.importWorkersStarted = 0;
      window.Worker = class extends W {
        constructor(url: string | URL, opts?: WorkerOptions) { super(url, opts); if (String(url).includes('import')) w.importWorkersStarted++; }
      };
    });
    const started = () => page.evaluate(() => (window as unknown as { importWorkersStarted: number }).importWorkersStarted);
    const planned = () => page.evaluate(() => performance.getEntriesByName('kartoteka:import-planned').length);
    // ~40 MB: big enough to be read ahead (from 1 MB) and to take seconds to check, so Cancel is
    // still there to click (with 20 MB and a second's wait the check sometimes ended first).
    const parts = ['Customer ID;Date;Sales\n'];
    for (let i = 0; i < 1_600_000; i++) parts.push(`C${i % 5000};${String((i % 28) + 1).padStart(2, '0')}.03.2024;${i % 1000},5\n`);
    const importWorkers = () => page.workers().filter((w) => w.url().includes('import')).length;
    await chooseFile(page, 'big-purchases.csv', Buffer.from(parts.join('')));
    await check(page);
    await page.getByRole('progressbar', { name: 'Reading progress' }).waitFor();
    const startedAtCancel = await started();
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('alert').filter({ hasText: 'Cancelled. Nothing was changed.' }).waitFor();
    // Every import worker is ended and none starts again while the mapping is shown.
    await expect.poll(importWorkers, { timeout: 5_000 }).toBe(0);
    await page.waitForTimeout(6000);
    expect(importWorkers()).toBe(0);
    expect(await started()).toBe(startedAtCancel);
    expect(await planned()).toBe(0);
    expect(await page.getByRole('alert').filter({ hasText: 'Cancelled. Nothing was changed.' }).count()).toBe(1);
    // "Check the file" starts afresh.
    await check(page);
    await page.getByRole('progressbar', { name: 'Reading progress' }).waitFor();
    expect(await started()).toBeGreaterThan(startedAtCancel);
    await page.getByRole('button', { name: 'Cancel' }).click();
    await ctx.close();
  }, 120_000);

  it('does not offer the rows before an unterminated quote', async () => {
    const { ctx, page } = await openImport('Fedor');
    await chooseFile(page, 'quote.csv', Buffer.from('Name;Email;City\r\nAlpha;a@x.ru;Moscow\r\nBeta;"b@x.ru;Tver\r\nGamma;g@x.ru;Omsk\r\nDelta;d@x.ru;Kazan\r\n'));
    await check(page);
    await review(page);
    await page.getByRole('alert').filter({ hasText: 'quote that is never closed' }).waitFor();
    expect(await page.getByRole('checkbox', { name: /Import only the valid rows/ }).count()).toBe(0);
    expect(await importButton(page).isDisabled()).toBe(true);
    await ctx.close();
  });

  it('says an encoding was chosen, not detected, and keeps the columns mapped by hand across re-reads', async () => {
    const { ctx, page } = await openImport('Galina');
    await chooseFile(page, 'clients.csv', cp1251('Код;Наименование;Город\r\nК-1;Ромашка;Москва\r\nК-2;Вектор;Тверь\r\n'));
    const wizard = page.locator('.wizard');
    await expect.poll(() => wizard.innerText()).toContain('Detected encoding: windows-1251');
    const city = page.getByLabel('Field for column Город');
    await city.selectOption('notes');

    await page.getByLabel('Encoding').selectOption('ibm866');
    await expect.poll(() => wizard.innerText()).toContain('Encoding: ibm866 (chosen by you)');
    const text = await wizard.innerText();
    expect(text).not.toContain('Detected encoding: ibm866');
    expect(text).toMatch(/Detected: windows-1251/);
    await page.getByLabel('Encoding').selectOption('windows-1251');
    await expect.poll(() => wizard.innerText()).toContain('Detected encoding: windows-1251');
    expect(await city.inputValue()).toBe('notes');

    await page.getByLabel('Delimiter').selectOption(',');
    await expect.poll(() => page.getByLabel('Field for column Город').count()).toBe(0);
    await page.getByLabel('Delimiter').selectOption(';');
    await city.waitFor();
    expect(await city.inputValue()).toBe('notes');

    await page.getByRole('checkbox', { name: 'First row is a header' }).uncheck();
    await expect.poll(() => page.getByLabel('Field for column Город').count()).toBe(0);
    await page.getByRole('checkbox', { name: 'First row is a header' }).check();
    await city.waitFor();
    expect(await city.inputValue()).toBe('notes');
    expect(await page.getByLabel('Field for column Наименование').inputValue()).toBe('name');
    await ctx.close();
  });

  it('takes a file dropped anywhere on the import page, not only on the drop zone', async () => {
    const { ctx, page } = await openImport('Igor');
    const drop = (selector: string, type: 'dragover' | 'drop') => page.evaluate(([sel, kind]) => {
      const d = new DataTransfer();
      d.items.add(new File(['Name;Email\r\nAlpha;a@x.ru\r\n'], 'dropped.csv', { type: 'text/csv' }));
      const ev = new DragEvent(kind!, { dataTransfer: d, bubbles: true, cancelable: true });
      document.querySelector(sel!)!.dispatchEvent(ev);
      return ev.defaultPrevented;
    }, [selector, type]);
    expect(await drop('h1', 'dragover')).toBe(true);
    expect(await drop('h1', 'drop')).toBe(true);
    await page.getByRole('table', { name: 'Column mapping' }).waitFor();
    expect(await page.locator('.wizard').innerText()).toContain('dropped.csv');
    await startOver(page);
    expect(await drop('textarea', 'dragover')).toBe(true);
    expect(await drop('textarea', 'drop')).toBe(true);
    await page.getByRole('table', { name: 'Column mapping' }).waitFor();
    expect(await page.getByLabel('Or paste cells copied from a spreadsheet').count()).toBe(0);
    // The drop zone itself still takes it (once).
    await startOver(page);
    expect(await drop('.drop', 'drop')).toBe(true);
    await page.getByRole('table', { name: 'Column mapping' }).waitFor();
    await ctx.close();
  });

  it('uses plural forms for counts', async () => {
    const { ctx, page } = await openImport('Kira');
    await chooseFile(page, 'one-bad.csv', Buffer.from('Customer;Date;Sales\r\nAlpha;15.01.2024;10\r\nBeta;16.01.2024;abc\r\n'));
    await check(page);
    await review(page);
    expect(await page.getByRole('checkbox', { name: /Import only the valid rows/ }).evaluate((el) => el.closest('label')!.textContent!.trim()))
      .toBe('Import only the valid rows (1 row with problems is left out)');
    await ctx.close();

    // Russian: 1 строка / 2 строки / 5 строк.
    const ru = await browser.newContext({ locale: 'en-US' });
    const p = await ru.newPage();
    await p.goto(app.url);
    await onboard(p, 'Lev');
    // The language as chosen in settings (kept per laptop), then the import page in Russian.
    await p.evaluate(() => localStorage.setItem('kartoteka.locale', 'ru'));
    await p.goto(app.url + '#/import');
    await p.reload();
    const bad = (n: number) => ['Клиент;Дата;Сумма', 'Альфа;15.01.2024;10', ...Array.from({ length: n }, (_, i) => `Бета${i};16.01.2024;abc`), ''].join('\r\n');
    for (const [n, words] of [[1, '1 строка с ошибками будет пропущена'], [2, '2 строки с ошибками будут пропущены'], [5, '5 строк с ошибками будут пропущены']] as const) {
      await p.getByLabel('Выбрать CSV-файл').setInputFiles({ name: `bad${n}.csv`, mimeType: 'text/csv', buffer: Buffer.from(bad(n)) });
      await p.getByRole('button', { name: /Проверить файл/ }).click();
      await p.getByRole('checkbox', { name: /только правильные строки/ }).waitFor();
      expect(await p.locator('.wizard').innerText()).toContain(words);
      await p.getByRole('button', { name: /Начать заново/ }).click();
    }
    await ru.close();
  });

  it('exports contact persons as vCard 3.0 and 4.0', async () => {
    const ctx = await browser.newContext({ locale: 'en-US', acceptDownloads: true });
    const page = await ctx.newPage();
    await page.goto(app.url);
    await onboard(page, 'Mila', true);
    await page.goto(app.url + '#/import');
    const card = async (name: RegExp) => {
      const [dl] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name }).click()]);
      return (await import('node:fs')).readFileSync((await dl.path())!, 'utf8');
    };
    const v3 = await card(/^Contact persons \(vCard\)$/);
    const v4 = await card(/^Contact persons \(vCard 4\.0\)$/);
    const count = (text: string) => text.split('BEGIN:VCARD').length - 1;
    expect(count(v3)).toBeGreaterThan(0);
    expect(count(v4)).toBe(count(v3));
    expect(v3).toMatch(/^BEGIN:VCARD\r\nVERSION:3\.0\r\n/);
    expect(v4).toMatch(/^BEGIN:VCARD\r\nVERSION:4\.0\r\nKIND:individual\r\n/);
    await ctx.close();
  });
});
