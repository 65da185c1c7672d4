/**
 * What an import does to the base: the dry run's counts against what applying the plan writes,
 * duplicate choices (update / keep both / skip), re-import, interactions files, "only valid rows".
 * Plans are made the way the UI makes them (policy "update", choices applied by the command).
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { buildClientIndex, buildImportPlan, mappingFromSuggestions, parseCsv, suggestMapping, type Entity, type ImportPlan, type Mapping } from '../../src/core/import';
import { hashBytes } from '../../src/core/model/ids';
import { undoBatch } from '../../src/core/commands/batches';
import { importContext, importPlan, summarise, type ImportChoices } from '../../src/core/commands/importPlan';
import { deleteClient, updateClientField } from '../../src/core/commands/clients';
import { ClientCache, getClient } from '../../src/core/queries/clients';
import { listBatches, purchaseCount } from '../../src/core/queries/purchases';
import { storeOf } from '../../src/core/queries/store';
import type { Client, ClientId } from '../../src/core/model/client';
import type { Contact } from '../../src/core/model/contact';
import { validateContact } from '../../src/core/model/contact';
import { replica, value, type Replica } from '../core/helpers';

const utf8 = (s: string) => new TextEncoder().encode(s);
const NOW = '2026-01-01T00:00:00.000Z';

const clientsOf = (doc: Y.Doc): Client[] => [...new ClientCache(doc).byId.values()].filter((c) => !c.deletedAt);
const byName = (doc: Y.Doc, name: string) => clientsOf(doc).filter((c) => c.name === name);
function contactsOf(doc: Y.Doc): Contact[] {
  const store = storeOf(doc);
  const out: Contact[] = [];
  for (const id of store.ids('contacts')) { const r = validateContact(store.merged('contacts', id)); if (r.ok && !r.value.deletedAt) out.push(r.value); }
  return out;
}
const size = (doc: Y.Doc) => Y.encodeStateAsUpdate(doc).byteLength;

/** Plans a file against a laptop's base, as the import page does. */
function planOn(r: Replica, text: string, entity: Entity, opts: { mapping?: Mapping; fileName?: string } = {}): ImportPlan {
  const bytes = utf8(text);
  const parsed = parseCsv(bytes);
  if (!parsed.ok) throw new Error(parsed.error.message);
  const ex = importContext(r.doc, clientsOf(r.doc));
  const p = buildImportPlan(parsed.value, {
    entity, fileName: opts.fileName ?? `${entity}.csv`, fileHash: hashBytes(bytes), header: parsed.value.header,
    mapping: { ...mappingFromSuggestions(suggestMapping(parsed.value.header, entity)), ...opts.mapping },
    defaultCountry: 'RU', index: buildClientIndex(ex.clients, ex.contacts, ex.batchIds, ex.interactionIds), now: NOW, by: '',
    parseErrors: parsed.value.errors, duplicatePolicy: 'update',
  });
  if (!p.ok) throw new Error(p.error.message);
  return p.value;
}

function apply(r: Replica, p: ImportPlan, choices: ImportChoices = { validOnly: true }) {
  return value(importPlan(r.ctx, p, choices) as { ok: true; value: { summary: ReturnType<typeof summarise> } } | { ok: false; error: string });
}

const CLIENTS = [
  'Customer ID;Name;Phone;Email;City;Contact name;Notes',
  '1;Ромашка;+7 916 555-12-34;a@x.ru;Москва;Иван Петров;первый',
  '2;Вектор;;v@x.ru;Тверь;;',
  '3;Альфа;;;Скопје;;',
].join('\n') + '\n';

