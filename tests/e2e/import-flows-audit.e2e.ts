import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launch } from './browser';
import { startApp } from './server';
import { onboard } from './app';

// The import page's flows the wizard audit did not cover: paste from a spreadsheet, saved
// mappings (templates), a full disk, and the dry run's progress and Cancel — in en, ru and mk.

let app: { url: string; close: () => Promise<void> };
let browser: Browser;

beforeAll(async () => { app = await startApp(); browser = await launch(); });
afterAll(async () => { await browser?.close(); await app?.close(); });

type Locale = 'en' | 'ru' | 'mk';
const L = {
  en: { title: 'Import and export', paste: 'Or paste cells copied from a spreadsheet', mapping: 'Column mapping', check: /Check the file/, review: 'What the import will do', confirm: /^Import \(\d+\)$/, another: 'Start over with another file', done: 'Imported:', template: 'The mapping saved for files with these columns has been applied.', file: 'Choose a CSV file', field: (c: string) => `Field for column ${c}` },
  ru: { title: 'Импорт и экспорт', paste: 'Или вставьте ячейки, скопированные из таблицы', mapping: 'Сопоставление столбцов', check: /Проверить файл/, review: 'Что сделает импорт', confirm: /^Импортировать \(\d+\)$/, another: 'Начать заново с другим файлом', done: 'Импортировано:', template: 'Применено сопоставление, сохранённое для файлов с такими столбцами.', file: 'Выбрать CSV-файл', field: (c: string) => `Поле для столбца ${c}` },
  mk: { title: 'Увоз и извоз', paste: 'Или залепете ќелии копирани од табела', mapping: 'Поврзување на колоните', check: /Провери ја датотеката/, review: 'Што ќе направи увозот', confirm: /^Увези \(\d+\)$/, another: 'Почни одново со друга датотека', done: 'Увезено:', template: 'Применето е поврзувањето зачувано за датотеки со овие колони.', file: 'Изберете CSV-датотека', field: (c: string) => `Поле за колоната ${c}` },
} as const;

async function openImport(name: string, locale: Locale = 'en', init?: () => void): Promise<{ ctx: BrowserContext; page: Page }> {
  const ctx = await browser.newContext({ locale: 'en-US' });
  if (init) await ctx.addInitScript(init);
  const page = await ctx.newPage();
  await page.goto(app.url);
  await onboard(page, name);
  // The language as chosen in settings (kept per laptop).
  if (locale !== 'en') await page.evaluate((l) => localStorage.setItem('kartoteka.locale', l), locale);
  await page.goto(app.url + '#/import');
  if (locale !== 'en') await page.reload();
  await page.getByRole('heading', { level: 1, name: L[locale].title }).waitFor();
  return { ctx, page };
}

/** A paste event as Ctrl+V fires it: `page` = nothing focused. */
async function paste(page: Page, data: { text?: string; html?: string }, target: 'box' | 'page' | 'file input' = 'box', locale: Locale = 'en'): Promise<void> {
  const el = target === 'box' ? page.getByLabel(L[locale].paste) : target === 'file input' ? page.getByLabel(L[locale].file) : page.locator('body');
  if (target !== 'page') await el.focus();
  else await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await el.evaluate((node, d) => {
    const dt = new DataTransfer();
    if (d.text !== undefined) dt.setData('text/plain', d.text);
    if (d.html !== undefined) dt.setData('text/html', d.html);
    node.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
  }, data);
}

