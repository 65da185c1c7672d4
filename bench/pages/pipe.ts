// Bench-only: the import pipeline (the worker's code) on the bench file, in the page, so a CPU
// profile can see inside it (node bench/import-profile.mjs).
import { runImport, runTail } from '../../src/core/import/pipeline';

declare global { interface Window { pipeResult?: unknown } }

const MAPPING = {
  'Order Date': 'date', 'Order ID': 'orderId', 'Customer ID': 'clientExternalId', 'Product': 'product', 'Category': 'category', 'Quantity': 'qty', 'Sales': 'amount',
} as const;

async function main() {
  const file = await (await fetch('/bench-data/purchases.csv')).blob();
  const t0 = performance.now();
  // ?tail: the second worker's part alone (from the split point on), to profile it.
  if (location.search.includes('tail')) {
    const t = await runTail({ file, csv: {}, plan: { entity: 'purchases', defaultCountry: 'RU', now: new Date().toISOString(), by: '', mapping: MAPPING } });
    window.pipeResult = { ms: performance.now() - t0, lines: t?.chunks.reduce((n, k) => n + k.rows, 0) ?? null };
    return;
  }
  let chunks = 0;
  const r = await runImport({
    file, fileName: 'purchases.csv', csv: {},
    plan: { entity: 'purchases', defaultCountry: 'RU', now: new Date().toISOString(), by: '', mapping: MAPPING },
    existing: { clients: [] },
  }, { chunk: () => { chunks++; } });
  window.pipeResult = r.ok ? { ms: performance.now() - t0, lines: r.value.plan.counts.create, chunks } : { error: JSON.stringify(r.error) };
}
main().catch((e) => { window.pipeResult = { error: String(e) }; });
