import { describe, expect, it } from 'vitest';
import { sniffBlob } from '../../src/core/import/pipeline';
import { strictTsv } from '../../src/core/import/paste';
import { suggestMapping, type ColumnSuggestion, type Entity } from '../../src/core/import';
import { sniffSuggestions, suggestFromValues, VALUE_SCORE } from '../../src/core/import/mappingValues';
import { isImportRequest } from '../../src/workers/import.messages';

const fields = (s: readonly ColumnSuggestion[]) => s.map((c) => c.field);

describe('a header-less file is mapped from its values', () => {
  it('clients: name, phone, e-mail and ИНН (10 and 12 digits, check digits read)', () => {
    const rows = [
      ['ООО «Ромашка»', '+7 916 123-45-67', 'info@romashka.ru', '7707083893'],
      ['ИП Иванов Иван Иванович', '8 (495) 123-45-67', 'ivanov@mail.ru', '500100732259'],
      ['АО Вектор', '84951112233', 'sales@vector.ru', '7736050003'],
    ];
    expect(fields(suggestFromValues(rows, 'clients'))).toEqual(['name', 'phone', 'email', 'taxId']);
    // A 10-digit ИНН is a valid number for libphonenumber too (+7 770…): the check digits decide.
    expect(fields(suggestFromValues(rows.map((r) => [r[3]!, r[0]!]), 'clients'))).toEqual(['taxId', 'name']);
  });

  it('clients in Macedonia: local phones in the team country, a 13-digit ЕДБ', () => {
    const rows = [
      ['4030996123456', 'Алфа ДООЕЛ', '070 123 456'],
      ['4057008501234', 'Бета ДОО Скопје', '02 3123 456'],
      ['4080012345678', 'Гама ТП', '075 987 654'],
    ];
    expect(fields(suggestFromValues(rows, 'clients', { defaultCountry: 'MK' }))).toEqual(['taxId', 'name', 'phone']);
    // Read in another country those local numbers are not phones: the column stays unmapped.
    expect(fields(suggestFromValues(rows, 'clients', { defaultCountry: 'US' }))[2]).toBeNull();
  });

  it('purchases: date, client, amount with a decimal comma, quantity', () => {
    const rows = [
      ['12.03.2024', 'ООО Ромашка', '1 234,50', '3'],
      ['13.03.2024', 'ИП Петров', '990,00', '1'],
      ['14.03.2024', 'ООО Ромашка', '15 000,75', '12'],
    ];
    expect(fields(suggestFromValues(rows, 'purchases'))).toEqual(['date', 'clientName', 'amount', 'qty']);
  });

  it('purchases: a repeating client code, the product, and the unit price beside the amount', () => {
    const rows = [
      ['К-001', '05.01.2024', 'ООО Ромашка', 'Чай зелёный 100 г', '2', '150,00', '300,00'],
      ['К-002', '05.01.2024', 'ИП Петров', 'Кофе молотый', '1', '420,50', '420,50'],
      ['К-001', '06.01.2024', 'ООО Ромашка', 'Сахар 1 кг', '4', '89,90', '359,60'],
    ];
    expect(fields(suggestFromValues(rows, 'purchases'))).toEqual(['clientExternalId', 'date', 'clientName', 'product', 'qty', 'unitPrice', 'amount']);
  });

  it('interactions: date, client, kind and text', () => {
    const rows = [
      ['2024-03-12', 'ООО Ромашка', 'звонок', 'Обсудили поставку на апрель, ждут счёт'],
      ['2024-03-13', 'АО Вектор', 'встреча', 'Показали новый каталог, попросили образцы'],
      ['2024-03-15', 'ООО Ромашка', 'письмо', 'Отправили коммерческое предложение'],
    ];
    expect(fields(suggestFromValues(rows, 'interactions'))).toEqual(['date', 'clientName', 'kind', 'text']);
  });

  it('scores are below any header match, and a single-valued field goes to one column only', () => {
    const headers = [['Наименование клиента', 'Shipped date 2', 'Sub category x', 'ID', 'Name']];
    const headerScores = (['clients', 'purchases', 'interactions'] as Entity[])
      .flatMap((e) => headers.flatMap((h) => suggestMapping(h, e))).map((c) => c.score).filter((s) => s > 0);
    const rows = [
      ['12.03.2024', '13.03.2024', 'ООО Ромашка', '7707083893', '7702070139', 'a@x.ru', 'b@x.ru'],
      ['14.03.2024', '15.03.2024', 'АО Вектор', '7736050003', '7707083893', 'c@x.ru', 'd@x.ru'],
    ];
    for (const e of ['clients', 'purchases', 'interactions'] as Entity[]) {
      const s = suggestFromValues(rows, e);
      for (const c of s.filter((x) => x.field)) {
        expect(c.score).toBeGreaterThan(0);
        expect(c.score).toBeLessThan(Math.min(...headerScores));
        expect(c.score).toBeLessThanOrEqual(VALUE_SCORE);
      }
      const single = s.map((c) => c.field).filter((f) => f && !/email|phone/i.test(f));
      expect(new Set(single).size).toBe(single.length);
    }
    // The first date is the event's; two ИНН columns: neither is chosen for the one tax id field.
    expect(fields(suggestFromValues(rows, 'purchases')).slice(0, 5)).toEqual(['date', null, 'clientName', null, null]);
    // E-mails may come from several columns.
    expect(fields(suggestFromValues(rows, 'clients')).slice(5)).toEqual(['email', 'email']);
  });
});

