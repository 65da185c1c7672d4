import { describe, expect, it } from 'vitest';
import { hashBlob, runImport, type PipelineProgress } from '../../src/core/import';
import { hashBytes } from '../../src/core/model/ids';
import { decodeChunk, chunkLines, CHUNK_ROWS } from '../../src/core/model/purchase';
import { encodeSingleByte, hasReal, real, utf8 } from './helpers';
import { NOW, planFile, sum } from './planHelpers';

const blob = (b: Uint8Array) => new Blob([b.slice().buffer]);

function purchasesFile(n: number, name = (i: number) => `Клиент №${i % 50} «Ёлка»`): string {
  const rows = ['Дата;Клиент;Товар;Количество;Сумма'];
  for (let i = 0; i < n; i++) rows.push(`${String((i % 28) + 1).padStart(2, '0')}.0${(i % 9) + 1}.2024;${name(i)};Товар ${i % 13};${(i % 5) + 1};${i},25`);
  return rows.join('\r\n') + '\r\n';
}

describe('streaming import pipeline (the worker, in Node)', () => {
  it('hashBlob equals hashBytes', async () => {
    const b = utf8('x'.repeat(200_000));
    expect(await hashBlob(blob(b))).toBe(hashBytes(b));
  });

  it('UTF-8 characters split across stream chunks stay whole; purchases come as encoded chunks', async () => {
    const n = CHUNK_ROWS + 1234;
    const bytes = utf8(purchasesFile(n)); // > 64 KB of Cyrillic: Blob.stream() chunk borders fall inside characters
    const chunks: Uint8Array[] = [];
    const progress: PipelineProgress[] = [];
    const r = await runImport({
      file: blob(bytes), fileName: 'p.csv', csv: {},
      plan: { entity: 'purchases', mapping: { 'Дата': 'date', 'Клиент': 'clientName', 'Товар': 'product', 'Количество': 'qty', 'Сумма': 'amount' }, defaultCountry: 'RU', now: NOW, by: '' },
      existing: { clients: [] },
    }, { chunk: (_s, b) => chunks.push(b), progress: (p) => progress.push(p), progressEvery: 0 });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.plan.rowErrors).toEqual([]);
    expect(r.value.plan.counts.create).toBe(n);
    expect(r.value.chunks).toBe(2);
    expect(r.value.plan.clientsToCreate.map((c) => c.name).sort()).toEqual(Array.from({ length: 50 }, (_, i) => `Клиент №${i} «Ёлка»`).sort());
    const lines = chunks.flatMap((c) => { const d = decodeChunk(c); if (!d.ok) throw new Error(d.error); return chunkLines(d.value); });
    expect(lines).toHaveLength(n);
    expect(sum(lines.map((l) => l.amount))).toBeCloseTo(sum(Array.from({ length: n }, (_, i) => i + 0.25)), 2);
    expect(lines.every((l) => l.product.startsWith('Товар '))).toBe(true);
    expect(progress.at(-1)).toMatchObject({ phase: 'parsing', bytes: bytes.length, rows: n });
    expect(r.value.plan.fileHash).toBe(hashBytes(bytes));
  });

  it('decodes cp1251 through TextDecoderStream and gives the same plan as the in-memory path', async () => {
    const bytes = encodeSingleByte(purchasesFile(3000).replace(/№/g, 'N'), 'windows-1251');
    const mem = planFile(bytes, 'purchases').plan;
    const r = await runImport({ file: blob(bytes), fileName: 'f.csv', csv: {}, plan: { entity: 'purchases', mapping: {
      'Дата': 'date', 'Клиент': 'clientName', 'Товар': 'product', 'Количество': 'qty', 'Сумма': 'amount' }, defaultCountry: 'RU', now: NOW, by: '' }, existing: { clients: [] } });
    expect(r.ok && r.value.sniff.encoding).toBe('windows-1251');
    expect(r.ok && r.value.plan.clientsToCreate).toEqual(mem.clientsToCreate);
    expect(r.ok && r.value.plan.batchId).toBe(mem.batchId);
  });

  it('reports parse errors (ragged rows) and file problems as values', async () => {
    const r = await runImport({ file: blob(utf8('a,b\n1,2\n3\n')), fileName: 'x', csv: {}, plan: { entity: 'clients', mapping: { a: 'name' }, defaultCountry: 'RU', now: NOW, by: '' }, existing: { clients: [] } });
    expect(r.ok && r.value.plan.rowErrors.map((e) => e.row)).toEqual([3]);
    expect(r.ok && r.value.plan.counts.error).toBe(1);
    const bad = await runImport({ file: blob(new Uint8Array([0, 1, 2, 3])), fileName: 'x', csv: {}, plan: { entity: 'clients', mapping: {}, defaultCountry: 'RU', now: NOW, by: '' }, existing: { clients: [] } });
    expect(bad).toMatchObject({ ok: false, error: { kind: 'file', problem: { code: 'binary' } } });
  });

  it('stops on cancel', async () => {
    const ctl = new AbortController();
    const bytes = utf8(purchasesFile(20000));
    const r = await runImport({ file: blob(bytes), fileName: 'x', csv: {}, plan: { entity: 'purchases', mapping: { 'Дата': 'date', 'Клиент': 'clientName', 'Сумма': 'amount' }, defaultCountry: 'RU', now: NOW, by: '' }, existing: { clients: [] } },
      { signal: ctl.signal, progressEvery: 0, progress: (p) => { if (p.phase === 'parsing' && p.rows > 0) ctl.abort(); } });
    expect(r).toEqual({ ok: false, error: { kind: 'cancelled' } });
  });

  it('a cancel while the lead waits for the file\'s hash ends the wait at once', async () => {
    const ctl = new AbortController();
    const never = new Promise<string | null>(() => {});
    const t0 = Date.now();
    setTimeout(() => ctl.abort(), 20);
    const r = await runImport({ file: blob(utf8(purchasesFile(100))), fileName: 'x', csv: {}, fileHash: never, plan: { entity: 'purchases', mapping: { 'Дата': 'date', 'Клиент': 'clientName', 'Сумма': 'amount' }, defaultCountry: 'RU', now: NOW, by: '' }, existing: { clients: [] } },
      { signal: ctl.signal });
    expect(r).toEqual({ ok: false, error: { kind: 'cancelled' } });
    // The wait alone is a second (HASH_WAIT_MS).
    expect(Date.now() - t0).toBeLessThan(700);
  });

  it.skipIf(!hasReal)('Superstore through the streaming path: same total as in memory', async () => {
    const bytes = real('superstore_sample_tableau_cp1252.csv');
    const chunks: Uint8Array[] = [];
    const r = await runImport({ file: blob(bytes), fileName: 's.csv', csv: {}, plan: { entity: 'purchases', mapping: {
      'Customer ID': 'clientExternalId', 'Customer Name': 'clientName', 'Order Date': 'date', 'Order ID': 'orderId', Sales: 'amount', Quantity: 'qty' },
    defaultCountry: 'US', now: NOW, by: '' }, existing: { clients: [] } }, { chunk: (_s, b) => chunks.push(b) });
    expect(r.ok).toBe(true);
    const lines = chunks.flatMap((c) => { const d = decodeChunk(c); return d.ok ? chunkLines(d.value) : []; });
    expect(lines).toHaveLength(9994);
    expect(sum(lines.map((l) => l.amount))).toBeCloseTo(2297200.8603, 4);
  });
});
