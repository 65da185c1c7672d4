import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launch } from './browser';
import { startApp } from './server';
import { createClient, onboard, unnamedControls } from './app';

let app: { url: string; close: () => Promise<void> };
let browser: Browser;

beforeAll(async () => { app = await startApp(); browser = await launch(); });
afterAll(async () => { await browser?.close(); await app?.close(); });

/** The browser's local calendar day, shifted by `days`. */
const localDay = (page: Page, days = 0): Promise<string> => page.evaluate((n) => {
  const d = new Date(); d.setDate(d.getDate() + n);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}, days);

const dueLabel = (page: Page): Promise<string | null> => page.getByRole('link', { name: /^My contacts:/ }).getAttribute('aria-label');

async function fresh(name: string): Promise<{ page: Page; close: () => Promise<void>; id: string }> {
  const ctx = await browser.newContext({ locale: 'en-US', viewport: { width: 1400, height: 1000 } });
  const page = await ctx.newPage();
  await page.goto(app.url);
  await onboard(page, 'Anna');
  const id = await createClient(page, name);
  return { page, close: () => ctx.close(), id };
}

describe('work area in real Chromium', () => {
  it('logs a contact with a result and a next date, finds it in the agenda; done and postpone', async () => {
    const { page, close } = await fresh('Вектор Трейд');
    expect(await dueLabel(page)).toBe('My contacts: 0 due today, 0 overdue');
    const today = await localDay(page);
    await page.getByLabel(/^Kind of contact/).selectOption('meeting');
    await page.getByLabel('What happened', { exact: true }).fill('Showed the catalogue');
    await page.getByLabel('Result', { exact: true }).fill('Asked for an offer');
    await page.getByLabel('Next contact on', { exact: true }).fill(today);
    await page.getByLabel('Next contact about', { exact: true }).fill('Send the offer');
    await page.getByRole('button', { name: 'Log contact' }).click();
    await page.getByRole('status').filter({ hasText: 'Contact logged.' }).waitFor();
    // The header count changes on every screen.
    await expect.poll(() => dueLabel(page)).toBe('My contacts: 1 due today, 0 overdue');
    // The timeline shows the contact with its result.
    await expect.poll(() => page.locator('.timeline').innerText()).toContain('Asked for an offer');
    // The open next contact goes out as a calendar event (the import page's export panel).
    await page.goto(app.url + '#/import');
    const [ics] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Next contacts (calendar .ics)' }).click()]);
    const cal = (await import('node:fs')).readFileSync(await ics.path(), 'utf8');
    expect(cal).toContain('BEGIN:VEVENT');
    expect(cal).toContain('SUMMARY:Вектор Трейд: Send the offer');
    await page.goBack();

    await page.getByRole('link', { name: 'Agenda', exact: true }).click();
    const todaySection = page.locator('.ag-today');
    await expect.poll(() => todaySection.innerText()).toContain('Send the offer');
    expect(await todaySection.innerText()).toContain('Вектор Трейд');
    // Postpone by a day: it moves to the next 7 days and the header count drops.
    await page.getByRole('button', { name: 'Postpone Вектор Трейд — Send the offer by a day' }).click();
    await expect.poll(() => page.locator('.ag-week').innerText()).toContain('Send the offer');
    await expect.poll(() => dueLabel(page)).toBe('My contacts: 0 due today, 0 overdue');
    // Done: it leaves the agenda.
    await page.getByRole('button', { name: 'Done: Вектор Трейд — Send the offer' }).click();
    await expect.poll(() => page.locator('.task-row').count()).toBe(0);
    // Undo from the toast brings it back; done again.
    await page.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => page.locator('.task-row').count()).toBe(1);
    await page.getByRole('button', { name: 'Done: Вектор Трейд — Send the offer' }).click();
    await expect.poll(() => page.locator('.task-row').count()).toBe(0);
    await close();
  });

  it('adds a plan, moves the deal by keyboard and by drag and drop, and shows it in the monthly plan', async () => {
    const { page, close } = await fresh('Northwind Trading');
    const when = await localDay(page, 40);
    await page.getByLabel('What', { exact: true }).fill('Press');
    await page.getByLabel('Amount', { exact: true }).fill('100000');
    await page.getByLabel('When', { exact: true }).fill(when);
    await page.getByLabel('Probability, %', { exact: true }).fill('25');
    await page.getByRole('button', { name: 'Add plan' }).click();
    await page.getByLabel('What: plan “Press”').waitFor();

    await page.getByRole('link', { name: 'Pipeline', exact: true }).click();
    const deal = page.locator('.deal', { hasText: 'Press' });
    await expect.poll(() => deal.locator('xpath=ancestor::section[1]').getAttribute('data-stage')).toBe('lead');
    // Keyboard: focus the arrow and press Enter.
    await page.getByRole('button', { name: 'Move “Press” on to Offer' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => deal.locator('xpath=ancestor::section[1]').getAttribute('data-stage')).toBe('offer');
    // Focus follows the deal into its new column: Enter again moves it on.
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Move “Press” on to Negotiation');
    await page.keyboard.press('Enter');
    await expect.poll(() => deal.locator('xpath=ancestor::section[1]').getAttribute('data-stage')).toBe('negotiation');
    // Drag and drop: back onto the offer column, then on to negotiation.
    await deal.dragTo(page.locator('section[data-stage="offer"]'));
    await expect.poll(() => deal.locator('xpath=ancestor::section[1]').getAttribute('data-stage')).toBe('offer');
    await deal.dragTo(page.locator('section[data-stage="negotiation"]'));
    await expect.poll(() => deal.locator('xpath=ancestor::section[1]').getAttribute('data-stage')).toBe('negotiation');
    // Month-by-month plan: unweighted 100 000, weighted 25 000.
    const row = page.locator(`tr[data-month="${when.slice(0, 7)}"]`);
    await expect.poll(() => row.innerText()).toMatch(/100,000[\s\S]*25,000/);
    // Won: counts fully in the weighted plan.
    await page.getByRole('combobox', { name: 'Stage of deal “Press”' }).selectOption('won');
    await expect.poll(() => row.innerText()).toMatch(/100,000[\s\S]*100,000/);
    await close();
  });

  it('marks a client lost with a reason and finds it on the win-back list', async () => {
    const { page, close } = await fresh('Harbor Foods');
    await page.getByRole('radio', { name: 'Price' }).check();
    await page.getByLabel('In their words', { exact: true }).fill('Found a cheaper supplier');
    await page.getByRole('button', { name: 'Mark as lost' }).click();
    await page.getByText(/^Lost since/).waitFor();
    await page.getByRole('link', { name: 'Win-back', exact: true }).click();
    const row = page.locator('.wb-row', { hasText: 'Harbor Foods' });
    await expect.poll(() => row.innerText()).toContain('Found a cheaper supplier');
    expect(await row.innerText()).toContain('Price');
    await page.getByRole('button', { name: 'Won back: Harbor Foods' }).click();
    await expect.poll(() => page.locator('.wb-row').count()).toBe(0);
    await close();
  });

  it('counts an overdue contact in the header, renames a stage, prints a key client dossier', async () => {
    const { page, close, id } = await fresh('Orbita');
    await page.getByLabel('Next contact on', { exact: true }).fill(await localDay(page, -2));
    await page.getByLabel('Next contact about', { exact: true }).fill('Call back');
    await page.getByRole('button', { name: 'Log contact' }).click();
    await expect.poll(() => dueLabel(page)).toBe('My contacts: 0 due today, 1 overdue');
    // A complaint is logged as a contact of its own kind.
    await page.getByLabel(/^Kind of contact/).selectOption('complaint');
    await page.getByLabel('What happened', { exact: true }).fill('Damaged parcel');
    await page.getByRole('button', { name: 'Log contact' }).click();
    await expect.poll(() => page.locator('.timeline').innerText()).toContain('Complaint');
    // A manual key mark makes the client key: its dossier prints without the buttons.
    await page.getByRole('checkbox', { name: 'Prestige' }).check();
    await page.getByRole('link', { name: 'Dossier', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Dossier: Orbita' }).waitFor();
    expect(new URL(page.url()).hash).toBe(`#/dossier/${id}`);
    expect(await page.locator('.dossier').innerText()).toContain('Damaged parcel');
    await page.emulateMedia({ media: 'print' });
    expect(await page.getByRole('button', { name: 'Print' }).isVisible()).toBe(false);
    await page.emulateMedia({ media: 'screen' });
    // Stages are editable and stored in the base.
    await page.getByRole('link', { name: 'Pipeline', exact: true }).click();
    await page.getByRole('button', { name: 'Edit stages' }).click();
    await page.getByLabel('Name of stage 2').fill('Quote sent');
    await page.getByRole('button', { name: 'Save stages' }).click();
    await page.getByRole('heading', { level: 2, name: /^Quote sent/ }).waitFor();
    await page.reload();
    await page.getByRole('heading', { level: 2, name: /^Quote sent/ }).waitFor();
    await close();
  });

  it('every control on the work screens has an accessible name', async () => {
    const ctx = await browser.newContext({ locale: 'en-US' });
    const page = await ctx.newPage();
    await page.goto(app.url);
    await onboard(page, 'A11y', true);
    await page.locator('.client-row').first().click();
    await page.getByRole('heading', { name: 'Log a contact' }).waitFor();
    const id = decodeURIComponent(new URL(page.url()).hash.split('/')[2] ?? '');
    for (const hash of [`#/clients/${id}`, '#/agenda', '#/pipeline', '#/winback', '#/keyaccounts', `#/dossier/${id}`]) {
      await page.goto(app.url + hash);
      await page.locator('main h1').first().waitFor();
      const unnamed = await unnamedControls(page);
      expect(unnamed, hash).toEqual([]);
    }
    await ctx.close();
  });
});