describe('ambiguous values are left unmapped', () => {
  it('mixed, unknown and number-only columns', () => {
    const rows = [
      ['abc', '17', '45123', 'x@y.ru', '', '?'],
      ['12.03.2024', '23', '45200', 'Петров', '', '#'],
      ['+7 916 123-45-67', '5', '45301', '12,50', '', '—'],
    ];
    // Mixed kinds; small integers without an amount beside them; 5-digit numbers (Excel dates or ids?);
    // a column half e-mails; an empty column; punctuation.
    for (const e of ['clients', 'purchases', 'interactions'] as Entity[]) {
      expect(fields(suggestFromValues(rows, e))).toEqual([null, null, null, null, null, null]);
    }
  });

  it('two decimal columns with no relation between them give no amount; two repeating codes no client code', () => {
    const rows = [
      ['C100', 'INV-1', '01.02.2024', '12,50', '-3,20', 'Иван'],
      ['C100', 'INV-1', '01.02.2024', '8,00', '1,10', 'Иван'],
      ['C200', 'INV-2', '02.02.2024', '99,90', '20,00', 'Мария'],
    ];
    expect(fields(suggestFromValues(rows, 'purchases'))).toEqual([null, null, 'date', null, null, 'clientName']);
  });

  it('a repeating large integer alone is not taken for a client code (it may be the amount)', () => {
    const rows = [['01.02.2024', 'Иван', '1500'], ['02.02.2024', 'Мария', '1500'], ['03.02.2024', 'Иван', '2300']];
    expect(fields(suggestFromValues(rows, 'purchases'))).toEqual(['date', 'clientName', null]);
  });

  it('ИНН-length digits failing the check digits are no tax id', () => {
    const rows = [['Альфа', '1234567890'], ['Бета', '1234567891'], ['Гама', '1234567892']];
    expect(fields(suggestFromValues(rows, 'clients'))[1]).not.toBe('taxId');
  });
});

describe('the sniff\'s suggestions', () => {
  it('a file with a header maps from the header alone, exactly as suggestMapping', () => {
    const sniff = {
      hasHeader: true,
      header: ['Клиент', 'Что-то', 'Column 3', 'Сумма'],
      rows: [['ООО Ромашка', 'a@x.ru', '12.03.2024', '1 234,50'], ['АО Вектор', 'b@x.ru', '13.03.2024', '99,00']],
    };
    const s = sniffSuggestions(sniff, 'RU');
    for (const e of ['clients', 'purchases', 'interactions'] as Entity[]) expect(s[e]).toEqual(suggestMapping(sniff.header, e));
  });

  it('a pasted purchases block without a header gets suggestions through sniff, for the wizard to pick purchases', async () => {
    const pasted = [
      '12.03.2024\tООО "Ромашка"\t1 234,50\t3',
      '13.03.2024\tИП Петров\t990,00\t1',
      '14.03.2024\tООО "Ромашка"\t15 000,75\t12',
    ].join('\r\n');
    const s = await sniffBlob(new Blob([strictTsv(pasted)]), { delimiter: '\t' });
    expect(s.ok).toBe(true);
    if (!s.ok) return;
    expect(s.value.hasHeader).toBe(false);
    const sug = sniffSuggestions(s.value, 'RU');
    expect(sug.purchases.map((c) => [c.column, c.field])).toEqual([
      ['Column 1', 'date'], ['Column 2', 'clientName'], ['Column 3', 'amount'], ['Column 4', 'qty'],
    ]);
    // ImportWizard's guessEntity picks purchases for a date with an amount; interactions here have no text or kind.
    expect(sug.interactions.some((c) => c.field === 'text' || c.field === 'kind')).toBe(false);
  });

  it('the sniff request carries the team country to the worker, checked', () => {
    const file = new Blob(['a']);
    expect(isImportRequest({ type: 'sniff', id: 1, file, defaultCountry: 'MK' })).toBe(true);
    expect(isImportRequest({ type: 'sniff', id: 1, file, defaultCountry: 'mk; drop' })).toBe(false);
    expect(isImportRequest({ type: 'sniff', id: 1, file, defaultCountry: 7 })).toBe(false);
  });
});
