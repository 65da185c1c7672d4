/**
 * Analyses on real public data read in place from ../shared/data/real (see SOURCES.md
 * there). Skipped, with a console warning from ./helpers, when that directory is absent.
 */
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import {
  fitBgNbd, fitGammaGamma, customerSummary, rfmTable, abcXyz, concentration, bgNbdExpectedPurchases,
  type SaleRow, type Transaction,
} from '../../src/core/analytics/index';
import { HAVE_REAL, REAL_DIR } from './realDataDir';

const read = (f: string): string => readFileSync(path.join(REAL_DIR, f), 'latin1');
const parsed = new Map<string, Record<string, string>[]>();
/** Parses a CSV once per file (Superstore takes a while), header row as keys. */
const csv = (f: string): Record<string, string>[] => {
  let rows = parsed.get(f);
  if (!rows) {
    rows = Papa.parse<Record<string, string>>(read(f), { header: true, skipEmptyLines: true }).data;
    parsed.set(f, rows);
  }
  return rows;
};

const PUBLISHED = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426, ll: -9582.4 };

function expectPublishedFit(rows: { frequency: number; recency: number; T: number }[]): void {
  const fit = fitBgNbd(rows);
  expect(Math.abs(fit.r - PUBLISHED.r)).toBeLessThanOrEqual(0.001);
  expect(Math.abs(fit.alpha - PUBLISHED.alpha)).toBeLessThanOrEqual(0.001);
  expect(Math.abs(fit.a - PUBLISHED.a)).toBeLessThanOrEqual(0.001);
  expect(Math.abs(fit.b - PUBLISHED.b)).toBeLessThanOrEqual(0.001);
  expect(Math.abs(fit.logLikelihood - PUBLISHED.ll)).toBeLessThanOrEqual(0.1);
}

/** cdnow_customers_summary.csv keyed by ID. */
function cdnowSummary(): Map<string, { frequency: number; recency: number; T: number }> {
  return new Map(csv('cdnow_customers_summary.csv').map((r) => [r.ID as string, { frequency: Number(r.frequency), recency: Number(r.recency), T: Number(r.T) }]));
}

function expectSummaryMatches(tx: Transaction[]): void {
  const want = cdnowSummary();
  const got = customerSummary(tx, '1997-09-30', 'week');
  expect(got).toHaveLength(2357);
  const zbar = new Map(csv('cdnow_customers_summary_with_transactions.csv').map((r) => [r.ID as string, Number(r.zbar)]));
  for (const g of got) {
    const w = want.get(g.customerId);
    expect(w, g.customerId).toBeDefined();
    if (!w) continue;
    expect(g.frequency).toBe(w.frequency);
    expect(Math.abs(g.recency - w.recency)).toBeLessThanOrEqual(0.01);
    expect(Math.abs(g.T - w.T)).toBeLessThanOrEqual(0.01);
    // zbar in the file is rounded to cents.
    expect(Math.abs(g.monetaryValue - (zbar.get(g.customerId) ?? NaN))).toBeLessThanOrEqual(0.0051);
  }
  expectPublishedFit(got);
}

describe.skipIf(!HAVE_REAL)('CDNOW (Fader, Hardie & Lee 2005)', () => {
  it('fitBgNbd on cdnow_customers_summary.csv reproduces r = 0.243, α = 4.414, a = 0.793, b = 2.426, LL = −9582.4', () => {
    expectPublishedFit([...cdnowSummary().values()]);
  });
  it('customerSummary on CDNOW_sample.txt reproduces the summary file, then the same fit', () => {
    const tx = read('CDNOW_sample.txt')
      .split(/\r?\n/)
      .filter((l) => l.trim() !== '')
      .map((l) => {
        const [, sampleId, date, , value] = l.trim().split(/\s+/);
        return { customerId: String(Number(sampleId)), date: date as string, amount: Number(value) };
      });
    expect(tx).toHaveLength(6919);
    expectSummaryMatches(tx);
  });
  it('customerSummary on cdnowElog.csv (BTYD) does the same', () => {
    const tx = csv('cdnowElog.csv').map((r) => ({ customerId: r.sampleid as string, date: r.date as string, amount: Number(r.sales) }));
    expect(tx).toHaveLength(6919);
    expectSummaryMatches(tx);
  });
  it("fitGammaGamma on the CDNOW zbar file gives lifetimes' p = 6.25, q = 3.74, v = 15.45 over 946 repeat buyers", () => {
    const rows = csv('cdnow_customers_summary_with_transactions.csv').map((r) => ({ frequency: Number(r.x), monetaryValue: Number(r.zbar) }));
    const gg = fitGammaGamma(rows);
    expect(gg.customers).toBe(946);
    expect(Math.abs(gg.p - 6.25)).toBeLessThanOrEqual(0.01);
    expect(Math.abs(gg.q - 3.74)).toBeLessThanOrEqual(0.01);
    expect(Math.abs(gg.v - 15.45)).toBeLessThanOrEqual(0.01);
  });
  it('39-week conditional expectation for customer 1 (x = 2, t_x = 30.43, T = 38.86) is 1.226', () => {
    const fit = fitBgNbd([...cdnowSummary().values()]);
    expect(bgNbdExpectedPurchases(fit, 39, { frequency: 2, recency: 30.43, T: 38.86 })).toBeCloseTo(1.226, 3);
  });
});

