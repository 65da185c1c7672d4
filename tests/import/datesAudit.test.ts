import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildClientIndex, buildImportPlan, parseCsv, parseDate, parseDateColumn, type DateFormat, type PlanOptions } from '../../src/core/import';
import { dateColumnFormat } from '../../src/core/import/dates';
import { HAVE_REAL, REAL_DIR } from '../analytics/realDataDir';

/** Audit of date values against what real exports contain (issue #3: "dates … decided per column"). */
const iso = (v: string, f: DateFormat) => {
  const r = parseDate(v, f);
  return r.ok ? r.value : `error: ${r.error}`;
};

describe('time parts and spacing', () => {
  it.each([
    ['12/1/2010 8:26', 'mdy', '2010-12-01'], ['2011-12-09 08:34:00', 'ymd', '2011-12-09'],
    ['1996-07-04 00:00:00.000', 'ymd', '1996-07-04'], ['2024-03-05T10:00:00Z', 'ymd', '2024-03-05'],
    ['2006-06-15T20:47:07.000Z', 'ymd', '2006-06-15'], ['05.03.2024 10:00', 'dmy', '2024-03-05'],
    ['05.03.2024 0:00:00', 'dmy', '2024-03-05'], ['3/5/2024 10:00:00 PM', 'mdy', '2024-03-05'],
    ['05.03.24 10:00', 'dmy', '2024-03-05'], ['31/12/2024', 'dmy', '2024-12-31'], ['31-12-2024', 'dmy', '2024-12-31'],
    // Copied from a web page or a report: a no-break space or two spaces before the time.
    ['05.03.2024\u00a010:00', 'dmy', '2024-03-05'], ['2024-03-05  10:00', 'ymd', '2024-03-05'],
    ['\u00a005.03.2024\u00a0', 'dmy', '2024-03-05'], ['\u200b05.03.2024', 'dmy', '2024-03-05'], ['\ufeff2024-03-05', 'ymd', '2024-03-05'],
  ] as const)('%j as %s = %s', (v, f, want) => {
    expect(iso(v, f)).toBe(want);
  });

  it('a time that is no time makes the cell an error, not a date', () => {
    expect(parseDate('05.03.2024 25:00', 'dmy').ok).toBe(false);
    expect(parseDate('2024-03-05 10:75', 'ymd').ok).toBe(false);
    expect(parseDate('3/5/2024 13:00 PM', 'mdy').ok).toBe(false);
  });
});

describe('Russian and Macedonian writing', () => {
  it.each([
    ['05.03.2024 г.', '2024-03-05'], ['05.03.2024г.', '2024-03-05'], ['5.3.2024 год.', '2024-03-05'],
    ['5 марта 2024', '2024-03-05'], ['5 марта 2024 г.', '2024-03-05'], ['5 мар. 2024', '2024-03-05'], ['05 мая 2024', '2024-05-05'],
    ['1 сент. 2023', '2023-09-01'], ['5 мај 2024', '2024-05-05'], ['15 септември 2023', '2023-09-15'], ['3 јан. 2024', '2024-01-03'],
    ['05-Mar-2024', '2024-03-05'], ['5-Mar-24', '2024-03-05'], ['5 March 2024', '2024-03-05'], ['05.мар.2024', '2024-03-05'],
  ])('%j is day-first', (v, want) => {
    expect(iso(v, 'dmy')).toBe(want);
    expect(parseDate(v, 'mdy').ok).toBe(false);
  });

  it('US month-first names read as mdy only', () => {
    expect(iso('Mar 5, 2024', 'mdy')).toBe('2024-03-05');
    expect(iso('March 15, 2024 10:00', 'mdy')).toBe('2024-03-15');
    expect(parseDate('Mar 5, 2024', 'dmy').ok).toBe(false);
  });

  it('a month word is a month, not any word starting like one; impossible days are errors', () => {
    expect(parseDate('5 мартобря 2024', 'dmy').ok).toBe(false);
    expect(parseDate('5 ма 2024', 'dmy').ok).toBe(false);
    expect(iso('31 февраля 2024', 'dmy')).toBe('error: no such calendar day');
  });

  it('a column of month names is decided, not asked about', () => {
    expect(dateColumnFormat(['5 марта 2024', '12 апреля 2024', '06.03.2024'])).toEqual({ ok: true, value: 'dmy' });
    expect(dateColumnFormat(['Mar 5, 2024', 'Apr 12, 2024'])).toEqual({ ok: true, value: 'mdy' });
  });
});

