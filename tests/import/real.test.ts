import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildImportPlan, joinOnKey, parseCsv, parseVcards, planVcards, buildClientIndex, type Mapping } from '../../src/core/import';
import { hashBytes } from '../../src/core/model/ids';
import { hasReal, real, realDir } from './helpers';
import { applyClients, NOW, planFile, sum } from './planHelpers';

/**
 * Every real export in ../shared/data/real (never copied into the repo). Skipped, loudly, when absent.
 */
describe.skipIf(!hasReal)('real exports', () => {
  it('Superstore (cp1252, m/d/yyyy): 9,994 lines, Sales sum 2,297,200.8603, 793 customers', () => {
    const { plan } = planFile(real('superstore_sample_tableau_cp1252.csv'), 'purchases');
    expect(plan.rowErrors).toEqual([]);
    expect(plan.purchases).toHaveLength(9994);
    expect(sum(plan.purchases.map((l) => l.amount))).toBeCloseTo(2297200.8603, 4);
    expect(new Set(plan.purchases.map((l) => l.clientId)).size).toBe(793);
    expect(plan.counts.newClientsFromPurchases).toBe(793);
    expect(plan.formats.date).toBe('mdy');
    expect(plan.purchases[0]).toMatchObject({ date: '2019-11-08', orderId: 'CA-2019-152156', qty: 2 });
    const dates = plan.purchases.map((l) => l.date).sort();
    expect([dates[0], dates[dates.length - 1]]).toEqual(['2017-01-03', '2020-12-30']);
    expect(plan.clientsToCreate.find((c) => c.externalId === 'CG-12520')?.name).toBe('Claire Gute');
  });

  it('Superstore ; + decimal comma: links by name (no customer id), ISO ship date, same total', () => {
    const { plan } = planFile(real('superstore_semicolon_decimalcomma_cp1252.csv'), 'purchases');
    expect(plan.rowErrors).toEqual([]);
    expect(plan.purchases).toHaveLength(9994);
    expect(plan.formats.date).toBe('ymd');
    expect(plan.formats.decimal.amount).toBe(',');
    expect(new Set(plan.purchases.map((l) => l.clientId)).size).toBe(793);
    expect(sum(plan.purchases.map((l) => l.amount))).toBeCloseTo(2297200.8603, 2);
    // cp1252 letters (0xA0–0xFF, safe from Node's C1 quirk) decode right.
    expect(plan.clientsToCreate.some((c) => c.name === 'Roy Französisch')).toBe(true);
  });

  it('the two Superstore files meet on the same clients when imported one after the other (by name)', () => {
    const first = planFile(real('superstore_sample_tableau_cp1252.csv'), 'purchases');
    const base = applyClients([], first.plan);
    const second = planFile(real('superstore_semicolon_decimalcomma_cp1252.csv'), 'purchases', { existing: base });
    expect(second.plan.counts.newClientsFromPurchases).toBe(0);
    expect(second.plan.clientsToCreate).toHaveLength(0);
  });

  it('UCI Online Retail sample (m/d/yyyy h:mm, NA ids, cancellations)', () => {
    const { plan } = planFile(real('online_retail_uci_sample2709_origdates.csv'), 'purchases');
    expect(plan.formats.date).toBe('mdy');
    const noCustomer = plan.rowErrors.filter((e) => /no customer/.test(e.reason));
    expect(noCustomer).toHaveLength(668);
    expect(plan.purchases).toHaveLength(2709 - 668);
    expect(new Set(plan.purchases.map((l) => l.clientId)).size).toBe(1171);
    const cancelled = plan.purchases.filter((l) => l.orderId.startsWith('C'));
    expect(cancelled.length).toBeGreaterThan(0);
    expect(cancelled.every((l) => l.amount < 0 && l.qty < 0)).toBe(true);
    expect(plan.counts.error).toBe(668);
  });

  it.each([
    ['online_retail_uci_spark_by-day_2010-12-01.csv', 3108, 1140, 98, '2010-12-01'],
    ['online_retail_uci_spark_by-day_2011-12-09.csv', 1632, 1008, 38, '2011-12-09'],
  ])('UCI by-day %s: float ids, empty ids are row errors', (file, lines, missing, customers, day) => {
    const { plan } = planFile(real(file), 'purchases');
    expect(plan.rowErrors.filter((e) => /no customer/.test(e.reason))).toHaveLength(missing);
    expect(plan.purchases).toHaveLength(lines - missing);
    expect(new Set(plan.purchases.map((l) => l.clientId)).size).toBe(customers);
    expect(plan.purchases.every((l) => l.date === day)).toBe(true);
    // "17850.0" is customer 17850: same deterministic client as an integer id elsewhere.
    expect(plan.clientsToCreate.every((c) => /^\d+$/.test(c.externalId))).toBe(true);
    const first = plan.purchases[0]!;
    expect(first.amount).toBeCloseTo(first.qty * (file.includes('2010') ? 2.55 : 0.39), 6);
  });

  it('UCI: the same customer id in two files is one client', () => {
    const a = planFile(real('online_retail_uci_spark_by-day_2010-12-01.csv'), 'purchases').plan;
    const b = planFile(real('online_retail_uci_sample2709_origdates.csv'), 'purchases').plan;
    const idsA = new Map(a.clientsToCreate.map((c) => [c.externalId, c.id]));
    const shared = b.clientsToCreate.filter((c) => idsA.has(c.externalId));
    expect(shared.length).toBeGreaterThan(0);
    expect(shared.every((c) => idsA.get(c.externalId) === c.id)).toBe(true);
  });

  it('Northwind customers: 91 clients with contact persons, phones normalised by row country', () => {
    const { plan } = planFile(real('northwind_customers.csv'), 'clients');
    expect(plan.rowErrors).toEqual([]);
    expect(plan.clientsToCreate).toHaveLength(91);
    expect(plan.contactsToCreate).toHaveLength(91);
    const alfki = plan.clientsToCreate.find((c) => c.externalId === 'ALFKI')!;
    expect(alfki).toMatchObject({ name: 'Alfreds Futterkiste', phones: ['+49300074321'] });
    expect(alfki.addresses[0]).toMatchObject({ city: 'Berlin', postalCode: '12209', country: 'DE' });
    expect(plan.contactsToCreate.find((p) => p.clientId === alfki.id)).toMatchObject({ name: 'Maria Anders', role: 'Sales Representative' });
    // Northwind's numbers are fictitious (555-…, French "88.60.15.31"): valid ones become E.164,
    // the others are kept as typed, each with a warning.
    const e164 = plan.clientsToCreate.filter((c) => c.phones[0]?.startsWith('+')).length;
    const kept = plan.warnings.filter((w) => w.column === 'phone' && /kept as typed/.test(w.reason)).length;
    expect(e164).toBeGreaterThan(45);
    expect(e164 + kept).toBe(plan.clientsToCreate.filter((c) => c.phones.length).length);
  });

  it('Northwind orders link to the customers file by customer id; details import as lines by order id', () => {
    const customers = planFile(real('northwind_customers.csv'), 'clients').plan;
    const base = applyClients([], customers);
    const orders = planFile(real('northwind_orders.csv'), 'purchases', {
      existing: base, mapping: { freight: 'amount' }, drop: ['ship_name'],
    }).plan;
    expect(orders.rowErrors).toEqual([]);
    expect(orders.purchases).toHaveLength(830);
    expect(orders.counts.newClientsFromPurchases).toBe(0);
    expect(new Set(orders.purchases.map((l) => l.clientId)).size).toBe(89);
  });

  it('Northwind order details joined to orders on order_id import as lines: famous total 1,265,793.04', () => {
    const details = parseCsv(real('northwind_order_details.csv'));
    const orders = parseCsv(real('northwind_orders.csv'));
    if (!details.ok || !orders.ok) throw new Error('parse');
    const joined = joinOnKey(details.value, orders.value, 'order_id', 'order_id');
    expect(joined.errors).toEqual([]);
    const mapping: Mapping = { order_id: 'orderId', product_id: 'product', unit_price: 'unitPrice', quantity: 'qty', discount: 'discount', customer_id: 'clientExternalId', order_date: 'date' };
    const base = applyClients([], planFile(real('northwind_customers.csv'), 'clients').plan);
    const r = buildImportPlan(joined, { entity: 'purchases', fileName: 'details', fileHash: 'h', header: joined.header, mapping, defaultCountry: 'US', index: buildClientIndex(base), now: NOW, by: '' });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.purchases).toHaveLength(2155);
    expect(r.value.counts.newClientsFromPurchases).toBe(0);
    expect(sum(r.value.purchases.map((l) => l.amount))).toBeCloseTo(1265793.04, 1);
  });

  it('Neo4j Northwind copy: 24 ragged rows reported, the other 67 imported', () => {
    const { plan } = planFile(real('northwind_neo4j_customers_malformed.csv'), 'clients');
    expect(plan.rowErrors).toHaveLength(24);
    expect(plan.rowErrors.every((e) => /ragged row: 12 fields/.test(e.reason))).toBe(true);
    expect(plan.clientsToCreate).toHaveLength(67);
    // Literal "NULL" is treated as empty.
    expect(plan.clientsToCreate.every((c) => c.addresses.every((a) => !a.line.includes('NULL')))).toBe(true);
  });

  it('Thunderbird CSVs: UTF-16 BOM, Shift_JIS, no header, semicolon, tab/comma mixed', () => {
    const utf16 = planFile(real('thunderbird/tb_utf16_addressbook.csv'), 'clients').plan;
    expect(utf16.clientsToCreate[0]).toMatchObject({ name: 'John Doe', emails: ['johndoe@host.invalid'] });
    const sjis = parseCsv(real('thunderbird/tb_shiftjis_addressbook.csv'));
    expect(sjis.ok && sjis.value.encoding).toBe('shift_jis');
    expect(sjis.ok && sjis.value.rows[0]!.slice(0, 3)).toEqual(['権兵衛', '名無し', '名無しの権兵衛']);
    const noHeader = parseCsv(real('thunderbird/tb_csv_no_header.csv'));
    expect(noHeader.ok && [noHeader.value.hasHeader, noHeader.value.rows.length]).toEqual([false, 2]);
    const semi = planFile(real('thunderbird/tb_csv_semicolon.csv'), 'clients').plan;
    expect(semi.clientsToCreate.map((c) => c.emails[0])).toEqual(['john@doe.invalid', 'jane@doe.invalid']);
    const mixed = parseCsv(real('thunderbird/tb_tab_comma_mixed.csv'));
    expect(mixed.ok && mixed.value.delimiter).toBe('\t');
    expect(mixed.ok && mixed.value.rows).toHaveLength(3);
    expect(mixed.ok && mixed.value.errors.map((e) => e.row)).toEqual([1]);
    for (const f of ['tb_basic_addressbook.csv', 'tb_basic_csv_addressbook.csv', 'tb_quote.csv', 'tb_addrbook_browser_import.csv']) {
      const p = planFile(real(`thunderbird/${f}`), 'clients').plan;
      expect(p.clientsToCreate.length, f).toBeGreaterThan(0);
      expect(p.rowErrors, f).toEqual([]);
    }
    const quote = planFile(real('thunderbird/tb_quote.csv'), 'clients').plan;
    expect(quote.clientsToCreate[0]).toMatchObject({ name: 'Acer America' });
    expect(quote.clientsToCreate[0]!.phones).toHaveLength(1);
  });

  it('Salesforce fixtures: BOM variants, escaped quotes; UTF-32 refused with a reason', () => {
    for (const f of ['sfdl_csvtext_BOM_UTF8.csv', 'sfdl_csvtext_BOM_UTF16LE.csv', 'sfdl_csvtext_BOM_UTF16BE.csv']) {
      const r = parseCsv(real(`salesforce/${f}`));
      expect(r.ok && r.value.header, f).toEqual(['column1', 'column2', 'column3']);
      expect(r.ok && r.value.rows, f).toEqual([['row1-1', 'row1-2', 'row1-3'], ['row2-1', 'row2-2', 'row2-3']]);
    }
    for (const f of ['sfdl_csvtext_BOM_UTF32LE.csv', 'sfdl_csvtext_BOM_UTF32BE.csv']) {
      expect(parseCsv(real(`salesforce/${f}`)), f).toMatchObject({ ok: false, error: { code: 'unsupported-encoding' } });
    }
    const q = parseCsv(real('salesforce/sfdl_csvEscapedQuotes.csv'));
    expect(q.ok && q.value.rows).toEqual([['"The Best" Account', 'bla'], ['The "Best" Account', 'bla']]);
    const sep = parseCsv(real('salesforce/sfdl_csvSeparator.csv'));
    expect(sep.ok && sep.value.rows[1]).toEqual(['col21', 'col22!somev2', 'col23']);
    const opp = planFile(real('salesforce/sfdl_opportunityData.csv'), 'purchases', { mapping: { ACCOUNTID: 'clientExternalId' }, drop: ['ID', 'NAME'] }).plan;
    expect(opp.purchases).toHaveLength(33);
    expect(opp.rowErrors.map((e) => [e.row, e.reason])).toEqual([10, 19, 29, 30, 39].map((r) => [r, 'no amount']));
  });

  it('CDNOW: whitespace-delimited without header parses; with header as purchases', () => {
    const txt = planFile(real('CDNOW_sample.txt'), 'purchases', {
      mapping: { 'Column 1': 'clientExternalId', 'Column 3': 'date', 'Column 4': 'qty', 'Column 5': 'amount' },
    }).plan;
    expect(txt.purchases).toHaveLength(6919);
    expect(txt.formats.date).toBe('yyyymmdd');
    const elog = planFile(real('cdnowElog.csv'), 'purchases').plan;
    expect(elog.purchases).toHaveLength(6919);
    expect(new Set(elog.purchases.map((l) => l.clientId)).size).toBe(2357);
    // The same customers: "00004" and "4" are different source ids, so the files do not meet (documented).
    expect(sum(txt.purchases.map((l) => l.amount))).toBeCloseTo(sum(elog.purchases.map((l) => l.amount)), 6);
  });

  it('every other CSV in the folder parses without file-level errors', () => {
    const files = readdirSync(realDir).filter((f) => /\.(csv|txt)$/.test(f));
    for (const f of files) {
      const r = parseCsv(real(f));
      expect(r.ok, f).toBe(true);
    }
    // A transaction log without amounts is refused as purchases, with the reason.
    expect(() => planFile(real('example_transactions.csv'), 'purchases')).toThrow(/amount/);
  });

  it('vCards from Outlook 2.1 (quoted-printable), iPhone 3.0 (grouped items) and RFC 6350 4.0 read right', () => {
    const first = (f: string) => { const r = parseVcards(real(f)); if (!r.ok) throw new Error(r.error.message); return r.value[0]!; };
    const outlook = first('vcard/ezvcard_outlook-2007.vcf');
    expect(outlook).toMatchObject({ version: '2.1', fn: 'Mr. Michael Angstadt Jr.', org: 'TheCompany', department: 'TheDepartment', title: 'TheJobTitle', bday: '1922-03-10' });
    expect(outlook.note).toMatch(/^This is the NOTE field\t\r\nI assume it encodes/);
    expect(outlook.tels.map((t) => t.types)).toContainEqual(['work', 'fax']);
    const iphone = first('vcard/ezvcard_John_Doe_IPHONE.vcf');
    expect(iphone).toMatchObject({ version: '3.0', family: 'Doe', given: 'John', org: 'IBM', department: 'Accounting', bday: '2012-06-06' });
    expect(iphone.tels[0]).toEqual({ value: '905-555-1234', types: ['cell', 'voice', 'pref'] });
    const rfc = first('vcard/ezvcard_rfc6350-example.vcf');
    expect(rfc).toMatchObject({ version: '4.0', fn: 'Simon Perreault', org: 'Viagenie', emails: [{ value: 'simon.perreault@viagenie.ca', types: ['work'] }] });
    expect(rfc.tels[1]!.value).toBe('+1-418-262-6501');
    const android = parseVcards(real('vcard/ezvcard_John_Doe_ANDROID.vcf'));
    expect(android.ok && android.value[2]!.fn).toBe('Ñ Ñ Ñ Ñ Ñ');
  });

  it('every vCard in vcard/ and thunderbird/ reads and plans', () => {
    const vcfs = [
      ...readdirSync(path.join(realDir, 'vcard')).filter((f) => f.endsWith('.vcf')).map((f) => `vcard/${f}`),
      ...readdirSync(path.join(realDir, 'thunderbird')).filter((f) => f.endsWith('.vcf')).map((f) => `thunderbird/${f}`),
    ];
    expect(vcfs.length).toBeGreaterThanOrEqual(19);
    for (const f of vcfs) {
      const bytes = real(f);
      const cards = parseVcards(bytes);
      expect(cards.ok, f).toBe(true);
      if (!cards.ok) continue;
      const expected = new TextDecoder().decode(bytes).match(/^BEGIN:VCARD/gim)?.length ?? 0;
      expect(cards.value, f).toHaveLength(expected);
      const plan = planVcards(cards.value, { fileName: f, fileHash: hashBytes(bytes), defaultCountry: 'US', index: buildClientIndex([]), now: NOW, by: '' });
      expect(plan.ok, f).toBe(true);
      if (plan.ok) expect(plan.value.clientsToCreate.length + plan.value.rowErrors.length + plan.value.counts.skip, f).toBe(expected);
    }
  });
});
