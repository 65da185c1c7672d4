import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repo root (tests/import/ is two levels down). */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** Real exports live next to the repo, never inside it. */
export const realDir = path.resolve(repoRoot, '../shared/data/real');
export const hasReal = existsSync(realDir);
if (!hasReal) console.warn(`[import tests] ${realDir} is absent: real-file tests are SKIPPED`);

export const real = (name: string): Uint8Array => new Uint8Array(readFileSync(path.join(realDir, name)));
export const fixture = (name: string): Uint8Array => new Uint8Array(readFileSync(path.join(repoRoot, 'tests/fixtures/import', name)));

/**
 * Encodes text into a single-byte code page by inverting the platform decoder's table.
 * Test-only: the product never encodes legacy code pages.
 */
export function encodeSingleByte(text: string, encoding: string): Uint8Array {
  const dec = new TextDecoder(encoding);
  const table = new Map<string, number>();
  for (let b = 0; b < 256; b++) {
    const ch = dec.decode(new Uint8Array([b]));
    if (!table.has(ch)) table.set(ch, b);
  }
  const out: number[] = [];
  for (const ch of text) {
    const b = table.get(ch);
    if (b === undefined) throw new Error(`${encoding} cannot encode ${JSON.stringify(ch)}`);
    out.push(b);
  }
  return new Uint8Array(out);
}

export const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

export function utf16(s: string, le: boolean, bom = true): Uint8Array {
  const out = new Uint8Array((s.length + (bom ? 1 : 0)) * 2);
  const dv = new DataView(out.buffer);
  let o = 0;
  if (bom) { dv.setUint16(0, 0xfeff, le); o = 2; }
  for (let i = 0; i < s.length; i++, o += 2) dv.setUint16(o, s.charCodeAt(i), le);
  return out;
}
