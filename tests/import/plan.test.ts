import { describe, expect, it } from 'vitest';
import { buildClientIndex, buildImportPlan, parseCsv, rowErrorsCsv, ImportPlanner } from '../../src/core/import';
import { hashBytes } from '../../src/core/model/ids';
import { batchIdFor } from '../../src/core/model/batch';
import { CHUNK_ROWS, chunkLines, decodeChunk, type PurchaseLine } from '../../src/core/model/purchase';
import { unwrap } from '../../src/core/util/result';
import { defaultClient, type ClientId } from '../../src/core/model/client';
import { fixture, utf8 } from './helpers';
import { applyClients, NOW, planFile, sum } from './planHelpers';

describe('import plan: purchases', () => {
  it('cp1251, ;, decimal comma, DD.MM.YYYY: lines, returns negative, bad dates as row errors', () => {
    const { plan } = planFile(fixture('purchases_cp1251.csv'), 'purchases');
    expect(plan.formats).toMatchObject({ date: 'dmy', decimal: { amount: ',', unitPrice: ',', qty: '.' } });
    expect(plan.purchases.map((l) => [l.date, l.amount, l.qty])).toEqual([
      ['2024-01-05', 2505, 10], ['2024-02-17', 135, 3], ['2024-02-29', -501, -2],
    ]);
    expect(plan.rowErrors).toEqual([{ row: 5, column: 'Дата', value: '31.02.2024', reason: 'date: no such calendar day' }]);
    // Linked by tax id first: "ООО «Ромашка»" rows meet on one client, named without the legal form.
    expect(plan.clientsToCreate.map((c) => [c.legalForm, c.name, c.taxId])).toEqual([
      ['ООО', 'Ромашка', '7701234567'], ['ИП', 'Сидорова Анна', '500100732259'],
    ]);
    expect(plan.counts).toMatchObject({ create: 3, error: 1, newClientsFromPurchases: 2 });
  });

  it('computes revenue from quantity × unit price × (1 − discount) when there is no amount column', () => {
    const bytes = utf8('Order,Customer,Date,Qty,Price,Discount\nA1,X,2024-01-01,3,10,10\nA2,X,2024-01-02,2,5,15\nC3,X,2024-01-03,1,7,0\n');
    const { plan } = planFile(bytes, 'purchases', { mapping: { Order: 'orderId', Customer: 'clientName', Qty: 'qty', Price: 'unitPrice', Discount: 'discount' } });
    // The column holds percents (15): 10 is 10 % (fractions: numberFormats.test.ts). "C3" is an ordinary order id here: a "C" prefix alone does not make a positive line negative (linking.test.ts).
    expect(plan.purchases.map((l) => l.amount)).toEqual([27, 8.5, 7]);
    expect(plan.purchases[2]!.qty).toBe(1);
  });

  it('links to existing clients by external id, tax id, e-mail, phone, then name', () => {
    const base = applyClients([], planFile(utf8('Customer ID,Name,INN,Email,Phone\n17850,Alpha,7701234567,a@x.ru,+7 916 555-12-34\n,Beta,,,\n'), 'clients').plan);
    const bytes = utf8('Customer ID,Customer,ИНН,Email,Phone,Date,Sales\n17850.0,,,,,2024-01-01,1\n,,7701234567,,,2024-01-01,2\n,,,A@X.RU,,2024-01-01,3\n,,,,89165551234,2024-01-01,4\n,«BETA»,,,,2024-01-01,5\n,Gamma,,,,2024-01-01,6\n');
    const { plan } = planFile(bytes, 'purchases', { existing: base, mapping: { Email: 'clientEmail', Phone: 'clientPhone' } });
    const alpha = base.find((c) => c.name === 'Alpha')!.id, beta = base.find((c) => c.name === 'Beta')!.id;
    expect(plan.purchases.map((l) => l.clientId).slice(0, 5)).toEqual([alpha, alpha, alpha, alpha, beta]);
    expect(plan.clientsToCreate.map((c) => c.name)).toEqual(['Gamma']);
    expect(plan.counts.newClientsFromPurchases).toBe(1);
  });

  it('the same file imported twice is a no-op (same batch id)', () => {
    const bytes = fixture('purchases_cp1251.csv');
    const first = planFile(bytes, 'purchases').plan;
    const base = applyClients([], first);
    const again = planFile(bytes, 'purchases', { existing: base, batches: [first.batchId] }).plan;
    expect(again.alreadyImported).toBe(true);
    expect(again.batchId).toBe(first.batchId);
    expect([again.purchases.length, again.clientsToCreate.length, again.clientsToUpdate.length, again.counts.skip]).toEqual([0, 0, 0, 4]);
  });

  it('batch id follows batchIdFor(fileHash, planKey): another mapping is another batch', () => {
    const bytes = fixture('purchases_cp1251.csv');
    const a = planFile(bytes, 'purchases').plan;
    const b = planFile(bytes, 'purchases', { drop: ['Цена'] }).plan;
    expect(a.batchId).not.toBe(b.batchId);
    expect(a.batchId.startsWith('bat_')).toBe(true);
    expect(a.batchId).not.toBe(batchIdFor(hashBytes(bytes), ''));
  });

  it('Excel serial dates are read; an ambiguous date column stops the plan until the user chooses', () => {
    expect(planFile(fixture('excel_serial_dates.csv'), 'purchases').plan.purchases.map((l) => l.date)).toEqual(['2024-01-01', '2024-02-29', '2023-03-15']);
    expect(() => planFile(fixture('ambiguous_dates.csv'), 'purchases')).toThrow(/choose the format/);
    const chosen = planFile(fixture('ambiguous_dates.csv'), 'purchases', { extra: { dateFormat: 'dmy' } }).plan;
    expect(chosen.purchases.map((l) => l.date)).toEqual(['2024-02-01', '2024-04-03', '2024-11-12']);
  });

  it('streams purchases as encoded chunks of at most CHUNK_ROWS lines through onChunk', () => {
    const rows = ['Customer ID;Date;Sales'];
    for (let i = 0; i < CHUNK_ROWS * 2 + 5; i++) rows.push(`${i % 7};0${(i % 9) + 1}.01.2024;${i},5`);
    const bytes = utf8(rows.join('\n'));
    const parsed = parseCsv(bytes);
    if (!parsed.ok) throw new Error(parsed.error.message);
    const chunks: PurchaseLine[][] = [];
    const planner = new ImportPlanner({
      entity: 'purchases', fileName: 'x', fileHash: hashBytes(bytes), header: parsed.value.header,
      mapping: { 'Customer ID': 'clientExternalId', Date: 'date', Sales: 'amount' }, defaultCountry: 'MK',
      index: buildClientIndex([]), now: NOW, by: '',
      onChunk: (bytes, rows, clients) => { const d = unwrap(decodeChunk(bytes)); expect(clients).toEqual(d.clients); const lines = chunkLines(d); expect(lines.length).toBe(rows); chunks.push(lines); },
    });
    parsed.value.rows.forEach((r, i) => planner.add(r, parsed.value.rowNumbers[i]!));
    const r = planner.finish();
    expect(r.ok && r.value.purchases).toEqual([]);
    expect(r.ok && r.value.counts.create).toBe(CHUNK_ROWS * 2 + 5);
    expect(chunks.map((c) => c.length)).toEqual([CHUNK_ROWS, CHUNK_ROWS, 5]);
    expect(sum(chunks.flat().map((l) => l.amount))).toBeCloseTo(sum(Array.from({ length: CHUNK_ROWS * 2 + 5 }, (_, i) => i + 0.5)), 3);
  });

  it('refuses a mapping without a client or date column', () => {
    const parsed = parseCsv(utf8('a,b\n1,2\n'));
    if (!parsed.ok) throw new Error('parse');
    const r = buildImportPlan(parsed.value, { entity: 'purchases', fileName: 'x', fileHash: 'h', header: parsed.value.header, mapping: { a: 'amount' }, defaultCountry: 'RU', index: buildClientIndex([]), now: NOW, by: '' });
    expect(r).toMatchObject({ ok: false, error: { kind: 'missing-field' } });
  });
});