describe('clients file: the dry run says what applying it does', () => {
  it('create / update / skip / problems of a second file equal what lands in the base', () => {
    const lap = replica();
    apply(lap, planOn(lap, CLIENTS, 'clients'));
    const before = new Map(clientsOf(lap.doc).map((c) => [c.id, c]));
    const second = [
      'Customer ID;Name;Phone;Email;City;Contact name;Notes',
      '1;Ромашка;;a@x.ru;Москва;Иван Петров;первый', // unchanged (empty phone cell blanks nothing)
      '2;Вектор;+7 495 111-22-33;v@x.ru;Тверь;;VIP', // update: a phone and notes
      '4;Бета;;b@x.ru;;;', // new
      ';;;;;;', // nothing at all: not a row
      '5;;;;;;', // id only: its name is the id
      '6;;;not-an-email;;;', // id only, bad e-mail warned
    ].join('\n') + '\n';
    const p = planOn(lap, second, 'clients', { fileName: 'second.csv' });
    const s = summarise(p, { validOnly: true });
    const r = apply(lap, p);
    expect(r.summary).toEqual(s);
    const after = clientsOf(lap.doc);
    const created = after.filter((c) => !before.has(c.id));
    const updated = after.filter((c) => before.has(c.id) && JSON.stringify({ ...c, updatedAt: '' }) !== JSON.stringify({ ...before.get(c.id), updatedAt: '' }));
    expect(created.length).toBe(s.create);
    expect(updated.map((c) => c.name)).toEqual(['Вектор']);
    expect(s.update).toBe(1);
    expect(s.skip).toBe(1);
    expect(s.rowsRead).toBe(s.create + s.update + s.skip + s.error);
    const b = listBatches(lap.doc).find((x) => x.id === p.batchId)!;
    expect(b).toMatchObject({ rowsRead: s.rowsRead, created: s.create, updated: s.update });
  });

  it('an update that only brings a new address writes that address (counted = written)', () => {
    const lap = replica();
    apply(lap, planOn(lap, CLIENTS, 'clients'));
    const p = planOn(lap, 'Customer ID;Name;City\n2;Вектор;Клин\n', 'clients', { fileName: 'moved.csv' });
    expect(summarise(p, { validOnly: true }).update).toBe(1);
    apply(lap, p);
    const v = byName(lap.doc, 'Вектор')[0]!;
    expect(v.addresses.map((a) => a.city).sort()).toEqual(['Клин', 'Тверь']);
    expect(listBatches(lap.doc).find((b) => b.id === p.batchId)?.updated).toBe(1);
  });

  it('"update" writes only changed fields: no key rewritten with the same value', () => {
    const lap = replica();
    apply(lap, planOn(lap, CLIENTS, 'clients'));
    const p = planOn(lap, 'Customer ID;Name;Phone;Email;Notes\n1;Ромашка;+7 (916) 555 12 34;A@X.RU;второй\n', 'clients', { fileName: 'notes.csv' });
    expect(p.clientsToUpdate).toEqual([{ id: p.duplicates[0]!.existingId, fields: { notes: 'второй' } }]);
    apply(lap, p);
    const c = byName(lap.doc, 'Ромашка')[0]!;
    expect(c.notes).toBe('второй');
    expect(c.phones).toEqual(['+79165551234']);
    expect(c.emails).toEqual(['a@x.ru']);
  });
});

describe('duplicate choices', () => {
  const SECOND = 'Customer ID;Name;Email;Contact name\n1;Ромашка;new@x.ru;Анна Сидорова\n';

  it('"skip" writes nothing for the row: not its fields, not its contact person', () => {
    const lap = replica();
    apply(lap, planOn(lap, CLIENTS, 'clients'));
    const contactsBefore = contactsOf(lap.doc).length;
    const p = planOn(lap, SECOND, 'clients', { fileName: 'second.csv' });
    expect(p.duplicates).toHaveLength(1);
    const choices: ImportChoices = { validOnly: true, duplicates: { all: 'skip' } };
    const s = summarise(p, choices);
    expect(s).toMatchObject({ create: 0, update: 0, skip: 1, contacts: 0 });
    const r = importPlan(lap.ctx, p, choices);
    // Nothing to write at all: refused as such, or written as an empty batch — either way nothing changes.
    if (r.ok) expect(r.value.summary).toEqual(s);
    expect(byName(lap.doc, 'Ромашка')[0]!.emails).toEqual(['a@x.ru']);
    expect(contactsOf(lap.doc)).toHaveLength(contactsBefore);
  });

  it('"keep both" makes a second client that owns the row’s contact person', () => {
    const lap = replica();
    apply(lap, planOn(lap, CLIENTS, 'clients'));
    const p = planOn(lap, SECOND, 'clients', { fileName: 'second.csv' });
    const choices: ImportChoices = { validOnly: true, duplicates: { all: 'keep-both' } };
    expect(summarise(p, choices)).toMatchObject({ create: 1, update: 0, contacts: 1 });
    apply(lap, p, choices);
    const [old, copy] = byName(lap.doc, 'Ромашка').sort((a, b) => (a.emails[0] === 'a@x.ru' ? -1 : b.emails[0] === 'a@x.ru' ? 1 : 0));
    expect(old!.emails).toEqual(['a@x.ru']);
    expect(copy!.emails).toEqual(['new@x.ru']);
    const anna = contactsOf(lap.doc).find((c) => c.name === 'Анна Сидорова');
    expect(anna?.clientId).toBe(copy!.id);
  });

  it('"keep both" gives the copy\'s contact person the row\'s phone, e-mail, birthday and notes', () => {
    const lap = replica();
    apply(lap, planOn(lap, CLIENTS, 'clients'));
    const row = 'Customer ID;Name;Email;Contact name;Contact phone;Contact email;Contact birthday;Contact notes\n1;Ромашка;new@x.ru;Пётр Котов;+7 912 345-67-89;kotov@x.ru;05.03.1990;звонить утром\n';
    const p = planOn(lap, row, 'clients', { fileName: 'kotov.csv' });
    apply(lap, p, { validOnly: true, duplicates: { all: 'keep-both' } });
    const kotov = contactsOf(lap.doc).find((c) => c.name === 'Пётр Котов');
    expect(kotov).toMatchObject({ phones: ['+79123456789'], emails: ['kotov@x.ru'], birthday: '1990-03-05', notes: 'звонить утром' });
  });

  it('"update" on one row, "skip" on another row of the same client: only the first row’s fields', () => {
    const lap = replica();
    apply(lap, planOn(lap, CLIENTS, 'clients'));
    const two = 'Customer ID;Name;Email;Notes\n1;Ромашка;;из первой строки\n1;Ромашка;second@x.ru;\n';
    const p = planOn(lap, two, 'clients', { fileName: 'two.csv' });
    expect(p.duplicates.map((d) => d.row)).toEqual([2, 3]);
    const choices: ImportChoices = { validOnly: true, duplicates: { rows: { 2: 'update', 3: 'skip' } } };
    apply(lap, p, choices);
    const c = byName(lap.doc, 'Ромашка')[0]!;
    expect(c.notes).toBe('из первой строки');
    expect(c.emails).toEqual(['a@x.ru']);
  });
});

