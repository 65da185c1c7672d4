import { describe, expect, it } from 'vitest';
import { clientsCsv, contactsCsv, csvBytes, csvFormatFor } from '../../src/core/export';
import { suggestMapping } from '../../src/core/import';
import { defaultClient, type Client, type ClientId } from '../../src/core/model/client';
import { defaultContact, validateContact, type Contact, type ContactId } from '../../src/core/model/contact';
import { deterministicId } from '../../src/core/model/ids';
import { normName } from '../../src/core/import/clientIndex';
import { applyClients, NOW, planFile } from './planHelpers';
import { utf8 } from './helpers';

/**
 * Our contacts export imported back (audit): the contact's phone, e-mail, birthday and notes columns
 * belong to the contact person, never to the client, and a re-import into the same base is a no-op.
 */

const firm: Client = {
  ...defaultClient('cli_alfaaaaaaaaaaaaaaaaaaaaaaa' as ClientId, NOW, ''), name: 'Алфа', phones: ['+38923111222'],
  emails: ['office@alfa.mk'], notes: 'VIP: only invoices',
};
/** As the UI makes them: random ids, not the import's deterministic ones. */
const person = (n: number, over: Partial<Contact>): Contact =>
  ({ ...defaultContact(`con_ui${String(n).padEnd(23, 'x')}` as ContactId, firm.id, NOW, ''), ...over });
const ana = person(1, { name: 'Ана Петровска', role: 'Финансии', phones: ['+38970123456', '+38971222333'], emails: ['ana@alfa.mk', 'ana.p@gmail.com'], birthday: '1985-03-07', notes: 'Calls after 10' });
const marko = person(2, { name: 'Марко', role: '' });
const people = [ana, marko];

const exported = (fmt: 'en' | 'ru' | 'mk') => csvBytes(contactsCsv(people, new Map([[firm.id, firm]]), csvFormatFor(fmt)));
/** What a person sees of a contact (ids and stamps aside). */
const shape = (c: Contact) => [c.name, c.role, c.phones, c.emails, c.birthday, c.notes];

describe('contacts export → import', () => {
  it("maps every contact column to the contact's own field", () => {
    const header = ['Customer ID', 'Customer name', 'Contact name', 'Contact title', 'Contact phone', 'Contact phone 2', 'Contact email', 'Contact birthday', 'Contact notes'];
    expect(suggestMapping(header, 'clients').map((s) => s.field)).toEqual([
      'externalId', 'name', 'contactName', 'contactTitle', 'contactPhone', 'contactPhone', 'contactEmail', 'contactBirthday', 'contactNotes']);
    const ru = ['Клиент', 'Контактное лицо', 'Телефон контактного лица', 'E-mail контактного лица', 'Дата рождения контактного лица', 'Заметки о контактном лице'];
    expect(suggestMapping(ru, 'clients').map((s) => s.field)).toEqual(['name', 'contactName', 'contactPhone', 'contactEmail', 'contactBirthday', 'contactNotes']);
    const mk = ['Купувач', 'Лице за контакт', 'Телефон на лицето за контакт', 'Е-пошта на лицето за контакт', 'Роденден на лицето за контакт', 'Белешки за лицето за контакт'];
    expect(suggestMapping(mk, 'clients').map((s) => s.field)).toEqual(['name', 'contactName', 'contactPhone', 'contactEmail', 'contactBirthday', 'contactNotes']);
    // The client's own columns keep their fields next to the contact's.
    expect(suggestMapping(['Name', 'Phone', 'Email', 'Notes', 'Contact phone'], 'clients').map((s) => s.field)).toEqual(['name', 'phone', 'email', 'notes', 'contactPhone']);
  });

  it.each(['en', 'ru', 'mk'] as const)('into an empty base (%s) recreates the contacts with their phones, e-mails, birthday and notes', (fmt) => {
    const { plan } = planFile(exported(fmt), 'clients', { extra: { defaultCountry: 'MK' } });
    expect(plan.rowErrors).toEqual([]);
    expect(plan.warnings).toEqual([]);
    expect(plan.clientsToCreate).toHaveLength(1);
    const made = plan.clientsToCreate[0]!;
    expect(made.name).toBe('Алфа');
    // None of the contact's values went to the client.
    expect([made.phones, made.emails, made.notes]).toEqual([[], [], '']);
    expect(plan.contactsToCreate.map(shape)).toEqual(people.map(shape));
    expect(plan.contactsToCreate.every((c) => c.clientId === made.id)).toBe(true);
    // What the command writes is a valid contact (the birthday in particular).
    for (const c of plan.contactsToCreate) expect(validateContact(c)).toEqual({ ok: true, value: c });
  });

  it('into the same base (contacts made in the UI) is a no-op, and the client keeps its own phone, e-mail and notes', () => {
    const { plan } = planFile(exported('ru'), 'clients', { existing: [firm], contacts: people, extra: { defaultCountry: 'MK' } });
    expect(plan.clientsToUpdate).toEqual([]);
    expect(plan.clientsToCreate).toEqual([]);
    expect(plan.contactsToCreate).toEqual([]);
    expect(plan.duplicates).toEqual([]);
    expect(plan.counts).toMatchObject({ create: 0, update: 0, error: 0 });
  });

  it('into the same base (contacts made by an earlier import) is a no-op', () => {
    const first = planFile(exported('en'), 'clients', { extra: { defaultCountry: 'MK' } }).plan;
    const base = applyClients([], first);
    const again = planFile(exported('en'), 'clients', { existing: base, contacts: first.contactsToCreate, extra: { defaultCountry: 'MK' } }).plan;
    expect([again.clientsToCreate, again.clientsToUpdate, again.contactsToCreate]).toEqual([[], [], []]);
  });

  it("a contacts file for a client that has other values does not touch the client's phones, e-mails or notes", () => {
    const other = { ...firm, phones: ['+38923999888'], emails: ['boss@alfa.mk'], notes: 'Pays late' };
    const { plan } = planFile(exported('en'), 'clients', { existing: [other], extra: { defaultCountry: 'MK' } });
    expect(plan.clientsToUpdate).toEqual([]);
    expect(plan.contactsToCreate.map(shape)).toEqual(people.map(shape));
  });
});

