/**
 * Two laptops import the same files offline, then exchange updates: they end with the same base,
 * and no client, purchase line or batch is doubled. Undo on one after the sync is undone on both.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { buildClientIndex, buildImportPlan, mappingFromSuggestions, parseCsv, suggestMapping, type Entity, type ImportPlan } from '../../src/core/import';
import { hashBytes } from '../../src/core/model/ids';
import { undoBatch } from '../../src/core/commands/batches';
import { importContext, importPlan, type ImportChoices } from '../../src/core/commands/importPlan';
import { ClientCache } from '../../src/core/queries/clients';
import { listBatches, purchaseCount } from '../../src/core/queries/purchases';
import { storeOf } from '../../src/core/queries/store';
import type { Client } from '../../src/core/model/client';
import { exchange, pair, state, value, type Replica } from '../core/helpers';

const utf8 = (s: string) => new TextEncoder().encode(s);

const clientsOf = (doc: Y.Doc): Client[] => [...new ClientCache(doc).byId.values()].filter((c) => !c.deletedAt);
const names = (doc: Y.Doc) => clientsOf(doc).map((c) => c.name).sort();
const live = (doc: Y.Doc) => listBatches(doc).filter((b) => !b.undoneAt).map((b) => b.id).sort();

/** Plans a file against a laptop's own base (each laptop's own clock and member). */
function planOn(r: Replica, text: string, entity: Entity, fileName = `${entity}.csv`): ImportPlan {
  const bytes = utf8(text);
  const parsed = parseCsv(bytes);
  if (!parsed.ok) throw new Error(parsed.error.message);
  const ex = importContext(r.doc, clientsOf(r.doc));
  const p = buildImportPlan(parsed.value, {
    entity, fileName, fileHash: hashBytes(bytes), header: parsed.value.header,
    mapping: mappingFromSuggestions(suggestMapping(parsed.value.header, entity)),
    defaultCountry: 'RU', index: buildClientIndex(ex.clients, ex.contacts, ex.batchIds), now: r.ctx.now(), by: r.ctx.me,
    parseErrors: parsed.value.errors, duplicatePolicy: 'update',
  });
  if (!p.ok) throw new Error(p.error.message);
  return p.value;
}

function load(r: Replica, text: string, entity: Entity, choices: ImportChoices = { validOnly: true }): ImportPlan {
  const p = planOn(r, text, entity);
  const w = importPlan(r.ctx, p, choices);
  // A file whose every row is in the base already has nothing to write: fine.
  if (!w.ok && w.error.code !== 'nothing-to-import') throw new Error(`import refused: ${JSON.stringify(w.error)}`);
  return p;
}

const CLIENTS = [
  'Customer ID;Name;Phone;Email;City;Contact name',
  '1;Ромашка;+7 916 555-12-34;a@x.ru;Москва;Иван Петров',
  '2;Вектор;;v@x.ru;Тверь;',
  '3;Альфа;;;Скопје;',
].join('\n') + '\n';
const PURCHASES = [
  'Customer ID;Customer;Date;Sales',
  '1;Ромашка;01.02.2024;100,50',
  '2;Вектор;02.02.2024;20',
  '4;Новый;03.02.2024;30',
  '4;Новый;04.02.2024;31',
].join('\n') + '\n';
/** The same customers with no source ids: clients are named by e-mail, tax id or name only. */
const CLIENTS_NO_IDS = 'Name;ИНН;Email\nРомашка;7701234567;\nВектор;;v@x.ru\nАльфа;;\n';
const PURCHASES_NO_IDS = 'Customer;ИНН;Email;Date;Sales\nРомашка;7701234567;;01.02.2024;10\nВектор;;v@x.ru;02.02.2024;20\nАльфа;;;03.02.2024;30\n';