describe('Excel serial numbers', () => {
  it('follows Excel\'s 1900 calendar past its fictitious 29 February; refuses the days before', () => {
    // Serial 60 is Excel's 1900-02-29, which never was; from 61 on Excel's count is one day ahead.
    expect(iso('60', 'excel-serial')).toBe('error: Excel date number out of range');
    expect(iso('10', 'excel-serial')).toBe('error: Excel date number out of range');
    expect(iso('61', 'excel-serial')).toBe('1900-03-01');
    expect(iso('25569', 'excel-serial')).toBe('1970-01-01');
    expect(iso('45351.99999', 'excel-serial')).toBe('2024-02-29');
    expect(iso('45292,25', 'excel-serial')).toBe('2024-01-01');
    expect(parseDate('0', 'excel-serial').ok).toBe(false);
  });

  it('a serial far outside the sane years is an error, as a typed year is', () => {
    // 453510 for 45351 (one key too many) is the year 3141.
    expect(iso('453510', 'excel-serial')).toMatch(/^error: year 3141/);
    expect(iso('999999', 'excel-serial')).toBe('error: year 4637 is out of range');
    expect(iso('05.03.3141', 'dmy')).toMatch(/^error: year 3141/);
  });
});

describe('YYYYMMDD, placeholders, invalid and far-off dates', () => {
  it('reads compact dates written as floats by pandas (a NaN in the column)', () => {
    expect(iso('19970101.0', 'yyyymmdd')).toBe('1997-01-01');
    expect(dateColumnFormat(['19970101.0', '19970118.0', ''])).toEqual({ ok: true, value: 'yyyymmdd' });
    expect(parseDate('19970101.5', 'yyyymmdd').ok).toBe(false);
  });

  it('does not take plain integers for dates', () => {
    expect(dateColumnFormat(['1001', '1002', '1003'])).toMatchObject({ ok: false, error: { kind: 'unrecognised' } });
    expect(dateColumnFormat(['20241301', '20241302'])).toMatchObject({ ok: false, error: { kind: 'unrecognised' } });
  });

  it('NULL, NA and MySQL\'s zero date are missing dates, not broken ones', () => {
    expect(dateColumnFormat(['NULL', 'NULL', '2024-01-05'])).toEqual({ ok: true, value: 'ymd' });
    const r = parseDateColumn(['2024-01-05', 'NULL', '0000-00-00 00:00:00', 'NA', '', '2024-01-06']);
    expect(r).toMatchObject({ ok: true, value: { format: 'ymd', dates: ['2024-01-05', null, null, null, null, '2024-01-06'], errors: [] } });
    expect(parseDate('0000-00-00', 'ymd')).toEqual({ ok: false, error: 'empty' });
  });

  it('reports invalid days and typo years, never rolls them over', () => {
    const r = parseDateColumn(['31.02.2024', '00.01.2024', '05.03.0024', '29.02.2023', '29.02.2024', ...Array(40).fill('01.03.2024')]);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.dates.slice(0, 5)).toEqual([null, null, null, null, '2024-02-29']);
    expect(r.value.errors.map((e) => [e.index, e.reason])).toEqual([
      [0, 'no such calendar day'], [1, 'no such calendar day'], [2, 'year 24 is out of range'], [3, 'no such calendar day'],
    ]);
  });
});

describe('a small file with typos', () => {
  it('reports its impossible days per row instead of refusing the whole column', () => {
    const r = parseDateColumn(['05.03.2024', '06.03.2024', '07.03.2024', '8.3.2024', '31.04.2024', '00.05.2024']);
    expect(r).toMatchObject({ ok: true, value: { format: 'dmy', errors: [{ index: 4, reason: 'no such calendar day' }, { index: 5 }] } });
    // Cells that are no dates at all still make it a column of something else.
    expect(dateColumnFormat(['05.03.2024', '06.03.2024', '07.03.2024', 'вчера', 'завтра', 'скоро'])).toMatchObject({ ok: false, error: { kind: 'unrecognised' } });
    expect(dateColumnFormat(['05.03.2024', '31.02.2024', '30.02.2024', '31.04.2024'])).toMatchObject({ ok: false, error: { kind: 'unrecognised' } });
  });
});

