import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Browser } from 'playwright-core';
import { launch } from './browser';
import { startApp } from './server';
import { confirmImport, historyRows, onboard, rowNames } from './app';

let app: { url: string; close: () => Promise<void> };
let browser: Browser;

beforeAll(async () => { app = await startApp(); browser = await launch(); });
afterAll(async () => { await browser?.close(); await app?.close(); });

const CL = Buffer.from('Customer ID;Name;Email\nC-1;Alpha;a@x.ru\nC-2;Beta;b@x.ru\nC-3;Gamma;g@x.ru\n');
const PU = Buffer.from('Customer ID;Date;Sales\nC-1;01.02.2024;100\nC-2;02.02.2024;200\n');

async function importFile(page: Page, name: string, buffer: Buffer): Promise<void> {
  await page.getByLabel('Choose a CSV file').setInputFiles({ name, mimeType: 'text/csv', buffer });
  await page.getByRole('table', { name: 'Column mapping' }).waitFor();
  await page.getByRole('button', { name: /Check the file/ }).click();
  await page.getByRole('heading', { name: 'What the import will do' }).waitFor();
  await confirmImport(page);
}

describe('undo of an import whose clients another import uses (real Chromium)', () => {
  it('asks first, with the counts; cancel changes nothing; confirming keeps the clients pu.csv names', async () => {
    const ctx = await browser.newContext({ locale: 'en-US' });
    const page = await ctx.newPage();
    await page.goto(app.url);
    await onboard(page, 'Anna');
    await page.getByRole('link', { name: 'Import & export' }).click();
    await page.getByRole('heading', { level: 1, name: 'Import and export' }).waitFor();
    await importFile(page, 'cl.csv', CL);
    await importFile(page, 'pu.csv', PU);
    await expect.poll(() => historyRows(page)).toHaveLength(2);

    // One click on Undo no longer removes anything: a dialog says what would go and what stays.
    await page.getByRole('button', { name: 'Undo the import of cl.csv' }).click();
    const dialog = page.getByRole('dialog', { name: 'Undo the import of “cl.csv”?' });
    await dialog.waitFor();
    const text = await dialog.innerText();
    expect(text).toContain('This removes clients: 1, purchase lines: 0, contact persons: 0.');
    expect(text).toContain('Clients kept: 2 — other imports use them.');

    // Cancel: nothing changed.
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect((await historyRows(page)).some((r) => r.includes('undone'))).toBe(false);

    // Confirm: cl.csv is undone, Gamma goes, Alpha and Beta stay for pu.csv (still active).
    await page.getByRole('button', { name: 'Undo the import of cl.csv' }).click();
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Undo the import', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Import of “cl.csv” undone (1 client removed). Clients kept: 2 — other imports use them.' }).waitFor();
    const rows = await historyRows(page);
    expect(rows.find((r) => r.includes('cl.csv'))).toContain('undone');
    expect(rows.find((r) => r.includes('pu.csv'))).not.toContain('undone');

    await page.getByRole('link', { name: 'Clients' }).click();
    await expect.poll(async () => (await rowNames(page)).sort()).toEqual(['Alpha', 'Beta']);
    // Alpha's card still shows its purchase from pu.csv.
    await page.getByRole('searchbox').fill('Alpha');
    await page.locator('.client-row').first().click();
    await page.getByRole('heading', { level: 1, name: /Alpha/ }).waitFor();
    await expect.poll(() => page.locator('table.purchases tr').count()).toBe(1);
    await ctx.close();
  });
});
