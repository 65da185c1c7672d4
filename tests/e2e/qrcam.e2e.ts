import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import QRCode from 'qrcode';
import { chromium, type Browser } from 'playwright-core';
import { launchOptions } from './browser';
import { startApp } from './server';
import { onboard } from './app';

/** A Y4M clip (what Chromium's fake camera plays) showing one QR code, drawn from its modules. */
function qrY4m(text: string, file: string): void {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'L' });
  const n = qr.modules.size, scale = 8, quiet = 4, side = (n + 2 * quiet) * scale;
  const w = side + (side % 2), h = w;
  const y = Buffer.alloc(w * h, 235);
  for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) {
    if (!qr.modules.get(r, c)) continue;
    for (let dy = 0; dy < scale; dy++) for (let dx = 0; dx < scale; dx++) y[((r + quiet) * scale + dy) * w + (c + quiet) * scale + dx] = 16;
  }
  const chroma = Buffer.alloc((w / 2) * (h / 2) * 2, 128);
  const frame = Buffer.concat([Buffer.from('FRAME\n'), y, chroma]);
  fs.writeFileSync(file, Buffer.concat([Buffer.from(`YUV4MPEG2 W${w} H${h} F5:1 Ip A1:1 C420jpeg\n`), frame, frame]));
}

let app: { url: string; close: () => Promise<void> };
let browser: Browser;
const CODE = 'kp1.camera-test-code-0123456789';
beforeAll(async () => {
  app = await startApp();
  const clip = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kb-cam-')), 'qr.y4m');
  qrY4m(CODE, clip);
  const base = launchOptions();
  browser = await chromium.launch({ ...base, args: [...(base.args ?? []), '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', `--use-file-for-fake-video-capture=${clip}`] });
});
afterAll(async () => { await browser?.close(); await app?.close(); });

describe('in-person pairing by camera', () => {
  it('reads the other laptop’s QR code into the code field', async () => {
    const ctx = await browser.newContext({ locale: 'en-US' });
    await ctx.grantPermissions(['camera']);
    const page = await ctx.newPage();
    await page.goto(app.url);
    await onboard(page, 'Camera');
    await page.goto(app.url + '#/sync');
    await page.getByRole('button', { name: 'Create a team' }).click();
    await page.getByRole('button', { name: 'Scan with the camera' }).first().click();
    await expect.poll(() => page.getByLabel('Code from the other laptop').inputValue(), { timeout: 30_000 }).toBe(CODE);
    expect(await page.locator('video').count()).toBe(0); // the camera is switched off after reading
    await ctx.close();
  });
});
