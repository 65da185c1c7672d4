import { describe, expect, it } from 'vitest';
import { buildClientIndex, buildImportPlan, detectNumberFormat, parseCsv, parseNumber, type CountryCode, type Mapping } from '../../src/core/import';
import { decideFormats, sameFormats } from '../../src/core/import/formats';
import { columnsOf } from '../../src/core/import/plan';
import { hashBytes } from '../../src/core/model/ids';
import { unwrap } from '../../src/core/util/result';
import { utf8 } from './helpers';
import { NOW } from './planHelpers';

const RU: Mapping = { Клиент: 'clientName', Дата: 'date', Количество: 'qty', Цена: 'unitPrice', Сумма: 'amount', Износ: 'amount' };
const EN: Mapping = { Customer: 'clientName', Date: 'date', Qty: 'qty', Price: 'unitPrice', Discount: 'discount' };

/**
 * Plans a purchases CSV for a team in `country`. `withCountry`: the formats are decided with the
 * team's country and handed to the planner (planFormats in plan.ts does not pass it on yet).
 */
function planOf(csv: string, mapping: Mapping, country: CountryCode, withCountry = false) {
  const bytes = utf8(csv);
  const parsed = unwrap(parseCsv(bytes));
  const { header, rows } = parsed;
  const formats = withCountry ? unwrap(decideFormats(rows, columnsOf(header, mapping), header, { country })) : undefined;
  return unwrap(buildImportPlan(parsed, {
    entity: 'purchases', fileName: 'f.csv', fileHash: hashBytes(bytes), header, mapping, defaultCountry: country,
    index: buildClientIndex([]), now: NOW, by: '', ...(formats ? { formats } : {}),
  }));
}

/** decideFormats on a table given as columns of cells. */
function decide(columns: Record<string, string[]>, mapping: Mapping, country?: string) {
  const header = Object.keys(columns);
  const n = Math.max(...Object.values(columns).map((c) => c.length));
  const rows = Array.from({ length: n }, (_, i) => header.map((h) => columns[h]![i] ?? ''));
  return unwrap(decideFormats(rows, columnsOf(header, mapping), header, country === undefined ? {} : { country }));
}

