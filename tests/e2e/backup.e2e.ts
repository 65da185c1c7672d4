import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import type { Browser } from 'playwright-core';
import { launch } from './browser';
import { startApp } from './server';
import { createClient, onboard, rowNames } from './app';

let app: { url: string; close: () => Promise<void> };
let browser: Browser;
beforeAll(async () => { app = await startApp(); browser = await launch(); });
afterAll(async () => { await browser?.close(); await app?.close(); });

describe('encrypted backup', () => {
  it('saves a passphrase-protected backup and restores it into an empty browser', async () => {
    const a = await browser.newContext({ locale: 'en-US', acceptDownloads: true });
    const pa = await a.newPage();
    await pa.goto(app.url);
    await onboard(pa, 'Anna');
    await createClient(pa, 'Keystone Partners');
    await pa.evaluate(() => { location.hash = '#/clients'; });
    await pa.getByTestId('backup-reminder').waitFor(); // a base with clients and no backup yet
    await pa.getByRole('link', { name: 'Settings' }).click();
    await pa.getByLabel('Passphrase', { exact: true }).first().fill('tea at five');
    await pa.getByLabel('Repeat the passphrase').fill('tea at five');
    const [dl] = await Promise.all([pa.waitForEvent('download'), pa.getByRole('button', { name: 'Save backup file' }).click()]);
    const bytes = fs.readFileSync(await dl.path());
    expect(bytes.includes(Buffer.from('Keystone'))).toBe(false);
    await expect.poll(() => pa.getByTestId('last-backup').innerText()).not.toContain('never');
    await pa.evaluate(() => { location.hash = '#/clients'; });
    expect(await pa.getByTestId('backup-reminder').filter({ hasText: 'over a week' }).count()).toBe(0);

    const b = await browser.newContext({ locale: 'en-US' });
    const pb = await b.newPage();
    await pb.goto(app.url);
    await pb.getByText('Restore a base from a backup file').click();
    await pb.getByLabel('Backup file').setInputFiles({ name: 'b.ktbackup', mimeType: 'application/octet-stream', buffer: bytes });
    await pb.getByLabel('Passphrase', { exact: true }).last().fill('wrong');
    await pb.getByRole('button', { name: 'Restore from backup' }).click();
    await expect.poll(() => pb.getByTestId('backup-msg').innerText(), { timeout: 30_000 }).toContain('Wrong passphrase');
    expect(await pb.getByRole('button', { name: 'Anna' }).count()).toBe(0);
    await pb.getByLabel('Passphrase', { exact: true }).last().fill('tea at five');
    await pb.getByRole('button', { name: 'Restore from backup' }).click();
    await pb.getByRole('button', { name: 'Anna' }).click({ timeout: 30_000 });
    await pb.locator('.client-row').first().waitFor();
    expect(await rowNames(pb)).toEqual(['Keystone Partners']);
    await a.close(); await b.close();
  });
});
