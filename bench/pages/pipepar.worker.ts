/// <reference lib="webworker" />
// Bench-only (pipepar.html): plans the tail part of the bench file, or only reads the file
// (?mode=stream|slices|whole) or only hashes it (?mode=hash, the app's hashBlob), and posts the milliseconds it took.
import { hashBlob, runTail } from '../../src/core/import/pipeline';
const MAPPING = { 'Order Date': 'date', 'Order ID': 'orderId', 'Customer ID': 'clientExternalId', 'Product': 'product', 'Category': 'category', 'Quantity': 'qty', 'Sales': 'amount' } as const;
async function readStream(file: Blob): Promise<number> {
  const r = file.stream().getReader(); let n = 0;
  for (;;) { const { done, value } = await r.read(); if (done) return n; n += value.length; }
}
async function readSlices(file: Blob, size: number): Promise<number> {
  let n = 0;
  for (let at = 0; at < file.size; at += size) n += (await file.slice(at, at + size).arrayBuffer()).byteLength;
  return n;
}
self.onmessage = async (e: MessageEvent<{ file: Blob; mode: string }>) => {
  const { file, mode } = e.data;
  const t0 = performance.now();
  if (mode === 'stream') { await readStream(file); self.postMessage(performance.now() - t0); return; }
  if (mode === 'slices') { await readSlices(file, 4 << 20); self.postMessage(performance.now() - t0); return; }
  if (mode === 'hash') { await hashBlob(file); self.postMessage(performance.now() - t0); return; }
  if (mode === 'whole') { await file.arrayBuffer(); self.postMessage(performance.now() - t0); return; }
  await runTail({ file, csv: {}, plan: { entity: 'purchases', defaultCountry: 'RU', now: '2026-01-01T00:00:00Z', by: '', mapping: MAPPING } });
  self.postMessage(performance.now() - t0);
};
