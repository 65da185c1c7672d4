import { describe, expect, it } from 'vitest';
import { countryCode, parseEmail, parsePhone, suggestMapping, type Entity } from '../../src/core/import';
import { parseEmails, parsePhoneParts } from '../../src/core/import/contactValues';
import { utf8 } from './helpers';
import { planFile } from './planHelpers';

const fieldsOf = (h: string[], e: Entity) => Object.fromEntries(suggestMapping(h, e).map((s) => [s.column, s.field]));

describe('a header that only contains a client alias', () => {
  it('does not map to a client key when it names a product, our staff, a supplier or an order', () => {
    expect(fieldsOf(['Код товара', 'Дата', 'Сумма'], 'purchases')['Код товара']).not.toBe('clientExternalId');
    expect(fieldsOf(['Шифра на производ', 'Датум', 'Износ'], 'purchases')['Шифра на производ']).not.toBe('clientExternalId');
    expect(fieldsOf(['Телефон менеджера', 'Клиент', 'Дата', 'Сумма'], 'purchases')['Телефон менеджера']).toBeNull();
    expect(fieldsOf(['Телефон менаџер', 'Купувач'], 'purchases')['Телефон менаџер']).toBeNull();
    expect(fieldsOf(['Email сотрудника', 'Клиент'], 'interactions')['Email сотрудника']).toBeNull();
    expect(fieldsOf(['Телефон поставщика', 'Название'], 'clients')['Телефон поставщика']).toBeNull();
    expect(fieldsOf(['Supplier Phone', 'Company'], 'clients')['Supplier Phone']).toBeNull();
    expect(fieldsOf(['Manager Email', 'Customer'], 'purchases')['Manager Email']).toBeNull();
    expect(fieldsOf(['Код заказа', 'Контрагент'], 'purchases')['Код заказа']).not.toBe('clientExternalId');
    expect(fieldsOf(['Название товара', 'Контрагент'], 'purchases')['Название товара']).toBeNull();
    expect(fieldsOf(['Item Name', 'Customer ID'], 'purchases')['Item Name']).toBe('product');
  });

  it('goes to the other field where one exists: a product code is the product, at a low score', () => {
    expect(suggestMapping(['Код товара', 'Дата', 'Сумма'], 'purchases')[0]).toMatchObject({ field: 'product', score: 0.6 });
    expect(fieldsOf(['Шифра на производ'], 'purchases')['Шифра на производ']).toBe('product');
    // A product-name column takes the product field; the code is then left out.
    expect(fieldsOf(['Номенклатура', 'Код товара'], 'purchases')).toEqual({ 'Номенклатура': 'product', 'Код товара': null });
  });

  it('still maps a partial name that names only the client', () => {
    expect(fieldsOf(['Телефон клиента', 'Код клиента 1С'], 'purchases')).toEqual({ 'Телефон клиента': 'clientPhone', 'Код клиента 1С': 'clientExternalId' });
    expect(fieldsOf(['Work Phone 2', 'Customer ID (CRM)'], 'clients')).toEqual({ 'Work Phone 2': 'phone', 'Customer ID (CRM)': 'externalId' });
  });

  it('ranks an exact name above any partial one, whatever the weights', () => {
    // "Name" is a weak (0.5) exact name for the client in purchases; "Company Name Old" a partial 0.6 one.
    expect(fieldsOf(['Company Name Old', 'Name'], 'purchases')).toEqual({ 'Company Name Old': null, Name: 'clientName' });
    expect(fieldsOf(['Client ID Legacy', 'ID'], 'purchases').ID).toBe('clientExternalId');
  });

  it('no longer links two customers who bought the same product to one client', () => {
    const csv = 'Дата;Контрагент;Код товара;Сумма\n05.01.2024;ООО Ромашка;A-100;10\n06.01.2024;ООО Лютик;A-100;20\n';
    const { plan } = planFile(utf8(csv), 'purchases');
    expect(plan.clientsToCreate.map((c) => c.name).sort()).toEqual(['Лютик', 'Ромашка']);
    expect(new Set(plan.purchases.map((l) => l.clientId)).size).toBe(2);
  });
});