const mappingShown = (page: Page, locale: Locale = 'en') => page.getByRole('table', { name: L[locale].mapping }).waitFor();
const previewCells = (page: Page) => page.locator('table.preview tbody tr').evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent ?? '')));
const previewHeader = (page: Page) => page.locator('table.preview thead th').allInnerTexts();
const check = (page: Page, locale: Locale = 'en') => page.getByRole('button', { name: L[locale].check }).click();
const review = (page: Page, locale: Locale = 'en') => page.getByRole('heading', { name: L[locale].review }).waitFor({ timeout: 60_000 });
const startOver = (page: Page, locale: Locale = 'en') => page.getByRole('button', { name: L[locale].another }).click();
const wizardText = (page: Page) => page.locator('.wizard').innerText();
async function importNow(page: Page, locale: Locale = 'en'): Promise<void> {
  await page.getByRole('button', { name: L[locale].confirm }).click();
  await page.getByRole('status').filter({ hasText: L[locale].done }).waitFor();
}
async function chooseFile(page: Page, name: string, text: string, locale: Locale = 'en'): Promise<void> {
  await page.getByLabel(L[locale].file).setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(text) });
}
const historyCount = (page: Page) => page.locator('tr.batch').count();

/** Spreadsheet cells as the HTML a spreadsheet puts next to the text. */
const htmlTable = (rows: string[][]) => `<html><body><table>${rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('')}</table></body></html>`;

describe('paste from a spreadsheet', () => {
  it('reads an Excel paste (CRLF, a quoted cell with a line break) and takes the same rows from Google Sheets as already imported', async () => {
    const { ctx, page } = await openImport('Pavel');
    const excel = 'Customer\tDate\tProduct\tSales\r\nAlpha\t15.01.2024\t"Box\nlarge"\t10,5\r\nBeta\t16.01.2024\tPen\t7\r\n';
    await paste(page, { text: excel, html: htmlTable([['Customer', 'Date', 'Product', 'Sales'], ['Alpha', '15.01.2024', 'Box<br>large', '10,5'], ['Beta', '16.01.2024', 'Pen', '7']]) });
    await mappingShown(page);
    expect(await previewCells(page)).toEqual([['Alpha', '15.01.2024', 'Box\nlarge', '10,5'], ['Beta', '16.01.2024', 'Pen', '7']]);
    expect(await page.getByRole('radio', { name: 'Purchases' }).isChecked()).toBe(true);
    await check(page);
    await review(page);
    expect(await wizardText(page)).toContain('Purchase lines to add: 2');
    await importNow(page);
    await startOver(page);
    // The same cells copied from Google Sheets: LF, no newline after the last row.
    const sheets = 'Customer\tDate\tProduct\tSales\nAlpha\t15.01.2024\t"Box\nlarge"\t10,5\nBeta\t16.01.2024\tPen\t7';
    await paste(page, { text: sheets });
    await mappingShown(page);
    await check(page);
    await review(page);
    await page.getByRole('status').filter({ hasText: 'This file was already imported' }).waitFor();
    expect(await page.getByRole('button', { name: /^Import \(\d+\)$/ }).count()).toBe(0);
    await ctx.close();
  });

  it('keeps a single pasted column whole, and splits rows without a header at the tabs, not at decimal commas', async () => {
    const { ctx, page } = await openImport('Rada');
    await paste(page, { text: 'Клиент\r\nИванов, Иван\r\nПетров, Пётр\r\n', html: htmlTable([['Клиент'], ['Иванов, Иван'], ['Петров, Пётр']]) });
    await mappingShown(page);
    expect(await previewHeader(page)).toEqual(['Клиент']);
    expect(await previewCells(page)).toEqual([['Иванов, Иван'], ['Петров, Пётр']]);
    await startOver(page);

    await paste(page, { text: 'Alpha\t1,5\nBeta\t2,5\nGamma\t3,25\n' });
    await mappingShown(page);
    expect(await page.getByRole('checkbox', { name: 'First row is a header' }).isChecked()).toBe(false);
    expect(await previewCells(page)).toEqual([['Alpha', '1,5'], ['Beta', '2,5'], ['Gamma', '3,25']]);
    await startOver(page);

    // A name that starts with a quote: Excel leaves it unquoted (it quotes only cells with a line break).
    await paste(page, { text: 'Name\tCity\r\n"Рога и копыта", ООО\tМосква\r\nВектор\tТверь\r\n' });
    await mappingShown(page);
    expect(await previewCells(page)).toEqual([['"Рога и копыта", ООО', 'Москва'], ['Вектор', 'Тверь']]);
    await startOver(page);

    // One column of full names without a header: not split at the spaces.
    await paste(page, { text: 'Иванов Иван Иванович\nПетров Пётр Петрович\nСидоров Сидор Сидорович\n', html: htmlTable([['Иванов Иван Иванович'], ['Петров Пётр Петрович'], ['Сидоров Сидор Сидорович']]) });
    await mappingShown(page);
    expect((await previewHeader(page)).length).toBe(1);
    await ctx.close();
  });

  it('takes a paste anywhere on the import page, reads HTML-only cells, and says so when the clipboard holds no cells', async () => {
    const { ctx, page } = await openImport('Sava');
    await paste(page, { text: 'Name\tEmail\nAlpha\ta@x.ru\n' }, 'page');
    await mappingShown(page);
    expect(await previewCells(page)).toEqual([['Alpha', 'a@x.ru']]);
    await startOver(page);
    // Focus left on the file chooser (its dialog closed) is no text field either.
    await paste(page, { text: 'Name\tEmail\nGamma\tg@x.ru\n' }, 'file input');
    await mappingShown(page);
    expect(await previewCells(page)).toEqual([['Gamma', 'g@x.ru']]);
    await startOver(page);

    // Some programs put only HTML on the clipboard.
    await paste(page, { html: htmlTable([['Name', 'Email'], ['Beta &amp; Co', 'b@x.ru']]) });
    await mappingShown(page);
    expect(await previewCells(page)).toEqual([['Beta & Co', 'b@x.ru']]);
    await startOver(page);

    await paste(page, { html: '<p>just a picture</p><img src="x.png">' });
    await page.getByRole('alert').filter({ hasText: 'no cells' }).waitFor();
    expect(await page.getByRole('table', { name: 'Column mapping' }).count()).toBe(0);
    await ctx.close();
  });
});

