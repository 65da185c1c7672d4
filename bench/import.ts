/**
 * Import benchmark: `npx vite-node bench/import.ts [lines]` (default 1 000 000).
 * Generates a purchases CSV as 1C/Excel write it (cp1251, `;`, decimal comma, DD.MM.YYYY, ~50 MB),
 * then measures raw papaparse throughput against our full pipeline (decode + parse + normalise +
 * plan + encode chunks), printing rows/s, seconds and peak RSS (sampled every 20 ms per phase).
 * Env: BENCH_PIPELINE_ONLY=1 skips the raw papaparse run; add `node --expose-gc` to separate phases.
 */
import Papa from 'papaparse';
import { runImport } from '../src/core/import/pipeline';

const LINES = Number(process.argv[2] ?? 1_000_000);

function cp1251Table(): Map<string, number> {
  const dec = new TextDecoder('windows-1251');
  const t = new Map<string, number>();
  for (let b = 0; b < 256; b++) { const ch = dec.decode(new Uint8Array([b])); if (!t.has(ch)) t.set(ch, b); }
  return t;
}

function generate(lines: number): Uint8Array<ArrayBuffer> {
  const table = cp1251Table();
  const names = ['ООО «Ромашка»', 'ИП Иванов П.', 'АО «Заря»', 'ДООЕЛ Ѓорѓи', 'ООО «Вектор»', 'ИП Сидорова'];
  const products = ['Бумага А4', 'Ручка синяя', 'Картридж 85A', 'Степлер №24', 'Папка 75 мм'];
  const out = new Uint8Array(lines * 130 + 200);
  let o = 0;
  const put = (s: string) => { for (const ch of s) out[o++] = ch.charCodeAt(0) < 128 ? ch.charCodeAt(0) : table.get(ch) ?? 63; };
  put('Дата;Код клиента;Клиент;Документ;Номенклатура;Количество;Цена;Сумма\r\n');
  for (let i = 0; i < lines; i++) {
    const c = i % 4000;
    const qty = (i % 7) + 1, price = ((i * 37) % 100000) / 100;
    const amount = Math.round(qty * price * 100) / 100;
    const d = `${String((i % 28) + 1).padStart(2, '0')}.${String((i % 12) + 1).padStart(2, '0')}.${2020 + (i % 5)}`;
    put(`${d};K${c};${names[c % names.length]} ${c};${Math.floor(i / 3)};${products[i % products.length]};${qty};${price.toFixed(2).replace('.', ',')};${amount.toFixed(2).replace('.', ',')}\r\n`);
  }
  return out.subarray(0, o);
}

let peak = 0;
const sampler = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 20);
const mb = (n: number) => `${(n / 1048576).toFixed(0)} MB`;

const t0 = performance.now();
const bytes = generate(LINES);
peak = 0; // the generator's scratch buffer is not the importer's
// BENCH_DUMP=/tmp/x.csv keeps the generated file for profiling other stages.
if (process.env.BENCH_DUMP) (await import('node:fs')).writeFileSync(process.env.BENCH_DUMP, bytes);
console.log(`generated ${LINES.toLocaleString('en')} lines, ${mb(bytes.length)} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

// 1. Our pipeline from a Blob: sniff, hash, TextDecoderStream, parse, plan, encode chunks.
{
  const file = new Blob([bytes]);
  let chunkBytes = 0, chunks = 0;
  const t = performance.now();
  const r = await runImport({
    file, fileName: 'bench.csv', csv: {},
    plan: { entity: 'purchases', defaultCountry: 'RU', now: new Date().toISOString(), by: '', mapping: {
      'Дата': 'date', 'Код клиента': 'clientExternalId', 'Клиент': 'clientName', 'Документ': 'orderId',
      'Номенклатура': 'product', 'Количество': 'qty', 'Цена': 'unitPrice', 'Сумма': 'amount' } },
    existing: { clients: [] },
  }, { chunk: (_s, b) => { chunkBytes += b.length; chunks++; } });
  const s = (performance.now() - t) / 1000;
  if (!r.ok) { console.error('pipeline failed', r.error); process.exit(1); }
  const p = r.value.plan;
  console.log(`pipeline:       ${p.counts.create.toLocaleString('en')} lines in ${s.toFixed(2)} s = ${Math.round(p.counts.create / s).toLocaleString('en')} rows/s;`
    + ` ${p.clientsToCreate.length} clients, ${p.rowErrors.length} row errors, ${chunks} chunks (${mb(chunkBytes)}); peak RSS ${mb(peak)}`);
}
(globalThis as { gc?: () => void }).gc?.();
peak = 0;

// 2. Raw papaparse on the already decoded text (its best case: one string, no callbacks).
if (!process.env.BENCH_PIPELINE_ONLY) {
  const text = new TextDecoder('windows-1251').decode(bytes);
  const t = performance.now();
  const r = Papa.parse<string[]>(text, { delimiter: ';', newline: '\r\n' });
  const s = (performance.now() - t) / 1000;
  peak = Math.max(peak, process.memoryUsage().rss); // a synchronous parse starves the sampler: measure with the rows alive
  console.log(`papaparse raw:  ${r.data.length.toLocaleString('en')} rows in ${s.toFixed(2)} s = ${Math.round(r.data.length / s).toLocaleString('en')} rows/s; peak RSS ${mb(peak)}`);
}

clearInterval(sampler);
console.log(`max RSS of the process (OS) ${mb(process.resourceUsage().maxRSS * 1024)}`);
