/**
 * ABC analysis (Pareto classification): items sorted by value, class by cumulative share —
 * A the top ~80 %, B the next ~15 %, C the rest (thresholds adjustable).
 */
import { ok, err, type Result } from '../util/result';
import { allCostsKnown, type PurchaseTable } from './table';

/** ABC class: A the top of the value, C the tail. */
export type AbcClass = 'A' | 'B' | 'C';

/** Cumulative-share limits in percent: A up to `a`, B up to `a + b`, C the remainder. */
export interface AbcThresholds {
  a: number;
  b: number;
}

/** The usual 80 / 15 / 5 split. */
export const DEFAULT_ABC: AbcThresholds = { a: 80, b: 15 };

/** One classified item (client, product or category). */
export interface AbcItem {
  /** Index in the dimension's dictionary (clientIds, products, categories). */
  index: number;
  id: string;
  value: number;
  /** Percent of the total. */
  share: number;
  /** Percent of the total covered by this item and every item ranked above it. */
  cumulativeShare: number;
  cls: AbcClass;
}

/** ABC result: items by descending value, per-class totals, and the Pareto curve. */
export interface AbcResult {
  basis: 'revenue' | 'margin';
  total: number;
  items: AbcItem[];
  classes: Record<AbcClass, { count: number; value: number }>;
  /** Pareto curve: (share of items ranked so far, cumulative share of value), both in %, from (0, 0). */
  pareto: { rankShare: number; cumulativeShare: number }[];
}

/**
 * Classifies values. An item's class is decided by the cumulative share *before* it: the
 * item that crosses 80 % is still A. That keeps the top item in A even when it alone
 * exceeds the threshold, which is the reading that matches "the few that make most".
 * Items with value ≤ 0 are always C. Ties are ranked by id so the result does not depend
 * on input order. Fails when the total is not positive (shares would be meaningless).
 */
export function abcClassify(
  ids: readonly string[],
  values: ArrayLike<number>,
  include: (index: number) => boolean,
  thresholds: AbcThresholds = DEFAULT_ABC,
  basis: 'revenue' | 'margin' = 'revenue',
): Result<AbcResult> {
  if (!(thresholds.a > 0 && thresholds.b >= 0 && thresholds.a + thresholds.b <= 100))
    return err('ABC thresholds must satisfy 0 < A, 0 ≤ B, A + B ≤ 100');
  const idx: number[] = [];
  let total = 0;
  for (let i = 0; i < values.length; i++) {
    if (!include(i)) continue;
    idx.push(i);
    total += values[i] as number;
  }
  if (!(total > 0)) return err('total is not positive; nothing to classify');
  idx.sort((i, j) => (values[j] as number) - (values[i] as number) || ((ids[i] as string) < (ids[j] as string) ? -1 : 1));
  const items: AbcItem[] = [];
  const classes: AbcResult['classes'] = { A: { count: 0, value: 0 }, B: { count: 0, value: 0 }, C: { count: 0, value: 0 } };
  const pareto = [{ rankShare: 0, cumulativeShare: 0 }];
  const aLim = thresholds.a;
  const bLim = thresholds.a + thresholds.b;
  let cum = 0;
  for (let k = 0; k < idx.length; k++) {
    const i = idx[k] as number;
    const v = values[i] as number;
    const before = cum;
    cum += v;
    const beforePct = (before / total) * 100;
    const cls: AbcClass = v <= 0 ? 'C' : beforePct < aLim ? 'A' : beforePct < bLim ? 'B' : 'C';
    const cumulativeShare = (cum / total) * 100;
    items.push({ index: i, id: ids[i] as string, value: v, share: (v / total) * 100, cumulativeShare, cls });
    classes[cls].count++;
    classes[cls].value += v;
    pareto.push({ rankShare: ((k + 1) / idx.length) * 100, cumulativeShare });
  }
  return ok({ basis, total, items, classes, pareto });
}

/**
 * ABC over clients, products or categories of the lines with fromDay ≤ day < toDay
 * (default all). Uses margin (amount − cost) when every such line has a known cost,
 * revenue otherwise. Lines without a product/category are left out of those dimensions.
 */
export function abcByDimension(
  t: PurchaseTable,
  dimension: 'client' | 'product' | 'category',
  thresholds: AbcThresholds = DEFAULT_ABC,
  fromDay = -2147483648,
  toDay = 2147483647,
): Result<AbcResult> {
  const useMargin = allCostsKnown(t, fromDay, toDay);
  const ids = dimension === 'client' ? t.clientIds : dimension === 'product' ? t.products : t.categories;
  const key = dimension === 'client' ? t.client : dimension === 'product' ? t.product : t.category;
  const sums = new Float64Array(ids.length);
  const seen = new Uint8Array(ids.length);
  for (let i = 0; i < t.n; i++) {
    const k = key[i] as number;
    const d = t.day[i] as number;
    if (k < 0 || d < fromDay || d >= toDay) continue;
    sums[k]! += useMargin ? (t.amount[i] as number) - (t.cost[i] as number) : (t.amount[i] as number);
    seen[k] = 1;
  }
  return abcClassify(ids, sums, (i) => seen[i] === 1, thresholds, useMargin ? 'margin' : 'revenue');
}
