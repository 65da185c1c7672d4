/**
 * Public analytics API. Two layers:
 * - plain-array functions below (objects in, objects out) for callers and acceptance
 *   checks that hold ordinary rows; they build a PurchaseTable internally;
 * - the typed-array versions re-exported from the modules, used by the analytics worker,
 *   which return `Result` values on invalid input.
 * The plain-array functions throw a RangeError with the same message on invalid input
 * (a bad date or amount), because their contract is "array in, array out".
 */
import type { Result } from '../util/result';
import { buildPurchaseTable, dayRange, type PurchaseRow, type PurchaseTable } from './table';
import { parseDay } from './calendar';
import { summarizeCustomers, type CustomerSummaryRow, type Transaction } from './summary';
import { fitBgNbdRows, type BgNbdFit, type BtydRow } from './bgnbd';
import { fitGammaGammaRows, type GammaGammaFit, type SpendRow } from './gammaGamma';
import { rfmAnalysis, type RfmRow } from './rfm';
import { abcXyzTable, type AbcXyzResult } from './abcXyz';
import type { AbcThresholds } from './abc';
import type { XyzThresholds } from './xyz';
import { retentionByPeriod, type RetentionGrain, type RetentionPeriod } from './retention';
import { cohortRetentionTable, type CohortRow } from './cohort';
import { concentrationAnalysis, type ClientShare, type ConcentrationOptions, type GroupConcentration } from './concentration';

export * from './table';
export * from './calendar';
export * from './clientIndex';
export * from './special';
export * from './optimize';
export * from './quantile';
export * from './summary';
export * from './bgnbd';
export * from './gammaGamma';
export * from './clv';
export * from './abc';
export * from './xyz';
export * from './abcXyz';
export * from './rfm';
export * from './ltv';
export * from './retention';
export * from './cohort';
export * from './loyalty';
export * from './concentration';
export * from './assortment';
export * from './dormant';
export * from './planFact';
export * from './wallet';

function unwrapOrThrow<T>(r: Result<T>): T {
  if (!r.ok) throw new RangeError(r.error);
  return r.value;
}

/** A sale as plain data: customer, ISO date, amount, and optional order id and cost. */
export interface SaleRow {
  customerId: string;
  date: string;
  amount: number;
  orderId?: string;
  cost?: number;
}

function tableOf(rows: readonly SaleRow[]): PurchaseTable {
  const mapped: PurchaseRow[] = rows.map((r) => ({
    clientId: r.customerId,
    date: r.date,
    amount: r.amount,
    orderId: r.orderId,
    cost: r.cost,
  }));
  return unwrapOrThrow(buildPurchaseTable(mapped));
}

/** Resolves an optional inclusive [from, to] of ISO dates into a half-open day range. */
function periodOf(t: PurchaseTable, from?: string, to?: string): { fromDay: number; toDay: number } {
  const range = dayRange(t) ?? { fromDay: 0, toDay: 0 };
  const fromDay = from === undefined ? range.fromDay : parseDay(from);
  const toDay = to === undefined ? range.toDay : parseDay(to) + 1;
  if (Number.isNaN(fromDay) || Number.isNaN(toDay)) throw new RangeError('invalid period date');
  return { fromDay, toDay };
}

/**
 * BTYD summary per customer (lifetimes `summary_data_from_transaction_data` convention):
 * same-day transactions merge into one purchase day; frequency = repeat purchase days;
 * recency = first → last purchase day; T = first purchase → calibrationEnd (day difference,
 * so T = 38.86 weeks from 1997-01-01 to 1997-09-30); monetaryValue = mean value of the
 * repeat purchase days (0 when frequency = 0). Transactions after calibrationEnd are
 * ignored. Times in days or weeks (days / 7). Customers in order of first appearance.
 * @throws RangeError on an invalid date or amount.
 */
export function customerSummary(
  transactions: readonly Transaction[],
  calibrationEnd: string,
  unit: 'day' | 'week',
): CustomerSummaryRow[] {
  return unwrapOrThrow(summarizeCustomers(transactions, calibrationEnd, unit));
}

/**
 * Fits BG/NBD (Fader, Hardie & Lee 2005) by maximum likelihood.
 * Reproduces the paper's CDNOW estimates r = 0.243, α = 4.414, a = 0.793, b = 2.426,
 * LL = −9582.4. Time unit of α is that of recency and T.
 * @throws RangeError on empty input or rows with recency > T or negative values.
 */
export function fitBgNbd(rows: readonly BtydRow[]): BgNbdFit {
  return unwrapOrThrow(fitBgNbdRows(rows));
}

/**
 * Fits the Gamma-Gamma spend model on the rows with frequency > 0 and a positive mean
 * value; returns {p, q, v} plus the log-likelihood and the number of customers used.
 * @throws RangeError when no row qualifies.
 */
export function fitGammaGamma(rows: readonly SpendRow[]): GammaGammaFit {
  return unwrapOrThrow(fitGammaGammaRows(rows));
}

/** One customer's RFM values, scores (1–5) and segment (the typed row, keyed by the caller's id). */
export type RfmTableRow = Omit<RfmRow, 'client' | 'clientId'> & { customerId: string };

