/**
 * Fuzz targets shared by the CI tests (a few thousand inputs) and scripts/fuzz-long.ts
 * (100 000 per target). Each target takes bytes and must return normally — every failure is an
 * error value — and must leave the base unchanged when it refuses the input.
 */
import * as Y from 'yjs';
import { sniffCsv, parseCsv, suggestMapping, mappingFromSuggestions, buildImportPlan, buildClientIndex, parseVcards, planVcards } from '../../src/core/import';
import { decodeChunk } from '../../src/core/model/purchase';
import { decodeRecordChunk } from '../../src/core/model/records';
import { importSyncFile, exportSyncFile } from '../../src/sync/syncfile';
import { generateTeam, deriveTeamKeys } from '../../src/sync/crypto';
import { openBase, SCHEMA_VERSION } from '../../src/core/schema/version';
import { makeCtx } from '../../src/core/commands/context';
import { createClient } from '../../src/core/commands/clients';

export const SEEDS = {
  csv: new TextEncoder().encode('Наименование;ИНН;Телефон;Дата;Сумма\r\n"ООО ""Вектор""";7701234567;8 916 123-45-67;01.02.2024;"1 234,50"\r\nИП Петров;;+7 903 555 00 11;15.03.2024;-50,00\r\n'),
  purchases: new TextEncoder().encode('Customer ID,Order Date,Order ID,Sales,Quantity\nC1,1/2/2024,O1,10.5,1\nC2,13/2/2024,O2,(3.00),2\n,3/3/2024,O3,5,1\n'),
  vcard: new TextEncoder().encode('BEGIN:VCARD\r\nVERSION:2.1\r\nN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=D0=98=D0=B2=D0=B0=D0=BD;Petrov\r\nTEL;CELL:+79161234567\r\nEMAIL;INTERNET:a@b.c\r\nORG:Vector\r\n line folded\r\nEND:VCARD\r\n'),
};

export function fuzzCsv(bytes: Uint8Array): void {
  const s = sniffCsv(bytes);
  const p = parseCsv(bytes);
  if (!p.ok || !s.ok) return;
  for (const entity of ['clients', 'purchases', 'interactions'] as const) {
    const mapping = mappingFromSuggestions(suggestMapping(p.value.header, entity));
    buildImportPlan(p.value, { entity, fileName: 'f.csv', fileHash: 'h', header: p.value.header, mapping, defaultCountry: 'RU', index: buildClientIndex([]), now: '2026-01-01T00:00:00Z', by: '' });
  }
}

export function fuzzVcard(bytes: Uint8Array): void {
  const r = parseVcards(bytes);
  if (r.ok) planVcards(r.value, { fileName: 'x.vcf', fileHash: 'h', defaultCountry: 'RU', index: buildClientIndex([]), now: '2026-01-01T00:00:00Z', by: '' } as never);
}

export function fuzzChunks(bytes: Uint8Array): void {
  decodeChunk(bytes);
  decodeRecordChunk(bytes);
}

/** A victim base, its state, and a valid sync file to mutate. */
export async function syncFileTarget(): Promise<{ run: (bytes: Uint8Array) => Promise<void>; seed: Uint8Array }> {
  const keys = await deriveTeamKeys(generateTeam());
  const source = new Y.Doc();
  openBase(source);
  createClient(makeCtx(source), { name: 'Source client' });
  const file = await exportSyncFile(source, { keys, schemaVersion: SCHEMA_VERSION });
  if (!file.ok) throw new Error('export failed');
  const victim = new Y.Doc();
  openBase(victim);
  const before = Y.encodeStateAsUpdate(victim);
  return {
    seed: file.value,
    run: async (bytes) => {
      const r = await importSyncFile(victim, bytes, { keys, schemaVersion: SCHEMA_VERSION });
      if (!r.ok && !equal(Y.encodeStateAsUpdate(victim), before)) throw new Error(`refused file (${r.error}) changed the base`);
      if (r.ok) { victim.destroy(); throw new Error('a mutated sync file was accepted'); }
    },
  };
}

function equal(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** Random byte-level mutations of a seed: flips, inserts, deletes, splices of interesting bytes. */
export function mutate(seed: Uint8Array, rnd: () => number): Uint8Array {
  const out = [...seed];
  const n = 1 + Math.floor(rnd() * 8);
  const interesting = [0, 0x22, 0x2c, 0x3b, 0x09, 0x0a, 0x0d, 0xff, 0xfe, 0xef, 0xbb, 0xbf, 0x3d, 0x80, 0xc0];
  for (let i = 0; i < n; i++) {
    const pos = Math.floor(rnd() * (out.length + 1));
    const op = rnd();
    if (op < 0.4 && out.length) out[Math.min(pos, out.length - 1)] = Math.floor(rnd() * 256);
    else if (op < 0.6) out.splice(pos, 0, interesting[Math.floor(rnd() * interesting.length)]!);
    else if (op < 0.8 && out.length) out.splice(pos, 1 + Math.floor(rnd() * 4));
    else out.splice(pos, 0, ...out.slice(Math.floor(rnd() * out.length), Math.floor(rnd() * out.length)));
  }
  // A mutation that happens to change nothing is not a mutation: flip one byte then.
  if (out.length === seed.length && out.every((b, i) => b === seed[i])) { const i = Math.floor(rnd() * out.length); out[i] = (out[i] ?? 0) ^ 0x5a; }
  return new Uint8Array(out);
}