describe('import plan: clients sent ahead', () => {
  // A split file's lead hands the clients it created to the page before the plan is done
  // (pipeline.ts `created`); the plan must then start with them as they were, or say they changed.
  const planner = () => new ImportPlanner({
    entity: 'clients', fileName: 'f.csv', fileHash: 'h', header: ['Name', 'Email', 'Phone'], mapping: { Name: 'name', Email: 'email', Phone: 'phone' },
    defaultCountry: 'RU', index: buildClientIndex([]), now: NOW, by: '',
  });
  const rows = Array.from({ length: 5001 }, (_, i) => [`Client ${i}`, `c${i}@x.ru`, '']);

  it('finishes with the clients sent ahead first, unchanged, and later ones after them', () => {
    const p = planner();
    rows.forEach((r, i) => p.add(r, i + 2));
    const ahead = structuredClone([...p.sendAhead()]);
    expect(ahead.length).toBe(5001);
    p.add(['Client new', 'new@x.ru', ''], 5003);
    p.add(['Client 3', 'c3@x.ru', ''], 5004); // the same client again, nothing new: merged, unchanged
    const plan = unwrap(p.finish());
    expect(p.sentAheadChanged).toBe(false);
    expect(plan.clientsToCreate.slice(0, ahead.length)).toEqual(ahead);
    expect(plan.clientsToCreate.map((c) => c.name).slice(ahead.length)).toEqual(['Client new']);
  });

  it('tells when a later row merged into a client sent ahead', () => {
    const p = planner();
    rows.forEach((r, i) => p.add(r, i + 2));
    p.sendAhead();
    p.add(['Client 7 Ltd', 'c7@x.ru', '+7 916 555-12-34'], 5003); // the same e-mail: its phone merged into client 7
    unwrap(p.finish());
    expect(p.sentAheadChanged).toBe(true);
  });
});