describe('contact values in a clients file', () => {
  const plan = (text: string) => planFile(utf8(text), 'clients', { extra: { defaultCountry: 'MK' } }).plan;

  it('birthdays are read as ISO or DD.MM.YYYY; a slashed or broken one is warned about, not guessed', () => {
    const p = plan('Name;Contact name;Contact birthday\nA;Ана;1985-03-07\nB;Бојан;07.03.1985\nC;Цвета;5 марта 1990\nD;Драган;03/07/1985\nE;Ема;31.02.1990\n');
    expect(p.contactsToCreate.map((c) => c.birthday)).toEqual(['1985-03-07', '1985-03-07', '1990-03-05', '', '']);
    expect(p.warnings.map((w) => [w.row, w.value])).toEqual([[5, '03/07/1985'], [6, '31.02.1990']]);
  });

  it("a contact's bad phone is kept as typed and a bad e-mail dropped, each with a warning, as the client's are", () => {
    const p = plan('Name;Contact name;Contact phone;Contact email\nA;Ана;12;ana@alfa.mk, nope\n');
    expect(p.contactsToCreate.map((c) => [c.phones, c.emails])).toEqual([[['12'], ['ana@alfa.mk']]]);
    expect(p.warnings).toHaveLength(2);
    expect(p.clientsToCreate.map((c) => [c.phones, c.emails])).toEqual([[[], []]]);
  });

  it('the same contact on two rows of one client is one contact with both rows\' phones and e-mails', () => {
    const p = plan('Name;Contact name;Contact phone;Contact email;Contact notes\nA;Ана;070123456;ana@alfa.mk;first\nA;ана;071222333;ana@alfa.mk;second\n');
    expect(p.contactsToCreate.map(shape)).toEqual([['Ана', '', ['+38970123456', '+38971222333'], ['ana@alfa.mk'], '', 'first']]);
  });

  it("a contact value without the contact's name is not imported, and said so", () => {
    const p = plan('Name;Contact name;Contact phone\nA;;070123456\n');
    expect(p.contactsToCreate).toEqual([]);
    expect(p.clientsToCreate.map((c) => c.phones)).toEqual([[]]);
    expect(p.warnings.map((w) => [w.row, w.column, w.value])).toEqual([[2, 'Contact phone', '070123456']]);
  });

  it('the contact id stays deterministic (client + name), so a purchases-side re-import finds it', () => {
    const p = plan('Name;Contact name\nA;Ана\n');
    const c = p.clientsToCreate[0]!;
    expect(p.contactsToCreate[0]!.id).toBe(deterministicId('con', c.id, normName('Ана')));
  });
});

describe('clients export → import into the same base', () => {
  // Added on the card: the UI's id (`a<time>`), never the import's deterministic one.
  const office = { id: 'amb1x2y3z', kind: 'office' as const, line: 'ул. Македонија 12, кат 2', city: 'Скопје', postalCode: '1000', country: 'Македонија' };
  const withAddress: Client = { ...firm, addresses: [office] };

  it.each(['en', 'ru', 'mk'] as const)('a UI-made address is not added again, and the dry run shows no update (%s)', (fmt) => {
    const { plan } = planFile(csvBytes(clientsCsv([withAddress], csvFormatFor(fmt))), 'clients', { existing: [withAddress], contacts: people, extra: { defaultCountry: 'MK' } });
    expect([plan.clientsToCreate, plan.clientsToUpdate, plan.duplicates, plan.contactsToCreate]).toEqual([[], [], [], []]);
    expect(plan.counts).toMatchObject({ create: 0, update: 0, error: 0 });
  });

  it('the same address written with other case, spacing and punctuation is the same address; another one is added', () => {
    const typed = { ...office, line: 'УЛ МАКЕДОНИЈА 12 КАТ 2', city: ' скопје', postalCode: '1 000', country: 'MK' };
    const text = clientsCsv([{ ...withAddress, addresses: [typed] }], csvFormatFor('en'));
    expect(planFile(csvBytes(text), 'clients', { existing: [withAddress] }).plan.clientsToUpdate).toEqual([]);
    const moved = clientsCsv([{ ...withAddress, addresses: [{ ...office, line: 'бул. Партизански одреди 5' }] }], csvFormatFor('en'));
    const upd = planFile(csvBytes(moved), 'clients', { existing: [withAddress] }).plan.clientsToUpdate;
    expect(upd.map((u) => u.fields.addresses?.map((a) => a.line))).toEqual([[office.line, 'бул. Партизански одреди 5']]);
  });
});