describe('re-import', () => {
  it('the same file again changes nothing (not a byte), also after the user edited an imported client', () => {
    const lap = replica();
    const p1 = planOn(lap, CLIENTS, 'clients');
    apply(lap, p1);
    const id = byName(lap.doc, 'Вектор')[0]!.id;
    expect(value(updateClientField(lap.ctx, id, 'notes', 'звонить после 12'))).toBe(true);
    const bytes = size(lap.doc);
    const p2 = planOn(lap, CLIENTS, 'clients');
    expect(p2.alreadyImported).toBe(true);
    expect(summarise(p2, { validOnly: true })).toMatchObject({ create: 0, update: 0 });
    const r = importPlan(lap.ctx, p2, { validOnly: true });
    expect(!r.ok && r.error.code).toBe('already-imported');
    expect(size(lap.doc)).toBe(bytes);
    expect(getClient(lap.doc, id)?.notes).toBe('звонить после 12');
  });

  it('the same rows in another file: nothing to write; a user’s edit the file contradicts is shown as an update', () => {
    const lap = replica();
    apply(lap, planOn(lap, CLIENTS, 'clients'));
    const id = byName(lap.doc, 'Ромашка')[0]!.id as ClientId;
    value(updateClientField(lap.ctx, id, 'notes', 'правка'));
    const p = planOn(lap, CLIENTS.replace('Notes', 'Notes '), 'clients', { fileName: 'copy.csv' });
    expect(p.alreadyImported).toBe(false);
    expect(p.duplicates.map((d) => d.existingId)).toEqual([id]);
    expect(p.clientsToUpdate).toEqual([{ id, fields: { notes: 'первый' } }]);
    const bytes = size(lap.doc);
    const r = importPlan(lap.ctx, p, { validOnly: true, duplicates: { all: 'skip' } });
    // Skipped: nothing left to write, nothing written; the edit stays.
    expect(!r.ok && r.error.code).toBe('nothing-to-import');
    expect(getClient(lap.doc, id)?.notes).toBe('правка');
    expect(size(lap.doc)).toBe(bytes);
  });
});

