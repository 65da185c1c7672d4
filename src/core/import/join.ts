import type { RowError } from './problem';

export interface Table {
  header: readonly string[];
  rows: readonly (readonly string[])[];
  /** Excel row numbers of `rows` (defaults to index + 2). */
  rowNumbers?: readonly number[];
}

/**
 * Joins a detail table to a lookup table on a key column (what users do with VLOOKUP): e.g.
 * Northwind order_details (no customer, no date) + orders (order_id → customer_id, order_date).
 * The result has the detail columns, then the lookup's other columns; names that clash get
 * "(2)". Detail rows whose key is not in the lookup are returned as row errors.
 */
export function joinOnKey(detail: Table, lookup: Table, detailKey: string, lookupKey: string): { header: string[]; rows: string[][]; rowNumbers: number[]; errors: RowError[] } {
  const dk = detail.header.indexOf(detailKey), lk = lookup.header.indexOf(lookupKey);
  const extraCols = lookup.header.map((_, i) => i).filter((i) => i !== lk);
  const taken = new Set(detail.header.map((h) => h.toLowerCase()));
  const extraNames = extraCols.map((i) => {
    const h = lookup.header[i] ?? `Column ${i + 1}`;
    return taken.has(h.toLowerCase()) ? `${h} (2)` : h;
  });
  const header = [...detail.header, ...extraNames];
  const errors: RowError[] = [];
  if (dk < 0 || lk < 0) {
    return { header, rows: [], rowNumbers: [], errors: [{ row: 1, column: dk < 0 ? detailKey : lookupKey, value: '', reason: 'key column not found' }] };
  }
  const byKey = new Map<string, readonly string[]>();
  for (const r of lookup.rows) { const k = (r[lk] ?? '').trim(); if (k && !byKey.has(k)) byKey.set(k, r); }
  const rows: string[][] = [];
  const rowNumbers: number[] = [];
  detail.rows.forEach((r, i) => {
    const row = detail.rowNumbers?.[i] ?? i + 2;
    const k = (r[dk] ?? '').trim();
    const hit = byKey.get(k);
    if (!hit) { errors.push({ row, column: detailKey, value: k, reason: `no ${lookupKey} ${JSON.stringify(k)} in the lookup file` }); return; }
    rows.push([...r, ...extraCols.map((c) => hit[c] ?? '')]);
    rowNumbers.push(row);
  });
  return { header, rows, rowNumbers, errors };
}