describe('import plan: clients', () => {
  it('cp1251 clients with contact persons, phones in E.164, e-mails lower-cased', () => {
    const { plan } = planFile(fixture('clients_cp1251.csv'), 'clients');
    expect(plan.clientsToCreate.map((c) => [c.legalForm, c.name, c.phones, c.emails])).toEqual([
      ['ООО', 'Ромашка', ['+74951234567'], ['info@romashka.ru']],
      ['ИП', 'Сидорова Анна', ['+79165551234'], []],
      ['ДООЕЛ', 'Ѓорѓи', ['070 123 456'], ['gjorgji@example.mk']], // a Macedonian number read as Russian: kept as typed
    ]);
    expect(plan.warnings.map((w) => w.row)).toEqual([5]);
    expect(plan.contactsToCreate.map((p) => [p.name, p.role])).toEqual([['Иванов Пётр', 'Директор'], ['Љубица Његош', 'Менаџер']]);
  });

  it('duplicate rows in one file merge; policies update / keep-both / skip apply to base matches', () => {
    const { plan } = planFile(fixture('duplicates.csv'), 'clients', { mapping: { 'Email (2)': 'email' } });
    expect(plan.clientsToCreate.map((c) => [c.name, c.emails])).toEqual([['Alpha', ['a@x.com', 'a2@x.com']], ['Beta', ['b@x.com']]]);
    expect(plan.counts).toMatchObject({ create: 2, skip: 1 });

    const base = applyClients([], plan);
    const changed = utf8('Customer ID;Name;Email;Phone\n1;Alpha;new@x.com;\n2;Beta;b@x.com;\n');
    const upd = planFile(changed, 'clients', { existing: base }).plan;
    expect(upd.clientsToUpdate).toEqual([{ id: base[0]!.id, fields: { emails: ['a@x.com', 'a2@x.com', 'new@x.com'] } }]);
    expect(upd.duplicates).toMatchObject([{ row: 2, existingId: base[0]!.id, matchedBy: 'externalId', policy: 'update' }]);
    expect(upd.counts).toMatchObject({ update: 1, skip: 1, create: 0 });

    const keep = planFile(changed, 'clients', { existing: base, extra: { duplicatePolicy: 'keep-both' } }).plan;
    expect([keep.clientsToCreate.length, keep.clientsToUpdate.length]).toEqual([1, 0]);
    const skip = planFile(changed, 'clients', { existing: base, extra: { duplicateOverrides: { 2: 'skip' } } }).plan;
    expect([skip.clientsToCreate.length, skip.clientsToUpdate.length, skip.counts.skip]).toEqual([0, 0, 2]);
  });

  it('importing the same clients file twice changes nothing', () => {
    const bytes = fixture('clients_cp1251.csv');
    const first = planFile(bytes, 'clients').plan;
    const base = applyClients([], first);
    const again = planFile(bytes, 'clients', { existing: base, contacts: first.contactsToCreate }).plan;
    expect([again.clientsToCreate.length, again.clientsToUpdate.length, again.contactsToCreate.length, again.duplicates.length]).toEqual([0, 0, 0, 0]);
    expect(again.counts.skip).toBe(3);
  });

  it('ids are deterministic: two laptops planning the same file get the same records', () => {
    const a = planFile(fixture('clients_cp1251.csv'), 'clients').plan;
    const b = planFile(fixture('clients_cp1251.csv'), 'clients').plan;
    expect(b.clientsToCreate.map((c) => c.id)).toEqual(a.clientsToCreate.map((c) => c.id));
    expect(b.contactsToCreate.map((c) => c.id)).toEqual(a.contactsToCreate.map((c) => c.id));
  });

  it('rowErrorsCsv lists problems with Excel row numbers', () => {
    const { plan } = planFile(fixture('purchases_cp1251.csv'), 'purchases');
    const csv = rowErrorsCsv(plan);
    expect(csv.split('\r\n')[0]).toBe('Row;Column;Value;Problem;Status');
    expect(csv).toContain('5;Дата;31.02.2024;date: no such calendar day;not imported');
  });
});