describe('undo of a file that updated clients', () => {
  it('takes its updates back too, but not a field someone changed since', () => {
    const lap = replica();
    apply(lap, planOn(lap, CLIENTS, 'clients'));
    const before = clientsOf(lap.doc);
    const upd = 'Customer ID;Name;Phone;City;Notes\n1;Ромашка;+7 495 000-00-01;Казань;новое\n2;Вектор;;;VIP\n';
    const p = planOn(lap, upd, 'clients', { fileName: 'update.csv' });
    expect(summarise(p, { validOnly: true }).update).toBe(2);
    apply(lap, p);
    const v = byName(lap.doc, 'Вектор')[0]!;
    expect(v.notes).toBe('VIP');
    value(updateClientField(lap.ctx, v.id, 'notes', 'VIP, звонить утром')); // the team's edit after the import
    value(undoBatch(lap.ctx, p.batchId));
    const r = byName(lap.doc, 'Ромашка')[0]!;
    const r0 = before.find((c) => c.id === r.id)!;
    expect({ notes: r.notes, phones: r.phones, addresses: r.addresses }).toEqual({ notes: r0.notes, phones: r0.phones, addresses: r0.addresses });
    expect(getClient(lap.doc, v.id)?.notes).toBe('VIP, звонить утром');
    // Imported again after the undo: the updates come back.
    const again = planOn(lap, upd, 'clients', { fileName: 'update.csv' });
    expect(again.alreadyImported).toBe(false);
    apply(lap, again);
    expect(byName(lap.doc, 'Ромашка')[0]!.notes).toBe('новое');
  });
});

const PURCHASES = [
  'Customer ID;Customer;Date;Sales',
  '1;Ромашка;01.02.2024;100,50',
  '1;Ромашка;02.02.2024;20',
  '7;Новый;03.02.2024;30', // a new client from purchases
  '7;Новый;31.02.2024;30', // bad date
  '8;Битый;04.02.2024;abc', // bad amount, and its client has no other row
  ';;05.02.2024;10', // names no client
  '2;Вектор;06.02.2024;5',
].join('\n') + '\n';

describe('purchases file', () => {
  it('counts equal what lands; rows with problems are left out and reported; the rest lands', () => {
    const lap = replica();
    apply(lap, planOn(lap, CLIENTS, 'clients'));
    const n0 = clientsOf(lap.doc).length;
    const p = planOn(lap, PURCHASES, 'purchases');
    expect(p.rowErrors.map((e) => e.row)).toEqual([5, 6, 7]);
    expect(p.rowErrors.every((e) => e.column !== '' && e.reason !== '')).toBe(true);
    const s = summarise(p, { validOnly: true }, []);
    expect(s).toMatchObject({ rowsRead: 7, create: 4, error: 3, newClientsFromPurchases: 1 });
    const r = apply(lap, p);
    expect(r.summary).toEqual(s);
    expect(purchaseCount(lap.doc)).toBe(4);
    expect(clientsOf(lap.doc).length - n0).toBe(1);
    expect(byName(lap.doc, 'Битый')).toEqual([]);
    expect(listBatches(lap.doc).find((b) => b.id === p.batchId)).toMatchObject({ created: 4, skipped: 3, rowsRead: 7 });
  });

  it('re-import is a no-op; undo removes the lines and the client it created', () => {
    const lap = replica();
    apply(lap, planOn(lap, CLIENTS, 'clients'));
    const p = planOn(lap, PURCHASES, 'purchases');
    apply(lap, p);
    const bytes = size(lap.doc);
    const again = planOn(lap, PURCHASES, 'purchases');
    expect(again.alreadyImported).toBe(true);
    expect(importPlan(lap.ctx, again, { validOnly: true }).ok).toBe(false);
    expect(size(lap.doc)).toBe(bytes);
    value(undoBatch(lap.ctx, p.batchId));
    expect(purchaseCount(lap.doc)).toBe(0);
    expect(byName(lap.doc, 'Новый')).toEqual([]);
    expect(clientsOf(lap.doc)).toHaveLength(3);
  });
});

describe('a file naming a client the team deleted', () => {
  it('the dry run’s "new clients" are there after the import, and the lines are visible', () => {
    const lap = replica();
    apply(lap, planOn(lap, CLIENTS, 'clients'));
    const v = byName(lap.doc, 'Вектор')[0]!;
    value(deleteClient(lap.ctx, v.id));
    const p = planOn(lap, PURCHASES, 'purchases');
    const s = summarise(p, { validOnly: true }, []);
    const n0 = clientsOf(lap.doc).length;
    apply(lap, p);
    expect(clientsOf(lap.doc).length - n0).toBe(s.newClientsFromPurchases);
    const line = p.purchases.find((l) => l.amount === 5)!;
    expect(clientsOf(lap.doc).map((c) => c.id)).toContain(line.clientId);
    // Undo takes it back: deleted again, as the team left it.
    value(undoBatch(lap.ctx, p.batchId));
    expect(getClient(lap.doc, v.id)?.deletedAt).not.toBe('');
    expect(clientsOf(lap.doc)).toHaveLength(n0);
  });
});

