import { describe, expect, it } from 'vitest';
import { buildClientIndex, buildImportPlan, parseCsv } from '../../src/core/import';
import { runImport, type PipelineInput } from '../../src/core/import/pipeline';
import { defaultClient, type Client, type ClientId } from '../../src/core/model/client';
import { deterministicId, hashBytes } from '../../src/core/model/ids';
import { unwrap } from '../../src/core/util/result';
import { hasReal, real, utf8 } from './helpers';
import { applyClients, NOW, planFile } from './planHelpers';

const client = (id: string, fields: Partial<Client>): Client => ({ ...defaultClient(id as ClientId, NOW, ''), ...fields });
const ACME_A1 = client('cli_acmea1', { name: 'Acme', externalId: 'A-1' });
const ACME_NO_ID = client('cli_acmenoid', { name: 'Acme' });

describe('linking: a weaker key never links a row to a client with another source id', () => {
  const twoIds = 'Customer ID,Customer Name,Order Date,Sales\nA-1,Acme,2024-01-05,10\nB-2,Acme,2024-01-06,20\n';

  it('purchases: two ids with one name are two clients', () => {
    const { plan } = planFile(utf8(twoIds), 'purchases');
    expect(plan.clientsToCreate.map((c) => [c.externalId, c.name])).toEqual([['A-1', 'Acme'], ['B-2', 'Acme']]);
    const [a, b] = plan.clientsToCreate;
    expect(plan.purchases.map((l) => l.clientId)).toEqual([a!.id, b!.id]);
  });

  it('purchases: an existing client with another id is not taken by name', () => {
    const { plan } = planFile(utf8(twoIds), 'purchases', { existing: [ACME_A1] });
    expect(plan.clientsToCreate.map((c) => c.externalId)).toEqual(['B-2']);
    expect(plan.purchases.map((l) => l.clientId)).toEqual([ACME_A1.id, plan.clientsToCreate[0]!.id]);
  });

  it('clients file: B-2 is created, not merged into A-1 (its id kept, no "same client" remark)', () => {
    const { plan } = planFile(utf8('Customer ID,Name\nA-1,Acme\nB-2,Acme\n'), 'clients');
    expect(plan.clientsToCreate.map((c) => c.externalId)).toEqual(['A-1', 'B-2']);
    expect(plan.warnings).toEqual([]);
    const against = planFile(utf8('Customer ID,Name\nB-2,Acme\n'), 'clients', { existing: [ACME_A1] }).plan;
    expect(against.clientsToCreate.map((c) => c.externalId)).toEqual(['B-2']);
    expect([against.duplicates, against.clientsToUpdate]).toEqual([[], []]);
  });

  it('restoring our own clients export into an empty base keeps two namesakes apart', () => {
    const csv = 'Customer ID,Name,Legal form,First name,Last name,Tax ID,Phone,Email\n'
      + 'C-001,Иван Петров,,Иван,Петров,,,\nC-002,Иван Петров,,Иван,Петров,,,\n';
    const { plan } = planFile(utf8(csv), 'clients');
    expect(plan.clientsToCreate.map((c) => c.externalId)).toEqual(['C-001', 'C-002']);
    expect(plan.warnings).toEqual([]);
  });

  it('other keys than the name are barred too (tax id, e-mail, phone)', () => {
    const base = [client('cli_x', { name: 'X', externalId: 'A-1', taxId: '7701234567', emails: ['a@x.ru'], phones: ['+79165551234'] })];
    const csv = 'Customer ID,Customer,ИНН,Email,Phone,Date,Sales\nB-2,,7701234567,,,2024-01-01,1\nB-3,,,a@x.ru,,2024-01-01,2\nB-4,,,,89165551234,2024-01-01,3\n,,7701234567,,,2024-01-01,4\n';
    const { plan } = planFile(utf8(csv), 'purchases', { existing: base, mapping: { Email: 'clientEmail', Phone: 'clientPhone' } });
    expect(plan.clientsToCreate.map((c) => c.externalId)).toEqual(['B-2', 'B-3', 'B-4']);
    // A row without a source id still links by the tax id.
    expect(plan.purchases[3]!.clientId).toBe('cli_x');
  });

  it('the same id still links (another name), and "17850.0" is 17850', () => {
    const { plan } = planFile(utf8('Customer ID,Customer Name,Order Date,Sales\n17850,Acme,2024-01-05,10\n17850.0,Acme Ltd,2024-01-06,20\n'), 'purchases');
    expect(plan.clientsToCreate).toHaveLength(1);
    expect(new Set(plan.purchases.map((l) => l.clientId)).size).toBe(1);
  });

  it('a client without a source id is found by name and gets the id; a second id then does not take it', () => {
    const { plan } = planFile(utf8('Customer ID,Name\nA-1,Acme\nB-2,Acme\nA-1,Acme\n'), 'clients', { existing: [ACME_NO_ID] });
    expect(plan.clientsToUpdate).toEqual([{ id: ACME_NO_ID.id, fields: { externalId: 'A-1' } }]);
    expect(plan.duplicates.map((d) => [d.row, d.matchedBy])).toEqual([[2, 'name']]);
    expect(plan.clientsToCreate.map((c) => c.externalId)).toEqual(['B-2']);
    // Purchases claim it the same way (nothing is written to it, but B-2 is another client).
    const p = planFile(utf8('Customer ID,Customer Name,Order Date,Sales\nA-1,Acme,2024-01-05,10\nB-2,Acme,2024-01-06,20\n'), 'purchases', { existing: [ACME_NO_ID] }).plan;
    expect(p.purchases[0]!.clientId).toBe(ACME_NO_ID.id);
    expect(p.clientsToCreate.map((c) => c.externalId)).toEqual(['B-2']);
  });

  it('within a file: a client created without an id takes the first id that reaches it, and only that one', () => {
    const csv = 'Customer ID,Customer Name,Order Date,Sales\n,Acme,2024-01-05,1\nA-1,Acme,2024-01-06,2\nB-2,Acme,2024-01-07,3\n,Acme,2024-01-08,4\n';
    const { plan } = planFile(utf8(csv), 'purchases');
    const [first, b2] = plan.clientsToCreate;
    expect(plan.clientsToCreate.map((c) => c.externalId)).toEqual(['', 'B-2']);
    expect(plan.purchases.map((l) => l.clientId)).toEqual([first!.id, first!.id, b2!.id, first!.id]);
    // In a clients file the id is written to it, and it is found by that id from then on.
    const c = planFile(utf8('Customer ID,Name\n,Acme\nA-1,Acme\nB-2,Acme\nA-1,Acme Ltd\n'), 'clients').plan;
    expect(c.clientsToCreate.map((x) => [x.externalId, x.name])).toEqual([['A-1', 'Acme'], ['B-2', 'Acme']]);
  });

  it('our own client id in the ID column links back before a namesake is found by name', () => {
    const older = client(deterministicId('cli', 'older'), { name: 'Иван Петров' }), mine = client(deterministicId('cli', 'mine'), { name: 'Иван Петров' });
    const { plan } = planFile(utf8(`Customer ID,Name,Email\n${mine.id},Иван Петров,ivan@x.ru\n`), 'clients', { existing: [older, mine] });
    expect(plan.clientsToUpdate.map((u) => u.id)).toEqual([mine.id]);
    expect(plan.clientsToUpdate[0]!.fields.emails).toEqual(['ivan@x.ru']);
  });

  it('a file planned in two parts links as one pass (the rule lives in the shared matching)', async () => {
    const rows = ['Код;Клиент;Дата;Сумма'];
    // Keys new to the tail: ids sharing a name with a head client, and one reaching a client without id.
    for (let i = 0; i < 16_000; i++) rows.push(`K-${i % 40};${i % 40 < 20 ? 'Ромашка' : `Имя ${i % 40}`};01.03.2024;1,00`);
    for (let i = 0; i < 6000; i++) rows.push(i % 3 === 0 ? `;Без кода;02.03.2024;2,00` : `N-${i % 50};${i % 2 ? 'Ромашка' : 'Без кода'};02.03.2024;2,00`);
    rows.push('M-1;Без кода;03.03.2024;3,00');
    const bytes = utf8(rows.join('\n') + '\n');
    const input: PipelineInput = {
      file: new Blob([bytes as Uint8Array<ArrayBuffer>]), fileName: 's.csv', csv: {},
      plan: { entity: 'purchases', mapping: { 'Код': 'clientExternalId', 'Клиент': 'clientName', 'Дата': 'date', 'Сумма': 'amount' }, defaultCountry: 'RU', now: NOW, by: '' },
      existing: { clients: [client('cli_roma', { name: 'Ромашка', externalId: 'K-0' })] },
    };
    const run = async (split: boolean) => {
      const chunks: Uint8Array[] = [];
      const r = unwrap(await runImport(input, {
        chunk: (seq, b) => { chunks[seq] = b; }, splitFrom: 1024,
        ...(split ? { tail: async () => (await import('../../src/core/import/pipeline')).runTail({ file: input.file, csv: input.csv, plan: input.plan }, { splitFrom: 1024 }) } : {}),
      }));
      return { r, chunks };
    };
    const one = await run(false), two = await run(true);
    expect([one.r.parts, two.r.parts]).toEqual([1, 2]);
    expect(two.r.plan).toEqual(one.r.plan);
    expect(two.chunks).toEqual(one.chunks);
    // K-1…K-39 (K-0 is in the base), "Без кода" without an id (N-2 reaches it first and claims it),
    // the other 49 N-ids, and M-1 (passes the claimed client over).
    const created = one.r.plan.clientsToCreate;
    expect(created).toHaveLength(39 + 1 + 49 + 1);
    const bezKoda = created.filter((c) => c.name === 'Без кода').map((c) => c.externalId);
    expect(bezKoda).toHaveLength(1 + 24 + 1);
    expect([bezKoda[0], bezKoda.includes('N-2'), bezKoda.includes('N-4'), bezKoda.at(-1)]).toEqual(['', false, true, 'M-1']);
  }, 60_000);

  it.skipIf(!hasReal)('Salesforce opportunities: each ACCOUNTID keeps its own lines', () => {
    const bytes = real('salesforce/sfdl_opportunityData.csv');
    // As suggested: NAME (the opportunity's name) is the client name, and names repeat across accounts.
    const { plan } = planFile(bytes, 'purchases', { mapping: { ACCOUNTID: 'clientExternalId' } });
    const parsed = unwrap(parseCsv(bytes));
    const acc = parsed.header.indexOf('ACCOUNTID');
    const accounts = new Set(parsed.rows.map((r) => r[acc]));
    const byAccount = new Map(plan.clientsToCreate.map((c) => [c.id, c.externalId]));
    expect(new Set(plan.purchases.map((l) => byAccount.get(l.clientId))).size).toBe(new Set(plan.clientsToCreate.map((c) => c.externalId)).size);
    expect(plan.clientsToCreate.map((c) => c.externalId).sort()).toEqual([...accounts].filter(Boolean).sort());
    const lBtq = plan.clientsToCreate.find((c) => c.externalId === '001x0000002lBtqAAE');
    expect(lBtq).toBeDefined();
    expect(plan.purchases.some((l) => l.clientId === lBtq!.id)).toBe(true);
  });
});

