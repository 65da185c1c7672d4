import type { Page } from 'playwright-core';
import { expect } from 'vitest';

/** First run: introduce yourself, optionally with the sample base. */
export async function onboard(page: Page, name = 'Tester', sample = false): Promise<void> {
  await page.getByLabel(/Your name|Ваше имя|Вашето име/).fill(name);
  if (sample) await page.getByRole('button', { name: /Load sample base/ }).click();
  else await page.getByRole('button', { name: /Start with an empty base/ }).click();
  await page.getByRole('searchbox').waitFor();
}

export async function createClient(page: Page, name: string, phone = '', email = ''): Promise<string> {
  await page.evaluate(() => { location.hash = '#/clients'; });
  await page.getByRole('link', { name: 'New client' }).click();
  await page.getByLabel('Name', { exact: true }).fill(name);
  if (phone) await page.getByLabel('Phone', { exact: true }).fill(phone);
  if (email) await page.getByLabel('E-mail', { exact: true }).fill(email);
  await page.getByRole('button', { name: 'Create' }).click();
  await page.getByRole('heading', { level: 1, name }).waitFor();
  const id = decodeURIComponent(new URL(page.url()).hash.split('/')[2] ?? '');
  expect(id).toMatch(/^cli_/);
  return id;
}

export async function rowNames(page: Page): Promise<string[]> {
  return page.locator('.client-row .name').allInnerTexts();
}

/** Interactive elements on the page that have no accessible name (empty list = all named). */
export async function unnamedControls(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const bad: string[] = [];
    for (const el of document.querySelectorAll('input, select, textarea, button, a[href]')) {
      const e = el as HTMLElement;
      const labelled = e.getAttribute('aria-label') || e.getAttribute('aria-labelledby') || (e as HTMLInputElement).labels?.length || e.closest('label') || (e.textContent ?? '').trim() || e.getAttribute('title');
      if (!labelled) bad.push(e.outerHTML.slice(0, 80));
    }
    return bad;
  });
}

/** Windows-1251 bytes for the few characters these files use (what Excel on a Russian Windows saves). */
export function cp1251(text: string): Buffer {
  const out: number[] = [];
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (c < 0x80) out.push(c);
    else if (c >= 0x410 && c <= 0x44f) out.push(c - 0x410 + 0xc0);
    else if (c === 0x401) out.push(0xa8); // Ё
    else if (c === 0x451) out.push(0xb8); // ё
    else if (c === 0xab) out.push(0xab); // «
    else if (c === 0xbb) out.push(0xbb); // »
    else if (c === 0x2116) out.push(0xb9); // №
    else throw new Error(`no cp1251 byte for ${ch}`);
  }
  return Buffer.from(out);
}

/** Confirms the reviewed import, waits until it is stored, and goes back to picking a file. */
export async function confirmImport(page: Page): Promise<void> {
  await page.getByRole('button', { name: /^Import \(\d+\)$/ }).click();
  await page.getByRole('status').filter({ hasText: 'Imported:' }).waitFor();
  await page.getByRole('button', { name: 'Start over with another file' }).click();
}

/** The import history's rows as text (newest first). */
export const historyRows = (page: Page) => page.locator('tr.batch').allInnerTexts();