describe('interactions file', () => {
  const CALLS = [
    'Email;Phone;Client;Date;Type;Subject;Result',
    'a@x.ru;;;05.03.2024;Звонок;Обсудили заказ;перезвонить',
    ';+7 916 555 12 34;;06.03.2024;Meeting;Показ;',
    ';;Вектор;07.03.2024;письмо;КП;',
    ';;Новая фирма;08.03.2024;;Заметка;',
    ';;Альфа;32.03.2024;Звонок;;',
    ';;;09.03.2024;Звонок;;',
  ].join('\n') + '\n';

  it('links by e-mail, phone and name, reads kinds, reports each bad row, creates a named new client', () => {
    const lap = replica();
    apply(lap, planOn(lap, CLIENTS, 'clients'));
    const p = planOn(lap, CALLS, 'interactions');
    const id = (n: string) => byName(lap.doc, n)[0]!.id;
    expect(p.interactions.map((i) => [i.clientId === id('Ромашка') || i.clientId === id('Вектор') ? i.clientId : 'new', i.kind, i.date, i.text, i.result])).toEqual([
      [id('Ромашка'), 'call', '2024-03-05', 'Обсудили заказ', 'перезвонить'],
      [id('Ромашка'), 'meeting', '2024-03-06', 'Показ', ''],
      [id('Вектор'), 'email', '2024-03-07', 'КП', ''],
      ['new', 'note', '2024-03-08', 'Заметка', ''],
    ]);
    expect(p.rowErrors.map((e) => [e.row, e.column])).toEqual([[6, 'Date'], [7, 'Client']]);
    const s = summarise(p, { validOnly: true }, []);
    expect(s).toMatchObject({ create: 4, error: 2, newClientsFromPurchases: 1 });
    apply(lap, p);
    expect([...storeOf(lap.doc).ids('interactions')]).toHaveLength(4);
    expect(byName(lap.doc, 'Новая фирма')).toHaveLength(1);
    const bytes = size(lap.doc);
    const again = planOn(lap, CALLS, 'interactions');
    expect(again.alreadyImported).toBe(true);
    expect(importPlan(lap.ctx, again, { validOnly: true }).ok).toBe(false);
    expect(size(lap.doc)).toBe(bytes);
    value(undoBatch(lap.ctx, p.batchId));
    expect([...storeOf(lap.doc).ids('interactions')].filter((i) => !(storeOf(lap.doc).merged('interactions', i) as { deletedAt?: string } | null)?.deletedAt)).toHaveLength(0);
    expect(byName(lap.doc, 'Новая фирма')).toEqual([]);
    expect(clientsOf(lap.doc)).toHaveLength(3);
  });

  const live = (doc: Y.Doc) => [...storeOf(doc).ids('interactions')].filter((i) => {
    const r = storeOf(doc).merged('interactions', i) as { deletedAt?: string } | null;
    return r && !r.deletedAt;
  });

  it('a grown file brings only its new rows; the same call twice in one file is two calls', () => {
    const lap = replica();
    apply(lap, planOn(lap, CLIENTS, 'clients'));
    const march = CALLS.split('\n').slice(0, 4).join('\n') + '\n';
    apply(lap, planOn(lap, march, 'interactions', { fileName: 'march.csv' }));
    expect(live(lap.doc)).toHaveLength(3);
    // April's export repeats March's rows, then a new call, and the same new call again.
    const april = march + 'a@x.ru;;;02.04.2024;Звонок;Напомнили;\na@x.ru;;;02.04.2024;Звонок;Напомнили;\n';
    const p = planOn(lap, april, 'interactions', { fileName: 'april.csv' });
    expect(summarise(p, { validOnly: true }, [])).toMatchObject({ create: 2, skip: 3 });
    apply(lap, p);
    expect(live(lap.doc)).toHaveLength(5);
    // Two laptops: one imported March then April, the other only April — the same five calls.
    const other = replica();
    apply(other, planOn(other, CLIENTS, 'clients'));
    apply(other, planOn(other, april, 'interactions', { fileName: 'april.csv' }));
    expect(live(other.doc).sort()).toEqual(live(lap.doc).sort());
  });

  it('a file imported again after its undo brings its calls back', () => {
    const lap = replica();
    apply(lap, planOn(lap, CLIENTS, 'clients'));
    const p = planOn(lap, CALLS, 'interactions');
    apply(lap, p);
    value(undoBatch(lap.ctx, p.batchId));
    expect(live(lap.doc)).toHaveLength(0);
    const again = planOn(lap, CALLS, 'interactions');
    expect(summarise(again, { validOnly: true }, [])).toMatchObject({ create: 4 });
    apply(lap, again);
    expect(live(lap.doc)).toHaveLength(4);
  });
});
