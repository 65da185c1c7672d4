/**
 * Quintile scores 1–5 with deterministic ties: a value's score depends only on how many
 * values are strictly below it, so equal values always get equal scores and the result
 * does not depend on input order.
 */

/**
 * score = 1 + ⌊5 · (number of values strictly below v) / n⌋ — so the lowest value scores 1
 * and at most the top fifth scores 5. With `higherIsBetter = false` values are ranked in
 * reverse (used for recency, where fewer days is better).
 */
export function quintileScores(values: ArrayLike<number>, higherIsBetter = true): Uint8Array {
  const n = values.length;
  const sorted = Float64Array.from(values, (v) => (higherIsBetter ? v : -v)).sort();
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const v = higherIsBetter ? (values[i] as number) : -(values[i] as number);
    // Lower bound: first index with sorted[k] >= v = count strictly below v.
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((sorted[mid] as number) < v) lo = mid + 1;
      else hi = mid;
    }
    out[i] = 1 + Math.floor((5 * lo) / n);
  }
  return out;
}
