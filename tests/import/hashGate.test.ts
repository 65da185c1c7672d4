import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildClientIndex } from '../../src/core/import/clientIndex';
import { HashGate } from '../../src/core/import/hashGate';
import { hashBlob, runImport, runTail, type PipelineInput } from '../../src/core/import/pipeline';
import { unwrap } from '../../src/core/util/result';
import { DECIDE_ROWS, ImportPlanner, planFormats } from '../../src/core/import/plan';
import type { PlanOptions } from '../../src/core/import/planTypes';
import { defaultClient, type Client, type ClientId } from '../../src/core/model/client';

// Rows read before the file's hash is known are planned by a tail-mode planner and taken in by the
// real one when the hash comes (hashGate.ts). Wherever the hash comes, the plan and its chunks must
// be those of one pass, byte for byte.

const HEADER = ['Дата', 'Заказ', 'Код', 'Клиент', 'Email', 'Телефон', 'Товар', 'Сумма'];
const MAPPING = {
  'Дата': 'date', 'Заказ': 'orderId', 'Код': 'clientExternalId', 'Клиент': 'clientName', 'Email': 'clientEmail',
  'Телефон': 'clientPhone', 'Товар': 'product', 'Сумма': 'amount',
} as const;
const existing: Client[] = [{ ...defaultClient('cli_existing0000000000000000' as ClientId, '2024-01-01T00:00:00.000Z', ''), name: 'Пекарня', externalId: 'C-7' }];

/** Rows from small pools (keys repeat; clients named by name, e-mail or phone alone; bad cells). */
function rows(seed: number, n: number, maxDay = 28, sep = '.'): string[][] {
  let s = seed >>> 0;
  // mulberry32: successive picks independent enough that every pool value meets every other.
  const pick = <T,>(xs: readonly T[]): T => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), s | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return xs[((t ^ (t >>> 14)) >>> 0) % xs.length]!;
  };
  const out: string[][] = [];
  for (let i = 0; i < n; i++) {
    const day = pick([1, 5, 12, 13, 28, maxDay, 31]);
    out.push([
      day > maxDay ? `0${1 + (i % 9)}${sep}02${sep}2024` : day === 31 ? '31.02.2024' : `${String(day).padStart(2, '0')}${sep}0${1 + (i % 9)}${sep}2024`,
      `З-${i >> 1}`, pick(['', 'C-1', 'C-7', 'C-9', `C-${i % 300}`]), pick(['', 'ООО «Ромашка»', 'Пекарня', 'ИП Иванов']),
      pick(['', 'a@x.ru', 'B@X.RU', 'not-an-email']), pick(['', '+7 900 123-45-67', '12']),
      pick(['Хлеб', 'Булка', '', 'Сыр']), pick(['10,50', '1 200,00', '-5,00', 'abc', '']),
    ]);
  }
  return out;
}

function options(extra: Partial<PlanOptions> = {}): PlanOptions {
  return {
    entity: 'purchases', fileName: 'sales.csv', fileHash: 'f'.repeat(64), header: HEADER, mapping: { ...MAPPING },
    defaultCountry: 'RU', now: '2024-05-01T00:00:00.000Z', by: '', index: buildClientIndex(existing), ...extra,
  };
}

/** One planner over all rows; `split`: chunks end before that row, as on every path of a split file. */
function onePass(data: string[][], extra: Partial<PlanOptions> = {}, split = -1) {
  const chunks: Uint8Array[] = [];
  const p = new ImportPlanner({ ...options(extra), onChunk: (b) => { chunks.push(b); } });
  data.forEach((f, i) => { if (i === split) p.endPart(); p.add(f, i + 2); });
  return { plan: p.finish(), chunks };
}

/** Through the gate, the hash coming after `before` rows. */
function gated(data: string[][], before: number, extra: Partial<PlanOptions> = {}) {
  const chunks: Uint8Array[] = [];
  const o = options(extra);
  const gate = new HashGate({ ...o, fileName: '', fileHash: '', index: buildClientIndex([]), tail: true });
  data.forEach((f, i) => { if (i === before) expect(gate.open(() => new ImportPlanner({ ...o, onChunk: (b) => { chunks.push(b); } }))).toBe(true); gate.add(f, i + 2); });
  if (before >= data.length) expect(gate.open(() => new ImportPlanner({ ...o, onChunk: (b) => { chunks.push(b); } }))).toBe(true);
  return { plan: gate.planner!.finish(), chunks };
}

/** Through the gate with the hash after all of the lead's rows, then the rest planned apart as a tail part (split.ts). */
function gatedWithTail(data: string[][], split: number) {
  const chunks: Uint8Array[] = [];
  const o = options();
  const gate = new HashGate({ ...o, fileName: '', fileHash: '', index: buildClientIndex([]), tail: true });
  data.slice(0, split).forEach((f, i) => gate.add(f, i + 2));
  expect(gate.open(() => new ImportPlanner({ ...o, onChunk: (b) => { chunks.push(b); } }))).toBe(true);
  const formats = planFormats(data.slice(0, DECIDE_ROWS), o);
  if (!formats.ok) throw new Error(formats.error.message);
  const tail = new ImportPlanner({ ...o, fileName: '', fileHash: '', index: buildClientIndex([]), formats: formats.value, tail: true, tailChunks: true });
  data.slice(split).forEach((f, j) => tail.add(f, j + 1));
  expect(tail.finish().ok).toBe(true);
  gate.planner!.endPart();
  // Records before the tail: the header line and the lead's rows.
  expect(gate.planner!.joinTail(tail.tailChunked()!, split + 1)).toBe(true);
  return { plan: gate.planner!.finish(), chunks };
}