describe('saved mappings (templates)', () => {
  it('saves the adjusted mapping per column layout, applies it after a reload with a note, and not to another layout', async () => {
    const { ctx, page } = await openImport('Tanya');
    await chooseFile(page, 'crm-a.csv', 'Код;Наименование;Город\r\nК-1;Ромашка;Москва\r\nК-2;Вектор;Тверь\r\n');
    await mappingShown(page);
    expect(await page.getByLabel('Field for column Город').inputValue()).toBe('city');
    await page.getByLabel('Field for column Город').selectOption('segment');
    await check(page);
    await review(page);
    await importNow(page);
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Import and export' }).waitFor();
    // The next export from the same system: one click to check.
    await chooseFile(page, 'crm-b.csv', 'Код;Наименование;Город\r\nК-3;Заря;Омск\r\n');
    await mappingShown(page);
    await page.getByRole('status').filter({ hasText: L.en.template }).waitFor();
    expect(await page.getByLabel('Field for column Город').inputValue()).toBe('segment');
    await startOver(page);
    // Another layout: the suggestions, no note.
    await chooseFile(page, 'other.csv', 'Код;Наименование;Город;Телефон\r\nК-4;Луч;Сочи;+79991234567\r\n');
    await mappingShown(page);
    expect(await page.getByLabel('Field for column Город').inputValue()).toBe('city');
    expect(await page.getByRole('status').filter({ hasText: L.en.template }).count()).toBe(0);
    await ctx.close();
  });

  it('does not apply the mapping of rows pasted without a header to other rows with as many columns', async () => {
    const { ctx, page } = await openImport('Uliana');
    await paste(page, { text: 'Alpha\ta@x.ru\tVIP\nBeta\tb@x.ru\tRetail\n' });
    await mappingShown(page);
    expect(await page.getByRole('checkbox', { name: 'First row is a header' }).isChecked()).toBe(false);
    await page.getByLabel('Field for column Column 1').selectOption('name');
    await page.getByLabel('Field for column Column 2').selectOption('email');
    await page.getByLabel('Field for column Column 3').selectOption('segment');
    await check(page);
    await review(page);
    await importNow(page);
    await startOver(page);
    // Purchases, also three columns without a header.
    await paste(page, { text: '15.01.2024\tAlpha\t10,5\n16.01.2024\tBeta\t7,25\n' });
    await mappingShown(page);
    expect(await page.getByRole('status').filter({ hasText: L.en.template }).count()).toBe(0);
    expect(await page.getByLabel('Field for column Column 1').inputValue()).not.toBe('name');
    await ctx.close();
  });
});