describe('two laptops import the same files offline', () => {
  it('clients then purchases on both: one set of clients, lines and batches', () => {
    const [a, b] = pair();
    for (const r of [a, b]) { load(r, CLIENTS, 'clients'); load(r, PURCHASES, 'purchases'); }
    exchange(a.doc, b.doc);
    expect(state(a.doc)).toBe(state(b.doc));
    expect(names(a.doc)).toEqual(['Альфа', 'Вектор', 'Новый', 'Ромашка']);
    expect(purchaseCount(a.doc)).toBe(4);
    expect(live(a.doc)).toHaveLength(2);
    expect([...storeOf(a.doc).ids('contacts')]).toHaveLength(1);
  });

  it('in opposite orders (clients first on one, purchases first on the other)', () => {
    const [a, b] = pair();
    load(a, CLIENTS, 'clients'); load(a, PURCHASES, 'purchases');
    load(b, PURCHASES, 'purchases'); load(b, CLIENTS, 'clients');
    exchange(a.doc, b.doc);
    expect(state(a.doc)).toBe(state(b.doc));
    expect(names(a.doc)).toEqual(['Альфа', 'Вектор', 'Новый', 'Ромашка']);
    expect(purchaseCount(a.doc)).toBe(4);
    const r = clientsOf(a.doc).find((c) => c.name === 'Ромашка')!;
    expect(r.emails).toEqual(['a@x.ru']);
  });

  // A client without a source id is named by its row key alone (`deterministicId('cli', 'key', …)`,
  // plan.ts newClientId), not by the file: with the file's hash in it, a laptop that met the client
  // first in the purchases file named it otherwise than one that met it in the clients file.
  it('files without source ids, in opposite orders: clients meet on tax id, e-mail and name', () => {
    const [a, b] = pair();
    load(a, CLIENTS_NO_IDS, 'clients'); load(a, PURCHASES_NO_IDS, 'purchases');
    load(b, PURCHASES_NO_IDS, 'purchases'); load(b, CLIENTS_NO_IDS, 'clients');
    exchange(a.doc, b.doc);
    expect(state(a.doc)).toBe(state(b.doc));
    expect(names(a.doc)).toEqual(['Альфа', 'Вектор', 'Ромашка']);
    expect(purchaseCount(a.doc)).toBe(3);
  });

  it('"keep both" for the same row on both laptops: two clients, not three', () => {
    const [a, b] = pair();
    load(a, CLIENTS, 'clients');
    exchange(a.doc, b.doc);
    const second = 'Customer ID;Name;Email;Contact name\n1;Ромашка;new@x.ru;Анна\n';
    for (const r of [a, b]) load(r, second, 'clients', { validOnly: true, duplicates: { all: 'keep-both' } });
    exchange(a.doc, b.doc);
    expect(state(a.doc)).toBe(state(b.doc));
    expect(clientsOf(a.doc).filter((c) => c.name === 'Ромашка')).toHaveLength(2);
    expect(clientsOf(a.doc)).toHaveLength(4);
  });

  it('an update imported on both laptops is written once in effect, and undo on one takes it back on both', () => {
    const [a, b] = pair();
    load(a, CLIENTS, 'clients');
    exchange(a.doc, b.doc);
    const upd = 'Customer ID;Name;Notes\n2;Вектор;VIP\n';
    const pa = load(a, upd, 'clients');
    load(b, upd, 'clients');
    exchange(a.doc, b.doc);
    expect(clientsOf(b.doc).find((c) => c.name === 'Вектор')!.notes).toBe('VIP');
    value(undoBatch(b.ctx, pa.batchId));
    exchange(a.doc, b.doc);
    expect(state(a.doc)).toBe(state(b.doc));
    expect(clientsOf(a.doc).find((c) => c.name === 'Вектор')!.notes).toBe('');
  });

  it('undo on one laptop after the sync removes the batch on both', () => {
    const [a, b] = pair();
    let pa: ImportPlan | null = null;
    for (const r of [a, b]) { load(r, CLIENTS, 'clients'); pa = load(r, PURCHASES, 'purchases'); }
    exchange(a.doc, b.doc);
    value(undoBatch(b.ctx, pa!.batchId));
    exchange(a.doc, b.doc);
    expect(state(a.doc)).toBe(state(b.doc));
    expect(purchaseCount(a.doc)).toBe(0);
    expect(names(a.doc)).toEqual(['Альфа', 'Вектор', 'Ромашка']);
    expect(live(a.doc)).toHaveLength(1);
    // Importing it again on the other laptop brings it back once.
    load(a, PURCHASES, 'purchases');
    exchange(a.doc, b.doc);
    expect(purchaseCount(b.doc)).toBe(4);
    expect(names(b.doc)).toEqual(['Альфа', 'Вектор', 'Новый', 'Ромашка']);
  });

  it('an interactions file imported on both laptops: each call once; undo on one removes them on both', () => {
    const [a, b] = pair();
    load(a, CLIENTS, 'clients');
    exchange(a.doc, b.doc);
    const calls = 'Customer ID;Date;Type;Subject\n1;05.03.2024;Звонок;Заказ\n2;06.03.2024;Встреча;Показ\n5;07.03.2024;Звонок;Новый\n';
    let p: ImportPlan | null = null;
    for (const r of [a, b]) p = load(r, calls, 'interactions');
    exchange(a.doc, b.doc);
    expect(state(a.doc)).toBe(state(b.doc));
    expect([...storeOf(a.doc).ids('interactions')]).toHaveLength(3);
    expect(clientsOf(a.doc)).toHaveLength(4);
    value(undoBatch(a.ctx, p!.batchId));
    exchange(a.doc, b.doc);
    expect([...storeOf(b.doc).ids('interactions')]).toHaveLength(0);
    expect(clientsOf(b.doc)).toHaveLength(3);
  });
});
