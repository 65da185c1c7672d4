/**
 * Frequency / recency / T / monetary summary in the BTYD convention of lifetimes'
 * `summary_data_from_transaction_data` (freq "D", then divided by 7 for weeks):
 * purchases on the same day are one purchase day; frequency counts repeat days;
 * recency and T are measured from the first purchase day, T up to the calibration end day
 * (its midnight, so a first purchase on the end day gives T = 0).
 */
import { ok, err, type Result } from '../util/result';
import { parseDay } from './calendar';

/** One transaction: customer, ISO date (time part ignored), value. */
export interface Transaction {
  customerId: string;
  date: string;
  amount: number;
}

/** Per-customer BTYD summary. Times are in the requested unit. */
export interface CustomerSummaryRow {
  customerId: string;
  frequency: number;
  recency: number;
  T: number;
  monetaryValue: number;
}

/**
 * Summarises transactions up to and including `calibrationEnd`; later ones are ignored.
 * Customers appear in order of their first transaction in the input.
 * `monetaryValue` is the mean value of the repeat purchase days (the first day excluded,
 * 0 for one-time buyers), as lifetimes and the Gamma-Gamma model expect.
 */
export function summarizeCustomers(
  transactions: readonly Transaction[],
  calibrationEnd: string,
  unit: 'day' | 'week',
): Result<CustomerSummaryRow[]> {
  const end = parseDay(calibrationEnd);
  if (Number.isNaN(end)) return err(`invalid calibration end "${calibrationEnd}"`);
  const per = new Map<string, Map<number, number>>();
  for (let i = 0; i < transactions.length; i++) {
    const t = transactions[i] as Transaction;
    const d = parseDay(t.date);
    if (Number.isNaN(d)) return err(`transaction ${i + 1}: invalid date "${t.date}"`);
    if (!Number.isFinite(t.amount)) return err(`transaction ${i + 1}: invalid amount`);
    if (d > end) continue;
    let days = per.get(t.customerId);
    if (!days) {
      days = new Map();
      per.set(t.customerId, days);
    }
    days.set(d, (days.get(d) ?? 0) + t.amount);
  }
  const scale = unit === 'week' ? 1 / 7 : 1;
  const out: CustomerSummaryRow[] = [];
  for (const [customerId, days] of per) {
    let first = Infinity;
    let last = -Infinity;
    for (const d of days.keys()) {
      if (d < first) first = d;
      if (d > last) last = d;
    }
    let repeatSum = 0;
    for (const [d, v] of days) if (d !== first) repeatSum += v;
    const frequency = days.size - 1;
    out.push({
      customerId,
      frequency,
      recency: (last - first) * scale,
      T: (end - first) * scale,
      monetaryValue: frequency > 0 ? repeatSum / frequency : 0,
    });
  }
  return ok(out);
}
