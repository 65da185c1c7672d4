import { describe, expect, it } from 'vitest';
import { mappingKey, suggestMapping } from '../../src/core/import';

const fieldsOf = (h: string[], e: 'clients' | 'purchases' | 'interactions') =>
  Object.fromEntries(suggestMapping(h, e).map((s) => [s.column, s.field]));

describe('suggestMapping', () => {
  it('maps Russian 1C-style purchase headers', () => {
    expect(fieldsOf(['Дата', 'Контрагент', 'ИНН', 'Номенклатура', 'Количество', 'Цена', 'Сумма'], 'purchases')).toEqual({
      'Дата': 'date', 'Контрагент': 'clientName', 'ИНН': 'clientTaxId', 'Номенклатура': 'product', 'Количество': 'qty', 'Цена': 'unitPrice', 'Сумма': 'amount',
    });
  });

  it('maps Macedonian headers', () => {
    expect(fieldsOf(['Датум', 'Купувач', 'Назив', 'Износ', 'Количина'], 'purchases')).toMatchObject({ 'Датум': 'date', 'Купувач': 'clientName', 'Износ': 'amount', 'Количина': 'qty' });
    expect(fieldsOf(['Назив', 'ЕДБ', 'Телефон', 'Град'], 'clients')).toEqual({ 'Назив': 'name', 'ЕДБ': 'taxId', 'Телефон': 'phone', 'Град': 'city' });
  });

  it('maps English exports in any case style', () => {
    expect(fieldsOf(['InvoiceNo', 'StockCode', 'Description', 'Quantity', 'InvoiceDate', 'UnitPrice', 'CustomerID', 'Country'], 'purchases')).toMatchObject({
      InvoiceNo: 'orderId', Description: 'product', Quantity: 'qty', InvoiceDate: 'date', UnitPrice: 'unitPrice', CustomerID: 'clientExternalId',
    });
    expect(fieldsOf(['Order ID', 'Order Date', 'Customer ID', 'Customer Name', 'Sales', 'Quantity'], 'purchases')).toEqual({
      'Order ID': 'orderId', 'Order Date': 'date', 'Customer ID': 'clientExternalId', 'Customer Name': 'clientName', Sales: 'amount', Quantity: 'qty',
    });
    expect(fieldsOf(['customer_id', 'company_name', 'contact_name', 'contact_title', 'phone'], 'clients')).toEqual({
      customer_id: 'externalId', company_name: 'name', contact_name: 'contactName', contact_title: 'contactTitle', phone: 'phone',
    });
    expect(fieldsOf(['First Name', 'Last Name', 'Primary Email', 'Mobile Number'], 'clients')).toEqual({
      'First Name': 'firstName', 'Last Name': 'lastName', 'Primary Email': 'email', 'Mobile Number': 'phone',
    });
    expect(fieldsOf(['Наименование', 'Клиент'], 'clients')['Наименование']).toBe('name');
  });

  it('gives each single field to one column only and scores exact names highest', () => {
    const s = suggestMapping(['Клиент', 'Контрагент', 'Телефон', 'Мобильный'], 'clients');
    const names = s.filter((x) => x.field === 'name');
    expect(names).toHaveLength(1);
    expect(s.filter((x) => x.field === 'phone').map((x) => x.column)).toEqual(['Телефон', 'Мобильный']);
    expect(s.every((x) => x.field === null || (x.score > 0 && x.score <= 1))).toBe(true);
    expect(suggestMapping(['zzz'], 'clients')[0]).toMatchObject({ field: null, score: 0 });
  });

  it('mappingKey is stable across case/spacing and differs for another shape', () => {
    expect(mappingKey(['Customer ID', 'Sales'])).toBe(mappingKey(['customer_id', 'SALES']));
    expect(mappingKey(['Customer ID', 'Sales'])).not.toBe(mappingKey(['Sales', 'Customer ID']));
  });
});
