/**
 * ABC×XYZ matrix over clients: nine cells (AX … CZ) with client counts, their revenue
 * (or margin, following the ABC basis) and the client ids, for one period.
 */
import { ok, type Result } from '../util/result';
import { abcByDimension, DEFAULT_ABC, type AbcClass, type AbcResult, type AbcThresholds } from './abc';
import { DEFAULT_XYZ, xyzByClient, type XyzClass, type XyzThresholds } from './xyz';
import type { PurchaseTable } from './table';

/** Matrix cell name, ABC class then XYZ class ("AX" … "CZ"). */
export type AbcXyzCell = `${AbcClass}${XyzClass}`;

/** One cell of the matrix. */
export interface AbcXyzCellResult {
  count: number;
  value: number;
  clientIds: string[];
}

/** Matrix plus the underlying ABC result and per-client CVs. */
export interface AbcXyzResult {
  abc: AbcResult;
  cells: Record<AbcXyzCell, AbcXyzCellResult>;
  /** Per-client rows in ABC rank order. */
  clients: { clientId: string; abc: AbcClass; xyz: XyzClass; cv: number; value: number; share: number }[];
  months: number;
}

const CELLS: AbcXyzCell[] = ['AX', 'AY', 'AZ', 'BX', 'BY', 'BZ', 'CX', 'CY', 'CZ'];

/** ABC×XYZ over clients with purchases in [fromDay, toDay). */
export function abcXyzTable(
  t: PurchaseTable,
  fromDay: number,
  toDay: number,
  abcThresholds: AbcThresholds = DEFAULT_ABC,
  xyzThresholds: XyzThresholds = DEFAULT_XYZ,
): Result<AbcXyzResult> {
  const abc = abcByDimension(t, 'client', abcThresholds, fromDay, toDay);
  if (!abc.ok) return abc;
  const xyz = xyzByClient(t, fromDay, toDay, xyzThresholds);
  const cells = {} as Record<AbcXyzCell, AbcXyzCellResult>;
  for (const c of CELLS) cells[c] = { count: 0, value: 0, clientIds: [] };
  const clients: AbcXyzResult['clients'] = [];
  for (const it of abc.value.items) {
    const x = xyz.cls[it.index] as XyzClass;
    const cell = cells[`${it.cls}${x}`];
    cell.count++;
    cell.value += it.value;
    cell.clientIds.push(it.id);
    clients.push({ clientId: it.id, abc: it.cls, xyz: x, cv: xyz.cv[it.index] as number, value: it.value, share: it.share });
  }
  return ok({ abc: abc.value, cells, clients, months: xyz.months });
}
