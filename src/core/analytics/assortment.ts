/**
 * Assortment shift: per client, the categories bought in the previous period and not in
 * the current one, ranked by the revenue they brought in the previous period — the
 * categories most worth winning back come first.
 */
import type { PurchaseTable } from './table';

/** A dropped category with its previous-period revenue. */
export interface DroppedCategory {
  category: string;
  previousRevenue: number;
}

/** One client's dropped categories; only clients with at least one are listed. */
export interface AssortmentShiftRow {
  client: number;
  clientId: string;
  dropped: DroppedCategory[];
  droppedRevenue: number;
}

/**
 * Compares [prevFrom, prevTo) with [currFrom, currTo). "Bought" means a line with a
 * positive amount; a return alone does not count as buying the category. Rows are sorted
 * by lost revenue, largest first (ties by client id).
 */
export function assortmentShift(
  t: PurchaseTable,
  prevFrom: number,
  prevTo: number,
  currFrom: number,
  currTo: number,
): AssortmentShiftRow[] {
  const nk = t.categories.length;
  // Key = client × nk + category. Dense typed arrays when the grid is small enough
  // (the usual case: thousands of clients, tens of categories), a Map otherwise.
  const cells = t.clientIds.length * nk;
  const dense = cells <= 8_000_000;
  const prevD = dense ? new Float64Array(cells) : null;
  const currD = dense ? new Uint8Array(cells) : null;
  const seenD = dense ? new Uint8Array(cells) : null;
  const prevM = new Map<number, number>();
  const currM = new Set<number>();
  const touched: number[] = [];
  for (let i = 0; i < t.n; i++) {
    const k = t.category[i] as number;
    if (k < 0) continue;
    const a = t.amount[i] as number;
    const d = t.day[i] as number;
    const key = (t.client[i] as number) * nk + k;
    if (d >= prevFrom && d < prevTo) {
      if (prevD && seenD) {
        if (!seenD[key]) {
          seenD[key] = 1;
          touched.push(key);
        }
        prevD[key]! += a;
      } else prevM.set(key, (prevM.get(key) ?? 0) + a);
    }
    if (d >= currFrom && d < currTo && a > 0) {
      if (currD) currD[key] = 1;
      else currM.add(key);
    }
  }
  const byClient = new Map<number, DroppedCategory[]>();
  const drop = (key: number, rev: number): void => {
    const c = Math.floor(key / nk);
    let list = byClient.get(c);
    if (!list) byClient.set(c, (list = []));
    list.push({ category: t.categories[key - c * nk] as string, previousRevenue: rev });
  };
  if (prevD && currD) {
    for (const key of touched) if ((prevD[key] as number) > 0 && currD[key] === 0) drop(key, prevD[key] as number);
  } else {
    for (const [key, rev] of prevM) if (rev > 0 && !currM.has(key)) drop(key, rev);
  }
  const rows: AssortmentShiftRow[] = [];
  for (const [c, dropped] of byClient) {
    dropped.sort((x, y) => y.previousRevenue - x.previousRevenue || (x.category < y.category ? -1 : 1));
    rows.push({ client: c, clientId: t.clientIds[c] as string, dropped, droppedRevenue: dropped.reduce((s, d) => s + d.previousRevenue, 0) });
  }
  rows.sort((x, y) => y.droppedRevenue - x.droppedRevenue || (x.clientId < y.clientId ? -1 : 1));
  return rows;
}
