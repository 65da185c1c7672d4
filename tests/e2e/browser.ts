import { chromium, type Browser, type BrowserContext, type LaunchOptions } from 'playwright-core';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Debian's Chromium (playwright cannot download its own here). */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Flags for a closed network: without the background-networking ones Chromium keeps trying to
 * reach Google and is refused. Loopback peer connections are needed for the WebRTC tests.
 */
export const ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage', '--allow-loopback-in-peer-connection',
];

export function launchOptions(extra: LaunchOptions = {}): LaunchOptions {
  return { executablePath: CHROMIUM, headless: true, args: [...ARGS, ...(extra.args ?? [])], ...extra };
}

export const launch = (): Promise<Browser> => chromium.launch(launchOptions());

export function tempProfile(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'kartoteka-profile-'));
}

/** A context on a profile directory that survives closing: "quit the browser, start it again". */
export function launchProfile(dir: string): Promise<BrowserContext> {
  return chromium.launchPersistentContext(dir, { ...launchOptions(), viewport: { width: 1280, height: 900 }, locale: 'en-US' });
}
