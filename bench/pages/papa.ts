// Bench-only: raw papaparse throughput on the same file, in the same browser, for comparison.
import Papa from 'papaparse';

declare global { interface Window { papaResult?: unknown } }

async function main() {
  const bytes = new Uint8Array(await (await fetch('/bench-data/purchases.csv')).arrayBuffer());
  const t0 = performance.now();
  const text = new TextDecoder('windows-1251').decode(bytes);
  const t1 = performance.now();
  let rows = 0;
  Papa.parse<string[]>(text, { delimiter: ';', step: () => { rows++; } });
  const t2 = performance.now();
  window.papaResult = { rows, decodeMs: t1 - t0, parseMs: t2 - t1, rowsPerS: rows / ((t2 - t1) / 1000) };
}
main().catch((e) => { window.papaResult = { error: String(e) }; });
