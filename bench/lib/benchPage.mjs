// A Chromium page on the built bench pages with the import bench file in place (generated if
// missing): for the scripts that run the import pipeline in a page (import-profile, pipe-times).
import path from 'node:path';
import fs from 'node:fs';
import os from 'node:os';
import { serve } from './serve.mjs';
import { launchProfile } from './browser.mjs';
import { benchCsv } from '../import.mjs';

export async function withBenchPage(fn) {
  const csv = benchCsv();
  const server = await serve(path.resolve(import.meta.dirname, '../../.bench-out'));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kb-pipe-'));
  try {
    const ctx = await launchProfile(dir);
    const page = ctx.pages()[0] ?? (await ctx.newPage());
    await fn({ ctx, page, url: server.url, csv });
    await ctx.close();
  } finally {
    await server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
