/** Test helpers: build a table from compact rows, failing loudly on invalid input. */
import { buildPurchaseTable, parseDay, type PurchaseRow, type PurchaseTable } from '../../src/core/analytics/index';

export function table(rows: PurchaseRow[]): PurchaseTable {
  const r = buildPurchaseTable(rows);
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

export const day = (iso: string): number => parseDay(iso);

/** Fisher–Yates shuffle driven by a fast-check-provided seed list. */
export function permute<T>(xs: readonly T[], keys: readonly number[]): T[] {
  const out = xs.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.abs(keys[i % Math.max(1, keys.length)] ?? 0) % (i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}
