import { expect } from 'vitest';
import { buildClientIndex, buildImportPlan, mappingFromSuggestions, parseCsv, suggestMapping, type Entity, type ImportPlan, type Mapping, type PlanOptions } from '../../src/core/import';
import { hashBytes } from '../../src/core/model/ids';
import type { Client } from '../../src/core/model/client';
import type { Contact } from '../../src/core/model/contact';

export const NOW = '2026-01-01T00:00:00.000Z';

/** Parses, maps (suggested mapping + overrides) and plans a file the way the UI would. */
export function planFile(bytes: Uint8Array, entity: Entity, opts: {
  mapping?: Mapping; drop?: string[]; existing?: Client[]; contacts?: Contact[]; batches?: string[];
  extra?: Partial<PlanOptions>;
} = {}): { plan: ImportPlan; header: string[] } {
  const parsed = parseCsv(bytes);
  if (!parsed.ok) throw new Error(parsed.error.message);
  const mapping = { ...mappingFromSuggestions(suggestMapping(parsed.value.header, entity)), ...opts.mapping };
  for (const d of opts.drop ?? []) delete mapping[d];
  const r = buildImportPlan(parsed.value, {
    entity, fileName: 'f.csv', fileHash: hashBytes(bytes), header: parsed.value.header, mapping, defaultCountry: 'RU',
    index: buildClientIndex(opts.existing ?? [], opts.contacts ?? [], opts.batches ?? []), now: NOW, by: '',
    parseErrors: parsed.value.errors, ...opts.extra,
  });
  if (!r.ok) throw new Error(r.error.message);
  return { plan: r.value, header: parsed.value.header };
}

/** Applies a plan's client changes to a list (what the lead's command does, minus Yjs). */
export function applyClients(existing: Client[], plan: ImportPlan): Client[] {
  const byId = new Map(existing.map((c) => [c.id, { ...c }]));
  for (const c of plan.clientsToCreate) byId.set(c.id, c);
  for (const u of plan.clientsToUpdate) { const c = byId.get(u.id); expect(c).toBeDefined(); if (c) Object.assign(c, u.fields); }
  return [...byId.values()];
}

export const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
