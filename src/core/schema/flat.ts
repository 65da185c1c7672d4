import type { Flat } from './layout';

/** Overlay keys: `${id}|${field}`. Ids never contain '|' (see model/ids.ts). */
export const fkey = (id: string, field: string): string => `${id}|${field}`;

export function splitKey(k: string): [id: string, field: string] | null {
  const i = k.indexOf('|');
  return i > 0 ? [k.slice(0, i), k.slice(i + 1)] : null;
}

const isEmpty = (v: unknown): boolean => v === '' || v === null || v === undefined || v === false || (Array.isArray(v) && v.length === 0);

/**
 * Writes a whole record into the overlay. Empty values are not written (defaults fill them on
 * read): every key is a Yjs item, and a new record's empty fields would be most of them.
 */
export function writeFlatRecord(col: Flat, id: string, rec: Record<string, unknown>): void {
  col.set(fkey(id, 'id'), id);
  for (const [k, v] of Object.entries(rec)) if (k !== 'id' && !isEmpty(v)) col.set(fkey(id, k), v);
}

/** Sets one field unless it already has that value: every overwrite grows the document. */
export function setFlatField(col: Flat, id: string, field: string, value: unknown, current: unknown): boolean {
  if (JSON.stringify(current ?? null) === JSON.stringify(value ?? null)) return false;
  col.set(fkey(id, field), value);
  return true;
}

export const hasFlatRecord = (col: Flat, id: string): boolean => col.has(fkey(id, 'id'));