describe('rows read before the hash is known', () => {
  it('give the plan and chunks of one pass, wherever the hash comes', () => {
    fc.assert(fc.property(fc.integer(), fc.integer({ min: 0, max: 12_000 }), fc.integer({ min: 0, max: 14_000 }), (seed, n, at) => {
      const data = rows(seed, n);
      expect(gated(data, Math.min(at, n))).toEqual(onePass(data));
    }), { numRuns: 15 });
  });

  it.each([0, DECIDE_ROWS - 1, DECIDE_ROWS, DECIDE_ROWS + 1, 10_000, 10_001, 23_000])('give the one-pass plan with the hash after %i rows', (at) => {
    const data = rows(7, 23_000);
    const one = onePass(data);
    expect(one.plan.ok && one.plan.value.counts.create).toBeGreaterThan(10_000);
    expect(one.plan.ok && one.plan.value.counts.newClientsFromPurchases).toBeGreaterThan(20);
    expect(one.plan.ok && one.plan.value.rowErrors.length).toBeGreaterThan(100);
    expect(gated(data, at)).toEqual(one);
  });

  it('give the one-pass plan when the hash comes after all the lead\'s rows and a tail part follows', () => {
    for (const split of [DECIDE_ROWS + 1, 12_345, 20_000]) {
      const data = rows(11, 23_000);
      expect(gatedWithTail(data, split)).toEqual(onePass(data, {}, split));
    }
  });

  it('a file imported before: every row skipped, as one pass', () => {
    const data = rows(3, 9000);
    const batchId = new ImportPlanner(options()).batchId;
    const extra = { index: buildClientIndex(existing, [], [batchId]) };
    const one = onePass(data, extra);
    expect(one.plan.ok && one.plan.value.counts.skip).toBe(9000);
    expect(gated(data, 8000, extra)).toEqual(one);
  });

  it('a problem the head meets (dates that could be either order) is the plan\'s problem, as one pass', () => {
    const data = rows(5, 9000, 12, '/');
    const one = onePass(data);
    expect(one.plan.ok ? null : one.plan.error.kind).toBe('ambiguous-date');
    expect(gated(data, 8000)).toEqual(one);
    // The same file, its date order chosen: planned.
    expect(gated(data, 8000, { dateFormat: 'dmy' })).toEqual(onePass(data, { dateFormat: 'dmy' }));
  });

  it('a head cannot be taken by a planner that has read rows already', () => {
    const data = rows(9, DECIDE_ROWS + 10);
    const head = new ImportPlanner({ ...options(), fileHash: '', index: buildClientIndex([]), tail: true });
    data.forEach((f, i) => head.add(f, i + 2));
    const p = new ImportPlanner(options());
    p.add(data[0]!, 2);
    expect(p.mergeHead(head)).toBe(false);
  });

  it('through the import pipeline, a hash that comes late changes nothing (one worker, and two)', async () => {
    const text = [HEADER.join(';'), ...rows(13, 20_000).map((r) => r.join(';'))].join('\r\n') + '\r\n';
    const file = new Blob([text]);
    const hash = await hashBlob(file);
    const input = (fileHash: Promise<string | null>): PipelineInput => ({
      file, fileName: 'sales.csv', csv: {}, fileHash, existing: { clients: existing },
      plan: { entity: 'purchases', mapping: { ...MAPPING }, defaultCountry: 'RU', now: '2024-05-01T00:00:00.000Z', by: '' },
    });
    const run = async (fileHash: Promise<string | null>, parts: boolean) => {
      const chunks: Uint8Array[] = [];
      const inp = input(fileHash);
      const r = unwrap(await runImport(inp, {
        // The same split point in both: a split file's chunks end there, read in parts or not.
        chunk: (seq, b) => { chunks[seq] = b; }, splitFrom: 1024,
        ...(parts ? { tail: () => runTail({ file, csv: {}, plan: inp.plan }, { splitFrom: 1024 }) } : {}),
      }));
      return { plan: r.plan, chunks, parts: r.parts };
    };
    // Past the lead's wait for it (a second): the rows read meanwhile go through the gate.
    const late = () => new Promise<string>((resolve) => { setTimeout(() => resolve(hash!), 1300); });
    const ready = await run(Promise.resolve(hash), false);
    expect(ready.plan.counts.create).toBeGreaterThan(10_000);
    expect(await run(late(), false)).toEqual(ready);
    const two = await run(late(), true);
    expect(two.parts).toBe(2);
    expect({ ...two, parts: 1 }).toEqual(ready);
  }, 30_000);
});