describe.skipIf(!HAVE_REAL)('UCI Online Retail, 2010-12-01 (all lines of the day)', () => {
  // Lines without CustomerID (1,140 of 3,108) cannot be attributed and are left out.
  const sales = (): SaleRow[] =>
    csv('online_retail_uci_spark_by-day_2010-12-01.csv')
      .filter((r) => r.CustomerID)
      .map((r) => ({
        customerId: String(Number(r.CustomerID)),
        orderId: r.InvoiceNo,
        date: r.InvoiceDate as string,
        amount: Number(r.Quantity) * Number(r.UnitPrice),
      }));
  it('rfmTable: 98 customers, all bought that day, monetary sums to the day total', () => {
    const tx = sales();
    expect(tx).toHaveLength(1968);
    const r = rfmTable(tx, '2010-12-02');
    expect(r).toHaveLength(98);
    expect(r.every((x) => x.recency === 1 && x.r === r[0]?.r)).toBe(true);
    expect(r.reduce((s, x) => s + x.monetary, 0)).toBeCloseTo(46051.26, 6);
    const c = r.find((x) => x.customerId === '17850');
    // 17850 has 10 invoice numbers that day (cancellation invoices "C…" are orders too).
    expect(c).toMatchObject({ frequency: 10 });
    expect(c?.monetary).toBeCloseTo(1499.34, 6);
  });
  it('concentration: shares sum to 100 %, 13777 is the one key client (14.3 %), HHI 401.8', () => {
    const r = concentration(sales());
    expect(r.clients.reduce((s, c) => s + c.share, 0)).toBeCloseTo(100, 9);
    expect(r.clients[0]?.customerId).toBe('13777');
    expect(r.clients[0]?.share).toBeCloseTo(14.2996, 3);
    expect(r.keyClients).toBe(1);
    expect(r.criticalDependency).toBe(false);
    expect(r.hhi).toBeCloseTo(401.771, 2);
  });
  it('abcXyz over one day: single month, so every CV is 0 (X) and classes follow revenue', () => {
    const r = abcXyz(sales());
    expect(r.months).toBe(1);
    // Three customers net negative revenue (returns) → C, CV undefined → Z.
    expect(r.clients.filter((c) => c.xyz === 'X')).toHaveLength(95);
    expect(r.abc.items.reduce((s, i) => s + i.share, 0)).toBeCloseTo(100, 9);
    expect(r.clients[0]?.clientId).toBe('13777');
  });
});

describe.skipIf(!HAVE_REAL)('Tableau Superstore (windows-1252, m/d/yyyy)', () => {
  const isoDate = (mdy: string): string => {
    const [m, d, y] = mdy.split('/');
    return `${y}-${(m as string).padStart(2, '0')}-${(d as string).padStart(2, '0')}`;
  };
  const rows = (): Record<string, string>[] => csv('superstore_sample_tableau_cp1252.csv');
  const sales = (withCost: boolean): SaleRow[] =>
    rows().map((r) => ({
      customerId: r['Customer ID'] as string,
      orderId: r['Order ID'],
      date: isoDate(r['Order Date'] as string),
      amount: Number(r.Sales),
      cost: withCost ? Number(r.Sales) - Number(r.Profit) : undefined,
    }));
  it('total revenue is the known 2,297,200.8603 over 793 customers; ABC shares sum to 100 %', () => {
    const r = abcXyz(sales(false));
    expect(r.abc.basis).toBe('revenue');
    expect(r.abc.total).toBeCloseTo(2297200.8603, 4);
    expect(r.clients).toHaveLength(793);
    expect(r.abc.items.reduce((s, i) => s + i.share, 0)).toBeCloseTo(100, 9);
    expect(r.months).toBe(48); // 2017-01 … 2020-12
    const counts = Object.values(r.cells).reduce((s, c) => s + c.count, 0);
    expect(counts).toBe(793);
    for (let k = 1; k < r.abc.items.length; k++) expect(r.abc.items[k]!.cls >= r.abc.items[k - 1]!.cls).toBe(true);
  });
  it('with costs (Sales − Profit) ABC switches to margin: total = the known profit 286,397.0217', () => {
    const r = abcXyz(sales(true));
    expect(r.abc.basis).toBe('margin');
    expect(r.abc.total).toBeCloseTo(286397.0217, 4);
  });
  it('rfmTable: 5,009 orders in all, monetary sums to total revenue', () => {
    const r = rfmTable(sales(false), '2020-12-31');
    expect(r).toHaveLength(793);
    expect(r.reduce((s, x) => s + x.frequency, 0)).toBe(5009);
    expect(r.reduce((s, x) => s + x.monetary, 0)).toBeCloseTo(2297200.8603, 4);
  });
  it('concentration: top customer SM-20320 with 1.09 %, no key clients', () => {
    const r = concentration(sales(false));
    expect(r.clients[0]?.customerId).toBe('SM-20320');
    expect(r.clients[0]?.share).toBeCloseTo(1.0902, 3);
    expect(r.keyClients).toBe(0);
    expect(r.clients.reduce((s, c) => s + c.share, 0)).toBeCloseTo(100, 9);
  });
});
