import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { launch } from './browser';
import { startApp } from './server';
import { createClient, onboard, rowNames, unnamedControls } from './app';

let app: { url: string; close: () => Promise<void> };
let browser: Browser;

beforeAll(async () => { app = await startApp(); browser = await launch(); });
afterAll(async () => { await browser?.close(); await app?.close(); });

async function fresh(): Promise<{ page: Page; close: () => Promise<void> }> {
  const ctx = await browser.newContext({ locale: 'en-US', acceptDownloads: true });
  const page = await ctx.newPage();
  await page.goto(app.url);
  await onboard(page, 'Privacy Tester');
  return { page, close: () => ctx.close() };
}

/** Every byte stored in the app's IndexedDB databases, as one UTF-8 string. */
async function storedText(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const out: string[] = [];
    const dbs = await indexedDB.databases();
    for (const info of dbs) {
      if (!info.name) continue;
      const db = await new Promise<IDBDatabase>((res, rej) => { const r = indexedDB.open(info.name!); r.onsuccess = () => res(r.result); r.onerror = () => rej(r.error); });
      for (const name of Array.from(db.objectStoreNames)) {
        const all = await new Promise<unknown[]>((res, rej) => { const r = db.transaction(name).objectStore(name).getAll(); r.onsuccess = () => res(r.result); r.onerror = () => rej(r.error); });
        for (const v of all) {
          if (v instanceof Uint8Array) out.push(new TextDecoder().decode(v));
          else if (v instanceof ArrayBuffer) out.push(new TextDecoder().decode(new Uint8Array(v)));
          else out.push(JSON.stringify(v));
        }
      }
      db.close();
    }
    return out.join('\n');
  });
}

describe('privacy area in real Chromium', () => {
  it('finds a duplicate across Cyrillic/Latin, merges it, and undoes the merge', async () => {
    const { page, close } = await fresh();
    await createClient(page, 'Иван Петров', '+79161234567');
    await page.goto(app.url + '#/clients');
    await createClient(page, 'Petrov Ivan', '8 916 123-45-67', 'ivan@example.com');
    await page.getByRole('link', { name: 'Duplicates' }).click();
    await page.getByRole('heading', { level: 1, name: 'Likely duplicates' }).waitFor();
    expect(await page.locator('.dup-row').count()).toBe(1);
    expect(await page.locator('.dup-row .reasons').innerText()).toMatch(/same phone/);
    await page.getByRole('link', { name: /Compare and merge/ }).click();
    await page.getByRole('heading', { level: 1, name: 'Merge two clients' }).waitFor();
    await page.getByRole('button', { name: 'Merge', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: /Иван Петров|Petrov Ivan/ }).waitFor();
    await page.getByRole('status').filter({ hasText: 'merged into' }).waitFor();
    // The kept card has the e-mail only the other one had, one copy of the shared phone, and the merge in its history.
    await expect.poll(() => page.getByLabel('E-mails (one per line)', { exact: true }).inputValue()).toBe('ivan@example.com');
    expect((await page.getByLabel('Phones (one per line)', { exact: true }).inputValue()).split('\n')).toHaveLength(1);
    expect(await page.locator('.privacy-history').innerText()).toMatch(/merged in a duplicate/);
    await page.getByRole('status').getByRole('button', { name: 'Undo', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Merge undone' }).waitFor();
    await page.goto(app.url + '#/clients');
    await expect.poll(async () => (await rowNames(page)).length).toBe(2);
    await close();
  });

  it('erases a client: gone from the list, tombstone only, nothing left in IndexedDB', async () => {
    const { page, close } = await fresh();
    await createClient(page, 'Секретов Тайный', '+79995554433', 'secretov@example.org');
    await page.getByLabel('Notes', { exact: true }).fill('Паспорт 4510 999888');
    await page.getByLabel('Notes', { exact: true }).press('Tab');
    // Sanity: the IndexedDB reader sees the data before the erase (else the check below proves nothing).
    await expect.poll(async () => (await storedText(page)).includes('Паспорт 4510'), { timeout: 10_000 }).toBe(true);
    await page.getByRole('button', { name: 'Erase personal data…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Erase this client’s personal data' });
    await dialog.waitFor();
    expect(await dialog.innerText()).toMatch(/other laptops/);
    await dialog.getByLabel(/Type the client’s name/).fill('Секретов Тайный');
    await dialog.getByRole('button', { name: 'Erase for good' }).click();
    await page.getByRole('status').filter({ hasText: 'Personal data erased' }).waitFor();
    await page.getByRole('searchbox').waitFor();
    expect(await rowNames(page)).toEqual([]);
    await expect.poll(async () => {
      const text = await storedText(page);
      return ['Секретов', '+79995554433', 'secretov@example.org', 'Паспорт 4510'].filter((s) => text.includes(s));
    }, { timeout: 10_000 }).toEqual([]);
    await close();
  });

  it('every control on the privacy pages and panels has an accessible name', async () => {
    const { page, close } = await fresh();
    const a = await createClient(page, 'ООО Вектор', '+79160000011');
    await page.goto(app.url + '#/clients');
    const b = await createClient(page, 'Vektor LLC', '+79160000011');
    for (const hash of ['#/segments', '#/duplicates', `#/duplicates/${a}/${b}`, `#/clients/${a}`]) {
      await page.goto(app.url + hash);
      await page.locator('main h1').first().waitFor();
      const unnamed = await unnamedControls(page);
      expect(unnamed, hash).toEqual([]);
    }
    // Keyboard: the erase dialog opens from the keyboard and Escape closes it.
    await page.getByRole('button', { name: 'Erase personal data…' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('dialog').waitFor();
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
    await close();
  });

  it('exports a call list that leaves out a client who opted out of calls', async () => {
    const { page, close } = await fresh();
    await createClient(page, 'Calls Welcome', '+79160000001');
    await page.goto(app.url + '#/clients');
    await createClient(page, 'Do Not Call', '+79160000002');
    await page.getByRole('checkbox', { name: 'No calls' }).check();
    await page.locator('.privacy-consent small').filter({ hasText: 'since' }).waitFor();
    await page.getByRole('link', { name: 'Segments' }).click();
    await page.getByLabel('Segment name').fill('Everyone');
    await page.getByRole('button', { name: 'Save segment' }).click();
    await page.getByRole('link', { name: 'Open segment Everyone' }).waitFor();
    await expect.poll(() => page.locator('.privacy-segments .count').innerText()).toBe('2 clients');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Call list (CSV)' }).click()]);
    const file = await download.path();
    const text = fs.readFileSync(file, 'utf8');
    expect(text).toContain('Calls Welcome');
    expect(text).toContain('+79160000001');
    expect(text).not.toContain('Do Not Call');
    expect(text).not.toContain('+79160000002');
    await page.getByRole('status').filter({ hasText: '1 left out' }).waitFor();
    await close();
  });
});