describe('linking: a weaker key never links a row to a client with another tax id', () => {
  const VECTOR = client('cli_vectort1', { name: 'Вектор', taxId: '7701234567' });

  it('clients file: a namesake with another ИНН is a new client, not an update of the stored one', () => {
    const { plan } = planFile(utf8('Name,INN,City\nВектор,5001234567,Пермь\n'), 'clients', { existing: [VECTOR] });
    expect(plan.clientsToCreate.map((c) => c.taxId)).toEqual(['5001234567']);
    expect([plan.duplicates, plan.clientsToUpdate]).toEqual([[], []]);
  });

  it('within a file and in purchases: two ИНН, two clients; the same ИНН still links', () => {
    const { plan } = planFile(utf8('Customer,INN,Order Date,Sales\nВектор,7701234567,2024-01-05,10\nВектор,5001234567,2024-01-06,20\nВектор,7701234567,2024-01-07,30\n'), 'purchases', { mapping: { Customer: 'clientName', INN: 'clientTaxId' } });
    expect(plan.clientsToCreate.map((c) => c.taxId)).toEqual(['7701234567', '5001234567']);
    const [a, b] = plan.clientsToCreate;
    expect(plan.purchases.map((l) => l.clientId)).toEqual([a!.id, b!.id, a!.id]);
  });

  it('a row without a tax id still links by name', () => {
    const { plan } = planFile(utf8('Name,City\nВектор,Пермь\n'), 'clients', { existing: [VECTOR] });
    expect(plan.clientsToCreate).toEqual([]);
    expect(plan.duplicates.length + plan.clientsToUpdate.length).toBeGreaterThan(0);
  });
});