describe('full-name headers', () => {
  it.each(['ФИО', 'Ф.И.О.', 'ФИО клиента', 'Име и презиме', 'Full name', 'FullName'])('%s is the client name', (h) => {
    expect(fieldsOf([h, 'Телефон', 'Email'], 'clients')[h]).toBe('name');
    expect(fieldsOf([h, 'Дата', 'Сумма'], 'purchases')[h]).toBe('clientName');
  });

  it('gives a company-name column the name and the full name to the contact person', () => {
    expect(fieldsOf(['Организация', 'ФИО', 'Телефон'], 'clients')).toEqual({ 'Организация': 'name', 'ФИО': 'contactName', 'Телефон': 'phone' });
    expect(fieldsOf(['Контрагент', 'ФИО менеджера'], 'purchases')['ФИО менеджера']).toBeNull();
  });

  it('names clients by their ФИО, not their e-mail', () => {
    const { plan } = planFile(utf8('ФИО,Телефон,Email\nИванов Иван Иванович,+7 912 345-67-89,ivan@mail.ru\n'), 'clients');
    expect(plan.clientsToCreate).toHaveLength(1);
    expect(plan.clientsToCreate[0]).toMatchObject({ name: 'Иванов Иван Иванович', emails: ['ivan@mail.ru'] });
  });
});

describe('clients named in a full-name column', () => {
  const created = (csv: string, entity: 'clients' | 'purchases' = 'clients') => planFile(utf8(csv), entity).plan.clientsToCreate;

  it('makes people of a ФИО column, family name first', () => {
    expect(created('ФИО,Телефон\nИванов Иван Иванович,+7 912 345-67-89\n')[0]).toMatchObject({ kind: 'person', name: 'Иванов Иван Иванович', lastName: 'Иванов', firstName: 'Иван' });
  });

  it('reads "Full name" and "Име и презиме" given name first', () => {
    expect(created('Full name,Email\nJohn Smith,john@x.com\n')[0]).toMatchObject({ kind: 'person', firstName: 'John', lastName: 'Smith' });
    expect(created('Име и презиме,Email\nМарија Петровска,m@x.mk\n')[0]).toMatchObject({ kind: 'person', firstName: 'Марија', lastName: 'Петровска' });
  });

  it('keeps initials and an unknown order in the name only', () => {
    const [c] = created('ФИО,Email\nИванов И.И.,i@x.ru\n');
    expect(c).toMatchObject({ kind: 'person', name: 'Иванов И.И.' });
    expect(c!.firstName ?? '').toBe('');
    const [d] = created('Полное имя,Email\nПётр Сидоров,p@x.ru\n');
    expect(d).toMatchObject({ kind: 'person', name: 'Пётр Сидоров' });
    expect(d!.lastName ?? '').toBe('');
  });

  it('leaves firms in a ФИО column firms', () => {
    expect(created('ФИО,Email\nООО Ромашка,r@x.ru\n')[0]).toMatchObject({ kind: 'company', legalForm: 'ООО', name: 'Ромашка' });
    expect(created('ФИО,Email\nРога и Копыта 2000,r@x.ru\n')[0]).toMatchObject({ kind: 'company' });
  });

  it('does not guess from a plain name column', () => {
    expect(created('Name,Email\nИванов Иван,i@x.ru\n')[0]).toMatchObject({ kind: 'company' });
  });

  it('makes the clients of a purchases file\'s "ФИО клиента" people', () => {
    expect(created('ФИО клиента;Дата;Сумма\nПетров Пётр;01.02.2024;100\n', 'purchases')[0]).toMatchObject({ kind: 'person', lastName: 'Петров', firstName: 'Пётр' });
  });
});