/**
 * RFM as of `asOf` (ISO date; lines after it are ignored): recency = whole days from the
 * last purchase to asOf; frequency = distinct orders (distinct purchase days for lines
 * without orderId); monetary = sum of amounts. Customers in order of first appearance.
 * @throws RangeError on an invalid date or amount.
 */
export function rfmTable(transactions: readonly SaleRow[], asOf: string): RfmTableRow[] {
  const asOfDay = parseDay(asOf);
  if (Number.isNaN(asOfDay)) throw new RangeError(`invalid asOf "${asOf}"`);
  const res = rfmAnalysis(tableOf(transactions), asOfDay);
  return res.rows.map(({ clientId, recency, frequency, monetary, r, f, m, segment }) => ({
    customerId: clientId, recency, frequency, monetary, r, f, m, segment,
  }));
}

/** Options of {@link abcXyz}; `from`/`to` are inclusive ISO dates, default the data's range. */
export interface AbcXyzOptions {
  from?: string;
  to?: string;
  abc?: AbcThresholds;
  xyz?: XyzThresholds;
}

/**
 * ABC (by revenue, or by margin when every row has a cost) × XYZ (CV of monthly sums)
 * over customers in the period: per-customer classes and the 9-cell matrix.
 * @throws RangeError on invalid input or when the period's total is not positive.
 */
export function abcXyz(transactions: readonly SaleRow[], options: AbcXyzOptions = {}): AbcXyzResult {
  const t = tableOf(transactions);
  const { fromDay, toDay } = periodOf(t, options.from, options.to);
  return unwrapOrThrow(abcXyzTable(t, fromDay, toDay, options.abc, options.xyz));
}

/** Options of {@link retentionRate}; `from`/`to` inclusive ISO dates. */
export interface RetentionOptions {
  from?: string;
  to?: string;
  grain?: RetentionGrain;
  /** A customer is active at an instant when they bought within this many days before it. */
  activeWindowDays: number;
}

/**
 * CRR = (E − N) / S × 100 and churn = 100 − CRR per calendar month/quarter/year
 * (default month) starting within the period.
 * @throws RangeError on invalid input.
 */
export function retentionRate(transactions: readonly SaleRow[], options: RetentionOptions): RetentionPeriod[] {
  const t = tableOf(transactions);
  const { fromDay, toDay } = periodOf(t, options.from, options.to);
  return retentionByPeriod(t, fromDay, toDay, options.grain ?? 'month', options.activeWindowDays);
}

/**
 * First-purchase-month cohorts: share (%) of each cohort buying k months later.
 * @throws RangeError on invalid input.
 */
export function cohortRetention(transactions: readonly SaleRow[]): CohortRow[] {
  return cohortRetentionTable(tableOf(transactions));
}

/** Options of {@link concentration}; `groupBy` maps customerId → group (manager, department). */
export interface ConcentrationPlainOptions extends ConcentrationOptions {
  from?: string;
  to?: string;
  groupBy?: Readonly<Record<string, string>>;
}

/** Result of {@link concentration} with group names instead of indices. */
export interface ConcentrationPlainResult {
  total: number;
  hhi: number;
  clients: (Omit<ClientShare, 'client' | 'clientId'> & { customerId: string })[];
  keyClients: number;
  criticalDependency: boolean;
  groups: (Omit<GroupConcentration, 'group'> & { group: string })[];
}

/**
 * Shares of sales per customer (sum to 100 %), key (> 10 %) and critical (> 50 %) clients,
 * warning levels 20/30/40 %, HHI (0–10 000), and the same per group when `groupBy` is given.
 * @throws RangeError on invalid input or a non-positive total.
 */
export function concentration(transactions: readonly SaleRow[], options: ConcentrationPlainOptions = {}): ConcentrationPlainResult {
  const t = tableOf(transactions);
  const { fromDay, toDay } = periodOf(t, options.from, options.to);
  let groupOf: Int32Array | undefined;
  const names: string[] = [];
  if (options.groupBy) {
    const codes = new Map<string, number>();
    groupOf = new Int32Array(t.clientIds.length).fill(-1);
    t.clientIds.forEach((id, c) => {
      // Own keys only: a customer called "constructor" must not pick up Object.prototype's.
      const g = options.groupBy && Object.hasOwn(options.groupBy, id) ? options.groupBy[id] : undefined;
      if (g === undefined) return;
      let code = codes.get(g);
      if (code === undefined) {
        code = names.length;
        codes.set(g, code);
        names.push(g);
      }
      groupOf![c] = code;
    });
  }
  const r = unwrapOrThrow(concentrationAnalysis(t, groupOf, { ...options, fromDay, toDay }));
  return {
    total: r.total,
    hhi: r.hhi,
    clients: r.clients.map(({ client: _c, clientId, ...rest }) => ({ customerId: clientId, ...rest })),
    keyClients: r.keyClients,
    criticalDependency: r.criticalDependency,
    groups: r.groups.map((g) => ({ ...g, group: names[g.group] as string })),
  };
}