describe('cancellations: a "C" order id alone does not make a line negative', () => {
  it('US orders C1001/C1002 keep their amounts and quantities', () => {
    const { plan } = planFile(utf8('Order ID,Customer ID,Order Date,Quantity,Sales\nC1001,K1,2024-01-05,1,100\nC1002,K1,2024-01-06,2,250\n'), 'purchases');
    expect(plan.purchases.map((l) => [l.orderId, l.amount, l.qty])).toEqual([['C1001', 100, 1], ['C1002', 250, 2]]);
  });

  it('a UCI "C" invoice with a negative quantity is negative, also when its amount is written positive', () => {
    const csv = 'InvoiceNo,CustomerID,InvoiceDate,Quantity,UnitPrice,Sales\nC536379,14527,2010-12-01,-1,27.5,\nC536383,15311,2010-12-01,-2,4.65,9.3\n536384,15311,2010-12-01,-2,4.65,9.3\n';
    const { plan } = planFile(utf8(csv), 'purchases');
    expect(plan.purchases.map((l) => [l.amount, l.qty])).toEqual([[-27.5, -1], [-9.3, -2], [9.3, -2]]);
  });
});

describe('kind: people are people', () => {
  const kinds = (csv: string) => planFile(utf8(csv), 'clients').plan.clientsToCreate.map((c) => [c.name, c.kind]);

  it('Thunderbird: First Name, Last Name and Display Name make a person', () => {
    expect(kinds('First Name,Last Name,Display Name,Primary Email\nJohn,Doe,John Doe,john@doe.invalid\nJane,,,jane@doe.invalid\n'))
      .toEqual([['John Doe', 'person'], ['Jane', 'person']]);
  });

  it('a company name beside the contact\'s first and last name makes a company; a legal form does too', () => {
    expect(kinds('First Name,Last Name,Company\nJohn,Doe,Acme\nJane,Roe,\n')).toEqual([['Acme', 'company'], ['Jane Roe', 'person']]);
    expect(kinds('Имя,Фамилия,Наименование\nАнна,Сидорова,ИП Сидорова Анна\n')).toEqual([['Сидорова Анна', 'company']]);
    expect(kinds('Name,Email\nAcme,a@acme.invalid\n')).toEqual([['Acme', 'company']]);
  });

  it.skipIf(!hasReal)('real Thunderbird address books import people', () => {
    for (const f of ['tb_basic_csv_addressbook.csv', 'tb_utf16_addressbook.csv', 'tb_csv_semicolon.csv']) {
      const created = planFile(real(`thunderbird/${f}`), 'clients').plan.clientsToCreate;
      expect(created.length, f).toBeGreaterThan(0);
      expect(created.every((c) => c.kind === 'person'), f).toBe(true);
    }
  });

  it('our own export of a person reads back as a person', () => {
    const bytes = utf8('Customer ID,Name,Legal form,First name,Last name\nC-001,Иван Петров,,Иван,Петров\nC-002,Ромашка,ООО,,\n');
    const r = unwrap(buildImportPlan(unwrap(parseCsv(bytes)), {
      entity: 'clients', fileName: 'x', fileHash: hashBytes(bytes), header: ['Customer ID', 'Name', 'Legal form', 'First name', 'Last name'],
      mapping: { 'Customer ID': 'externalId', Name: 'name', 'Legal form': 'legalForm', 'First name': 'firstName', 'Last name': 'lastName' },
      defaultCountry: 'RU', index: buildClientIndex([]), now: NOW, by: '',
    }));
    expect(r.clientsToCreate.map((c) => [c.name, c.kind])).toEqual([['Иван Петров', 'person'], ['Ромашка', 'company']]);
    expect(applyClients([], r)).toHaveLength(2);
  });
});