describe('the column decides', () => {
  const us = (i: number) => `${(i % 12) + 1}/${(i % 12) + 1 === 2 ? 1 : (i % 11) + 1}/2024 ${i % 24}:05`;

  it('asks about a column whose every day is ≤ 12, with both orders as candidates', () => {
    const values = Array.from({ length: 5000 }, (_, i) => us(i));
    expect(dateColumnFormat(values)).toEqual({ ok: false, error: expect.objectContaining({ kind: 'ambiguous', candidates: ['dmy', 'mdy'] }) });
    // One row past the 5 000 decides it: every value, not a sample, counts.
    expect(dateColumnFormat([...values, '12/13/2024 10:00'])).toEqual({ ok: true, value: 'mdy' });
    expect(dateColumnFormat([...values, '13/12/2024'])).toEqual({ ok: true, value: 'dmy' });
    // The user's answer reads the column.
    const r = parseDateColumn(['3/4/2024', '', '11/12/2024 8:26'], 'mdy');
    expect(r).toMatchObject({ ok: true, value: { dates: ['2024-03-04', null, '2024-11-12'], errors: [] } });
  });

  it('empty cells neither decide nor break a column', () => {
    expect(dateColumnFormat(['', '05.03.2024', ' ', '\u00a0', '17.03.2024'])).toEqual({ ok: true, value: 'dmy' });
    expect(dateColumnFormat(['', ' '])).toMatchObject({ ok: false, error: { kind: 'unrecognised' } });
  });
});

/** Every date column of the shared real exports: the format decided and the dates read. */
describe.skipIf(!HAVE_REAL)('real exports', () => {
  const column = (file: string, name: string): string[] => {
    const r = parseCsv(new Uint8Array(readFileSync(path.join(REAL_DIR, file))));
    if (!r.ok) throw new Error(r.error.message);
    const i = r.value.header.indexOf(name);
    expect(i).toBeGreaterThanOrEqual(0);
    return r.value.rows.map((row) => row[i] ?? '');
  };

  it.each([
    ['superstore_sample_tableau_cp1252.csv', 'Order Date', 'mdy', '2017-01-03', '2020-12-30', 9994],
    ['superstore_sample_tableau_cp1252.csv', 'Ship Date', 'mdy', '2017-01-07', '2021-01-05', 9994],
    ['superstore_semicolon_decimalcomma_cp1252.csv', 'Ship Date', 'ymd', '2014-01-07', '2018-01-05', 9994],
    ['online_retail_uci_sample2709_origdates.csv', 'InvoiceDate', 'mdy', '2010-12-01', '2011-12-09', 2709],
    ['online_retail_uci_spark_by-day_2010-12-01.csv', 'InvoiceDate', 'ymd', '2010-12-01', '2010-12-01', 3108],
    ['online_retail_uci_spark_by-day_2011-12-09.csv', 'InvoiceDate', 'ymd', '2011-12-09', '2011-12-09', 1632],
    ['northwind_orders.csv', 'order_date', 'ymd', '1996-07-04', '1998-05-06', 830],
    ['northwind_orders.csv', 'required_date', 'ymd', '1996-07-24', '1998-06-11', 830],
    ['northwind_orders.csv', 'shipped_date', 'ymd', '1996-07-10', '1998-05-06', 809],
    ['CDNOW_sample.txt', 'Column 3', 'yyyymmdd', '1997-01-01', '1998-06-30', 6919],
    ['cdnowElog.csv', 'date', 'yyyymmdd', '1997-01-01', '1998-06-30', 6919],
    ['example_transactions.csv', 'date', 'ymd', '2014-01-01', '2014-12-31', 15273],
    ['salesforce/sfdl_opportunityData.csv', 'CLOSEDATE', 'ymd', '2005-11-09', '2006-06-06', 38],
    ['salesforce/sfdl_opportunityData.csv', 'CREATEDDATE', 'ymd', '2006-06-15', '2006-06-16', 38],
  ] as const)('%s "%s" is %s, %s..%s, %i dates', (file, name, format, first, last, n) => {
    const values = column(file, name);
    expect(dateColumnFormat(values)).toEqual({ ok: true, value: format });
    // The planner decides from the first 5 000 rows: they must say the same.
    expect(dateColumnFormat(values.slice(0, 5000))).toEqual({ ok: true, value: format });
    const r = parseDateColumn(values);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.errors).toEqual([]);
    const dates = r.value.dates.filter((d): d is string => d !== null).sort();
    expect([dates[0], dates[dates.length - 1], dates.length]).toEqual([first, last, n]);
  });

  it('the UCI sample\'s first row, Superstore\'s first line and a Salesforce time stamp read as written', () => {
    const uci = parseDateColumn(column('online_retail_uci_sample2709_origdates.csv', 'InvoiceDate'));
    expect(uci.ok && uci.value.dates[0]).toBe('2011-10-31'); // "10/31/2011 10:42"
    const ss = parseDateColumn(column('superstore_sample_tableau_cp1252.csv', 'Order Date'));
    expect(ss.ok && ss.value.dates[0]).toBe('2019-11-08'); // "11/8/2019"
    const sf = parseDateColumn(column('salesforce/sfdl_opportunityData.csv', 'CREATEDDATE'));
    expect(sf.ok && sf.value.dates[0]).toBe('2006-06-15'); // "2006-06-15T20:47:07.000Z"
  });

  it('columns that are not dates are not taken for dates', () => {
    expect(dateColumnFormat(column('superstore_sample_tableau_cp1252.csv', 'Postal Code')).ok).toBe(false);
    expect(dateColumnFormat(column('northwind_orders.csv', 'order_id')).ok).toBe(false);
    expect(dateColumnFormat(column('cdnowElog.csv', 'masterid')).ok).toBe(false);
    expect(dateColumnFormat(column('donations.csv', 'periods')).ok).toBe(false);
  });
});

