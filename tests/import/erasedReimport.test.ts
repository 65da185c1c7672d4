/**
 * A file naming a client the team erased (privacy.ts): the import makes the client again under
 * another id, as the dry run says, instead of attaching rows to the hidden tombstone (which the
 * privacy sweep would empty).
 */
import { describe, expect, it } from 'vitest';
import { eraseClient } from '../../src/core/commands/privacy';
import { value, replica } from '../core/helpers';
import { ClientCache } from '../../src/core/queries/clients';
import { importContext, importPlan, summarise } from '../../src/core/commands/importPlan';
import { buildClientIndex, buildImportPlan, mappingFromSuggestions, parseCsv, suggestMapping, type Entity } from '../../src/core/import';
import { hashBytes } from '../../src/core/model/ids';
import { allChunks } from '../../src/core/queries/purchases';

const utf8 = (s: string) => new TextEncoder().encode(s);
const NOW = '2026-01-01T00:00:00.000Z';
type Rep = ReturnType<typeof replica>;
const visible = (r: Rep) => [...new ClientCache(r.doc).byId.values()].filter((c) => !c.deletedAt);

function plan(r: Rep, text: string, entity: Entity, name: string) {
  const bytes = utf8(text);
  const parsed = parseCsv(bytes);
  if (!parsed.ok) throw new Error(parsed.error.message);
  const ex = importContext(r.doc, [...new ClientCache(r.doc).byId.values()]);
  const p = buildImportPlan(parsed.value, {
    entity, fileName: name, fileHash: hashBytes(bytes), header: parsed.value.header,
    mapping: mappingFromSuggestions(suggestMapping(parsed.value.header, entity)), defaultCountry: 'RU',
    index: buildClientIndex(ex.clients, ex.contacts, ex.batchIds, ex.interactionIds, ex.erasedIds), now: NOW, by: '',
    parseErrors: parsed.value.errors, duplicatePolicy: 'update',
  });
  if (!p.ok) throw new Error(p.error.message);
  return p.value;
}

describe('a file naming an erased client', () => {
  it.each([
    ['with a source id', 'Customer ID;Name;Email\n1;Ромашка;a@x.ru\n', 'Customer ID;Name;Date;Sales\n1;Ромашка;01.02.2024;10\n'],
    ['by name only', 'Name;Email\nРомашка;a@x.ru\n', 'Client;Date;Sales\nРомашка;01.02.2024;10\n'],
  ])('%s: makes a visible client its lines belong to, as the dry run said', (_, clients, purchases) => {
    const lap = replica();
    value(importPlan(lap.ctx, plan(lap, clients, 'clients', 'a.csv'), { validOnly: true }) as never);
    const erased = visible(lap)[0]!;
    value(eraseClient(lap.ctx, erased.id));
    expect(visible(lap)).toEqual([]);
    const p = plan(lap, purchases, 'purchases', 'b.csv');
    expect(summarise(p, { validOnly: true }, null)).toMatchObject({ create: 1, newClientsFromPurchases: 1 });
    value(importPlan(lap.ctx, p, { validOnly: true }) as never);
    const now = visible(lap);
    expect(now.map((c) => c.name)).toEqual(['Ромашка']);
    expect(now[0]!.id).not.toBe(erased.id);
    const owners = allChunks(lap.doc).flatMap((c) => [...c.clients]);
    expect(owners).toEqual([now[0]!.id]);
  });
});