describe('storage', () => {
  it('says at the pick, before any work, that a file is too large for the free space, and writes nothing', async () => {
    const { ctx, page } = await openImport('Vera', 'en', () => {
      // 50 KB free.
      Object.defineProperty(navigator.storage, 'estimate', { value: async () => ({ quota: 100_000_000, usage: 99_950_000 }) });
    });
    const rows = ['Name;Email'];
    for (let i = 0; i < 2000; i++) rows.push(`Client ${i};c${i}@example.com`);
    await chooseFile(page, 'big-clients.csv', rows.join('\r\n'));
    await mappingShown(page);
    // Said with the mapping, before "Check the file" is pressed.
    await page.getByRole('status').filter({ hasText: 'too little free space for this file' }).waitFor();
    expect(await page.evaluate(() => performance.getEntriesByName('kartoteka:import-check').length)).toBe(0);
    await check(page);
    await review(page);
    await page.getByRole('button', { name: /^Import \(2,000\)$/ }).click();
    await page.getByRole('alert').filter({ hasText: 'Not enough free space on this device' }).waitFor();
    expect(await historyCount(page)).toBe(0);
    await page.reload();
    await page.getByText('Nothing has been imported yet.').waitFor();
    await ctx.close();
  });

  it('says the import is not saved when the disk fills up while writing, and nothing of it is stored', async () => {
    const { ctx, page } = await openImport('Wanda');
    await chooseFile(page, 'clients.csv', 'Name;Email\r\nAlpha;a@x.ru\r\nBeta;b@x.ru\r\n');
    await mappingShown(page);
    await check(page);
    await review(page);
    await page.evaluate(() => {
      IDBObjectStore.prototype.add = function () { throw new DOMException('The quota has been exceeded.', 'QuotaExceededError'); };
    });
    await page.getByRole('button', { name: /^Import \(\d+\)$/ }).click();
    // The app's banner, and the wizard says the same instead of "Imported".
    await page.getByRole('alert').filter({ hasText: 'your last changes are NOT saved' }).waitFor();
    await page.locator('.wizard').getByRole('alert').filter({ hasText: 'the import is in this tab but NOT saved on this laptop' }).waitFor();
    expect(await page.getByRole('status').filter({ hasText: 'Imported:' }).count()).toBe(0);
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Import and export' }).waitFor();
    await page.getByText('Nothing has been imported yet.').waitFor();
    await ctx.close();
  });
});

