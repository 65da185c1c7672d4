import type { Brand } from './ids';
import { deterministicId, isIdShape } from './ids';
import type { MemberId } from './member';
import { err, ok, type Result } from '../util/result';
import { isNum, isObj, str } from './common';

/**
 * An import batch: the unit of import and of undo. Its id comes from the file's hash (and the
 * mapping), so two laptops importing the same file write the same batch and converge.
 */
export type BatchId = Brand<string, 'BatchId'>;
export const batchIdFor = (fileHash: string, mappingKey: string): BatchId => deterministicId('bat', fileHash, mappingKey) as BatchId;
export const isBatchId = (v: unknown): v is BatchId => isIdShape(v, 'bat');

export interface BatchInfo {
  id: BatchId;
  fileName: string;
  fileHash: string;
  entity: 'clients' | 'purchases' | 'interactions';
  createdAt: string;
  createdBy: MemberId | '';
  rowsRead: number;
  created: number; // records created (clients, interactions) or lines stored (purchases)
  updated: number;
  skipped: number;
  /** Ids of clients this batch created: undoing the batch removes them too (if untouched since). */
  createdClientIds: string[];
  undoneAt: string;
}

export function validateBatchInfo(raw: unknown): Result<BatchInfo> {
  if (!isObj(raw) || !isBatchId(raw.id)) return err('batch: bad id');
  const entity = raw.entity === 'clients' || raw.entity === 'interactions' ? raw.entity : 'purchases';
  const num = (v: unknown) => (isNum(v) ? v : 0);
  return ok({
    id: raw.id, fileName: str(raw.fileName), fileHash: str(raw.fileHash), entity,
    createdAt: str(raw.createdAt), createdBy: str(raw.createdBy) as MemberId | '',
    rowsRead: num(raw.rowsRead), created: num(raw.created), updated: num(raw.updated), skipped: num(raw.skipped),
    createdClientIds: Array.isArray(raw.createdClientIds) ? raw.createdClientIds.filter((s): s is string => typeof s === 'string') : [],
    undoneAt: str(raw.undoneAt),
  });
}