describe('through the planner', () => {
  const plan = (csv: string, extra: Partial<PlanOptions> = {}) => {
    const parsed = parseCsv(new TextEncoder().encode(csv));
    if (!parsed.ok) throw new Error(parsed.error.message);
    return buildImportPlan(parsed.value, {
      entity: 'purchases', fileName: 'f.csv', fileHash: 'h', header: parsed.value.header, now: '2026-01-01T00:00:00.000Z', by: '',
      mapping: { 'Клиент': 'clientName', 'Дата': 'date', 'Сумма': 'amount' }, defaultCountry: 'RU',
      index: buildClientIndex([], [], []), parseErrors: parsed.value.errors, ...extra,
    });
  };

  it('reads a Russian file written by hand (month names, "г.", NULL) and reports what is no date', () => {
    const r = plan('Клиент;Дата;Сумма\nООО Ромашка;5 марта 2024 г.;100\nООО Ромашка;06.03.2024 10:00;50\nООО Ромашка;NULL;7\nООО Ромашка;31.02.2024;8\n');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.formats.date).toBe('dmy');
    expect(r.value.purchases.map((l) => l.date)).toEqual(['2024-03-05', '2024-03-06']);
    expect(r.value.rowErrors.map((e) => [e.row, e.reason])).toEqual([[4, 'date: empty'], [5, 'date: no such calendar day']]);
  });

  it('first 5 000 rows ambiguous: the planner asks (it decides from those rows only), and the answer reads the rest', () => {
    const rows = Array.from({ length: 5000 }, (_, i) => `ООО Ромашка;${(i % 12) + 1}/${(i % 11) + 1}/2024;1`);
    const csv = ['Клиент;Дата;Сумма', ...rows, 'ООО Ромашка;12/13/2024;1', ''].join('\n');
    expect(plan(csv)).toMatchObject({ ok: false, error: { kind: 'ambiguous-date', candidates: ['dmy', 'mdy'] } });
    const us = plan(csv, { dateFormat: 'mdy' });
    expect(us.ok && [us.value.purchases.length, us.value.rowErrors.length]).toEqual([5001, 0]);
    const eu = plan(csv, { dateFormat: 'dmy' });
    expect(eu.ok && eu.value.rowErrors.map((e) => [e.row, e.value, e.reason])).toEqual([[5002, '12/13/2024', 'date: no such calendar day']]);
  });
});