describe('progress and Cancel', () => {
  it('shows rows/s while a big file is checked, answers clicks, and Cancel leaves the base unchanged', async () => {
    const { ctx, page } = await openImport('Yana');
    const parts = ['Customer ID;Date;Sales\n'];
    for (let i = 0; i < 1_600_000; i++) parts.push(`C${i % 5000};${String((i % 28) + 1).padStart(2, '0')}.03.2024;${i % 1000},5\n`);
    await page.getByLabel('Choose a CSV file').setInputFiles({ name: 'big.csv', mimeType: 'text/csv', buffer: Buffer.from(parts.join('')) }, { timeout: 90_000 });
    await mappingShown(page);
    await check(page);
    const bar = page.getByRole('progressbar', { name: 'Reading progress' });
    await bar.waitFor();
    const status = page.locator('.progress span');
    await expect.poll(() => status.innerText(), { timeout: 20_000 }).toMatch(/^[1-9][\d\s,.]* rows read, [1-9][\d\s,.]* rows\/s$/);
    expect(Number(await bar.getAttribute('value'))).toBeGreaterThan(0);
    // The page answers while the workers read: timers are not held up.
    const lag = await page.evaluate(() => new Promise<number>((resolve) => {
      let last = performance.now(), worst = 0, n = 0;
      const tick = () => { const now = performance.now(); worst = Math.max(worst, now - last); last = now; if (++n < 40) setTimeout(tick, 10); else resolve(worst); };
      setTimeout(tick, 10);
    }));
    expect(lag).toBeLessThan(250);
    const t0 = Date.now();
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('alert').filter({ hasText: 'Cancelled. Nothing was changed.' }).waitFor();
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(await historyCount(page)).toBe(0);
    expect(await page.evaluate(() => performance.getEntriesByName('kartoteka:import-planned').length)).toBe(0);
    await ctx.close();
  }, 180_000);
});

/** Latin words left on screen, besides names of files, encodings and programs. */
function english(text: string): string[] {
  const allowed = /^(pasted|tsv|csv|utf|windows|ibm|koi8|macintosh|shift_jis|iso|Ctrl|Excel|LibreOffice|Google|Sheets|vCard|vcf|crm|ics|INN|EDB|VAT|ID|Email|mail|Alpha|Beta|Gamma|VIP|Retail|a|b|x|ru|[A-Z]-?\d*)$/i;
  return (text.match(/[A-Za-z][A-Za-z_]{2,}/g) ?? []).filter((w) => !allowed.test(w));
}

describe('ru and mk', () => {
  for (const locale of ['ru', 'mk'] as const) {
    it(`says everything of paste, template and storage in ${locale}`, async () => {
      const { ctx, page } = await openImport(`Zoran-${locale}`, locale);
      const seen: string[] = [];
      await paste(page, { text: 'Клиент\tEmail\tГород\nАльфа\ta@x.ru\tМосква\n' }, 'box', locale);
      await mappingShown(page, locale);
      seen.push(await wizardText(page));
      await page.getByLabel(L[locale].field('Город')).selectOption('segment');
      await check(page, locale);
      await review(page, locale);
      seen.push(await wizardText(page));
      await importNow(page, locale);
      seen.push(await wizardText(page));
      await startOver(page, locale);
      await paste(page, { text: 'Клиент\tEmail\tГород\nБета\tb@x.ru\tТверь\n' }, 'box', locale);
      await mappingShown(page, locale);
      await page.getByRole('status').filter({ hasText: L[locale].template }).waitFor();
      seen.push(await wizardText(page));
      await startOver(page, locale);
      await paste(page, { html: '<p>x</p>' }, 'box', locale);
      await page.locator('.wizard [role=alert]').waitFor();
      seen.push(await wizardText(page));
      for (const s of seen) {
        expect(s).not.toMatch(/import\.[a-z]/);
        expect(english(s)).toEqual([]);
      }
      await ctx.close();

      // A full disk, said in the same language.
      const full = await openImport(`Zlata-${locale}`, locale, () => {
        Object.defineProperty(navigator.storage, 'estimate', { value: async () => ({ quota: 1_000_000, usage: 999_000 }) });
      });
      await chooseFile(full.page, 'big.csv', 'Name;Email\r\n' + 'Alpha;a@x.ru\r\n'.repeat(200), locale);
      const alert = full.page.locator('.wizard .banner.warn');
      await alert.waitFor();
      const msg = await alert.innerText();
      expect(english(msg)).toEqual([]);
      expect(msg).toMatch(locale === 'ru' ? /места/ : /простор/);
      await full.ctx.close();
    });
  }
});