describe('decimal separator of columns whose values do not tell', () => {
  it('"0,250" tells a decimal comma: grouping never follows a lone 0 (1C quantities with three decimals)', () => {
    expect(detectNumberFormat(['1,000', '2,500', '0,250'])).toEqual({ decimal: ',', confident: true });
    expect(detectNumberFormat(['0.250', '1.000'])).toEqual({ decimal: '.', confident: true });
    const plan = planOf('Клиент;Дата;Количество;Цена\nА;01.02.2024;1,000;150,00\nА;02.02.2024;2,500;150,00\nА;03.02.2024;0,250;150,00\n', RU, 'RU');
    expect(plan.formats.decimal.qty).toBe(',');
    expect(plan.purchases.map((l) => [l.qty, l.amount])).toEqual([[1, 150], [2.5, 375], [0.25, 37.5]]);
  });

  it('"0.250" is not grouping in a decimal-comma column (an error, never 250)', () => {
    expect(parseNumber('0.250', ',').ok).toBe(false);
    expect(parseNumber('0,250', '.').ok).toBe(false);
    expect(parseNumber('1.250', ',')).toEqual({ ok: true, value: 1250 });
  });

  it('takes the separator the file\'s other number columns told', () => {
    const plan = planOf('Клиент;Дата;Количество;Цена\nА;01.02.2024;1,000;150,00\nА;02.02.2024;2,500;150,00\n', RU, 'US');
    expect(plan.formats.decimal).toMatchObject({ qty: ',', unitPrice: ',' });
    expect(plan.purchases.map((l) => [l.qty, l.amount])).toEqual([[1, 150], [2.5, 375]]);
    // Other columns that disagree tell nothing: the country decides.
    const f = decide({ Сумма: ['1,500'], Цена: ['2,5'], Количество: ['1.5'] }, RU, 'RU');
    expect(f.decimal).toEqual({ amount: ',', unitPrice: ',', qty: '.' });
    expect(f.notes).toEqual([{ column: 'Сумма', note: 'Decimal separator of column "Сумма" taken from the team\'s country (comma)' }]);
  });

  it('else takes the team\'s country, with a note: RU amounts "1,500" are 1.5', () => {
    const f = decide({ Сумма: ['1,500', '12,250'] }, RU, 'RU');
    expect(f.decimal.amount).toBe(',');
    expect(f.notes).toEqual([{ column: 'Сумма', note: 'Decimal separator of column "Сумма" taken from the team\'s country (comma)' }]);
    const plan = planOf('Клиент;Дата;Сумма\nА;01.02.2024;1,500\nА;02.02.2024;12,250\n', RU, 'RU', true);
    expect(plan.purchases.map((l) => l.amount)).toEqual([1.5, 12.25]);
  });

  it('MK amounts with dot grouping stay thousands: "1.200" is 1200', () => {
    expect(decide({ Износ: ['1.200', '3.400', '12'] }, RU, 'MK').decimal.amount).toBe(',');
    const plan = planOf('Клиент;Дата;Износ\nА;01.02.2024;1.200\nА;02.02.2024;3.450\nА;03.02.2024;800\n', RU, 'MK', true);
    expect(plan.formats.decimal.amount).toBe(',');
    expect(plan.purchases.map((l) => l.amount)).toEqual([1200, 3450, 800]);
  });

  it('a tie goes to the fallback (the team\'s country), not to the point', () => {
    expect(detectNumberFormat(['1 234,56 ₽', '1.5'], ',')).toEqual({ decimal: ',', confident: false });
    expect(detectNumberFormat(['1 234,56 ₽', '1.5'])).toEqual({ decimal: '.', confident: false });
    expect(decide({ Сумма: ['1 234,56 ₽', '1.5'] }, RU, 'RU').decimal.amount).toBe(',');
  });

  it('point only last, with a note; a country in neither list is the point; integer columns need no note', () => {
    expect(decide({ Сумма: ['1,500'] }, RU, 'US')).toMatchObject({ decimal: { amount: '.' }, notes: [{ note: 'Decimal separator of column "Сумма" taken from the team\'s country (point)' }] });
    expect(decide({ Сумма: ['1,500'] }, RU, 'ZZ')).toMatchObject({ decimal: { amount: '.' }, notes: [{ note: 'Decimal separator of column "Сумма" not told by its values: point assumed' }] });
    expect(decide({ Сумма: ['1,500'] }, RU)).toMatchObject({ decimal: { amount: '.' } });
    expect(decide({ Количество: ['1', '2'], Сумма: ['1,5'] }, RU, 'RU')).toEqual({ date: null, decimal: { qty: '.', amount: ',' }, discountPercent: false, notes: [] });
  });

  it('buildImportPlan decides with the team\'s country itself', () => {
    const plan = planOf('Клиент;Дата;Износ\nА;01.02.2024;1.200\nА;02.02.2024;3.450\n', RU, 'MK');
    expect(plan.purchases.map((l) => l.amount)).toEqual([1200, 3450]);
  });
});

describe('discount column: percents or fractions, decided per column', () => {
  const lines = (discounts: string[]) => `Customer,Date,Qty,Price,Discount\n${discounts.map((d, i) => `X,2024-01-0${i + 1},2,100,${d}`).join('\n')}\n`;
  const amounts = (discounts: string[]) => planOf(lines(discounts), EN, 'US').purchases.map((l) => l.amount);

  it('a discount of 1 is 1 %, not 100 % off', () => {
    expect(amounts(['1'])).toEqual([198]);
    expect(amounts(['1', '0'])).toEqual([198, 200]);
  });

  it('any value above 1 makes the column percents: 0.5 there is 0.5 %', () => {
    expect(amounts(['1', '5', '0.5'])).toEqual([198, 190, 199]);
  });

  it('values within [0, 1] are fractions (Superstore writes 0.2)', () => {
    expect(amounts(['0.2', '0', '0.5', '1'])).toEqual([160, 200, 100, 0]);
  });

  it('is part of the formats two parts of a file must share', () => {
    const f = decide({ Discount: ['15'] }, EN);
    expect(f.discountPercent).toBe(true);
    expect(sameFormats(f, { ...f, discountPercent: false })).toBe(false);
    expect(sameFormats(f, { ...f })).toBe(true);
  });
});