describe('import plan: names with legal forms', () => {
  it('"ООО «Ромашка»" twice without other keys is one client, and matches a base client named Ромашка', () => {
    const bytes = new TextEncoder().encode('Наименование;Город\nООО «Ромашка»;Москва\nООО "Ромашка";Москва\n');
    const { plan } = planFile(bytes, 'clients');
    expect(plan.clientsToCreate.map((c) => [c.legalForm, c.name])).toEqual([['ООО', 'Ромашка']]);
    expect(new Set(plan.clientsToCreate.map((c) => c.id)).size).toBe(plan.clientsToCreate.length);
    // A client typed by hand in the app (random id) is found by name without the legal form.
    const typed = { ...defaultClient('cli_handtypedhandtypedhandty' as ClientId, NOW, ''), name: 'Ромашка', legalForm: 'ООО' };
    const again = planFile(bytes, 'clients', { existing: [typed] }).plan;
    expect([again.clientsToCreate.length, again.clientsToUpdate.length]).toEqual([0, 1]);
    expect(again.duplicates[0]).toMatchObject({ existingId: typed.id, matchedBy: 'name' });
  });
});

describe('client index', () => {
  it('leaves deleted and erased clients out and leads a merged client\'s keys to the survivor', () => {
    const mk = (id: string, extra: object) => ({ ...defaultClient(id as ClientId, NOW, ''), ...extra });
    const survivor = mk('cli_survivorsurvivorsurvivor', { name: 'Alpha Ltd', externalId: 'A-1' });
    const loser = mk('cli_loserloserloserloserlose', { name: 'Alpha', externalId: 'OLD-7', mergedInto: survivor.id });
    const gone = mk('cli_gonegonegonegonegonegone', { name: 'Gone', externalId: 'G-1', deletedAt: NOW });
    const erased = mk('cli_erasederasederasederase', { name: 'Erased', externalId: 'E-1', erasedAt: NOW });
    const bytes = new TextEncoder().encode('Customer ID,Date,Sales\nOLD-7,2024-01-01,1\nG-1,2024-01-01,2\nE-1,2024-01-01,3\n');
    const { plan } = planFile(bytes, 'purchases', { existing: [survivor, loser, gone, erased] });
    expect(plan.purchases[0]!.clientId).toBe(survivor.id);
    expect(plan.clientsToCreate.map((c) => c.externalId)).toEqual(['G-1', 'E-1']);
    expect(plan.clientsToCreate.map((c) => c.id)).not.toContain(gone.id);
  });
});