describe('e-mail cells', () => {
  it.each([';', ',', ' ', ' ; ', ',\u00a0'])('reads both addresses of "a@alfa.mk%sb@alfa.mk"', (sep) => {
    expect(parseEmails(`a@alfa.mk${sep}b@alfa.mk`)).toEqual({ ok: true, value: { emails: ['a@alfa.mk', 'b@alfa.mk'], rejected: [] } });
  });

  it('keeps display names, drops duplicates and reports the parts that are no address', () => {
    expect(parseEmails('Ivan <Ivan@X.mk>, b@x.mk; B@x.mk')).toEqual({ ok: true, value: { emails: ['ivan@x.mk', 'b@x.mk'], rejected: [] } });
    expect(parseEmails('a@x.mk; n/a')).toEqual({ ok: true, value: { emails: ['a@x.mk'], rejected: ['n/a'] } });
    expect(parseEmails('no address').ok).toBe(false);
    expect(parseEmails(' ').ok).toBe(false);
  });

  it('says a cell holds several addresses when one is expected', () => {
    expect(parseEmail('a@alfa.mk; b@alfa.mk')).toEqual({ ok: false, error: '"a@alfa.mk; b@alfa.mk" holds 2 addresses, not one' });
  });

  it('strips invisible characters', () => {
    expect(parseEmail('beta@beta.mk\u200b')).toEqual({ ok: true, value: 'beta@beta.mk' });
    expect(parseEmail('\ufeff\u00a0beta@beta.mk\u00a0')).toEqual({ ok: true, value: 'beta@beta.mk' });
    expect(parseEmail('be\u200dta@beta.mk\u2060')).toEqual({ ok: true, value: 'beta@beta.mk' });
  });
});

describe('phone cells', () => {
  it('reads an Excel/pandas float as the number', () => {
    expect(parsePhone('79123456789.0', 'RU')).toEqual({ ok: true, value: '+79123456789' });
    expect(parsePhone('38970123456.00', 'MK')).toEqual({ ok: true, value: '+38970123456' });
    expect(parsePhone('7912345.5', 'RU').ok).toBe(false); // a real fraction is no phone
  });

  it.each(['00-1-212-555-7777', '00 1 212 555 7777', '001-212-555-7777', '00.1.212.555.7777'])('reads the 00 prefix in %s', (v) => {
    expect(parsePhone(v, 'US')).toEqual({ ok: true, value: '+12125557777' });
  });

  it('never drops an extension silently', () => {
    expect(parsePhoneParts('+1-418-656-9254;ext=102', 'US')).toEqual({ ok: true, value: { number: '+14186569254', ext: '102' } });
    expect(parsePhoneParts('8 (495) 123-45-67 доб. 12', 'RU')).toEqual({ ok: true, value: { number: '+74951234567', ext: '12' } });
    expect(parsePhoneParts('+7 495 123-45-67', 'RU')).toEqual({ ok: true, value: { number: '+74951234567', ext: '' } });
    // parsePhone has one string to give: it refuses, and says why; a clients file keeps the number and warns (clientRow.test.ts).
    const p = parsePhone('+1-418-656-9254;ext=102', 'US');
    expect(p.ok).toBe(false);
    if (!p.ok) expect(p.error).toMatch(/\+14186569254 with extension 102/);
    const { plan } = planFile(utf8('Name,Phone\nAcme,+1-418-656-9254;ext=102\n'), 'clients');
    expect(plan.clientsToCreate[0]!.phones).toEqual(['+14186569254']);
    expect(plan.warnings.map((w) => w.reason)).toEqual([expect.stringMatching(/extension 102 not imported/)]);
  });
});

describe('country cells', () => {
  it.each([
    ['U.S.A.', 'US'], ['USA', 'US'], ['U.S.', 'US'], ['United States of America', 'US'], ['U.K.', 'GB'],
    ['Северна Македонија', 'MK'], ['Македонија', 'MK'], ['Република Северна Македонија', 'MK'],
    ['Россия', 'RU'], ['РФ', 'RU'], ['Р.Ф.', 'RU'], ['Russian Federation', 'RU'], ['Российская Федерация', 'RU'],
  ])('countryCode(%s) = %s', (cell, code) => {
    expect(countryCode(cell)).toBe(code);
  });
});
