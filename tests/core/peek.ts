/**
 * The ONLY place the tests touch the Y.Doc layout directly; everything else goes through commands
 * and queries. When the layout (src/core/schema/layout.ts) changes, adapt this file, not the tests.
 * Reads go through the RecordStore (base records from batches + the flat overlay).
 */
import * as Y from 'yjs';
import { collection, flat, type RecordKind } from '../../src/core/schema/layout';
import { fkey } from '../../src/core/schema/flat';
import { storeOf } from '../../src/core/queries/store';

export type Kind = Extract<RecordKind, 'clients' | 'contacts' | 'interactions' | 'tasks'>;
type Named = 'members' | 'fieldDefs' | 'batches';
const isNamed = (k: string): k is Named => k === 'members' || k === 'fieldDefs' || k === 'batches';

/** Ids of every stored record of a kind (soft-deleted ones included). */
export function ids(doc: Y.Doc, kind: Kind | Named): string[] {
  return isNamed(kind) ? [...collection(doc, kind).keys()] : [...storeOf(doc).ids(kind)];
}
export const count = (doc: Y.Doc, kind: Kind | Named): number => ids(doc, kind).length;
export function has(doc: Y.Doc, kind: Kind | Named, id: string): boolean {
  return isNamed(kind) ? collection(doc, kind).has(id) : storeOf(doc).has(kind, id);
}
/** A stored record as a plain object, both layers merged (undefined when it does not exist). */
export function raw(doc: Y.Doc, kind: Kind | Named, id: string): Record<string, unknown> | undefined {
  if (isNamed(kind)) return collection(doc, kind).get(id)?.toJSON() as Record<string, unknown> | undefined;
  return storeOf(doc).merged(kind, id) ?? undefined;
}
/** One stored field as written (undefined when the record or the field does not exist). */
export const field = (doc: Y.Doc, kind: Kind | Named, id: string, f: string): unknown => raw(doc, kind, id)?.[f];
export const all = (doc: Y.Doc, kind: Kind | Named): [string, Record<string, unknown>][] =>
  ids(doc, kind).map((id) => [id, raw(doc, kind, id) ?? {}]);

/** Whether a record currently has a base layer (written by an import batch, not by hand). */
export const hasBase = (doc: Y.Doc, kind: Kind, id: string): boolean => storeOf(doc).pair(kind, id).base !== null;

/** The keys a record has in the overlay (edits and hand-made records), as stored. */
export const overlayKeys = (doc: Y.Doc, kind: Kind, id: string): string[] => Object.keys(storeOf(doc).pair(kind, id).over ?? {});

/** The purchase chunk blobs stored in a batch (null when the batch has no chunk list). */
export function batchChunks(doc: Y.Doc, batchId: string): Uint8Array[] | null {
  const c = collection(doc, 'batches').get(batchId)?.get('chunks');
  return c instanceof Y.Array ? (c.toArray() as Uint8Array[]) : null;
}

/** Raw writes that bypass the commands: what a buggy or hostile peer could send. */
export const tamper = {
  /** A record with exactly these fields, written into the overlay. */
  record(doc: Y.Doc, kind: Kind, id: string, fields: Record<string, unknown>): void {
    const col = flat(doc, kind);
    for (const [k, v] of Object.entries(fields)) col.set(fkey(id, k), v);
  },
  setField(doc: Y.Doc, kind: Kind, id: string, f: string, v: unknown): void { flat(doc, kind).set(fkey(id, f), v); },
  pushChunk(doc: Y.Doc, batchId: string, bytes: Uint8Array): void {
    const c = collection(doc, 'batches').get(batchId)?.get('chunks');
    if (c instanceof Y.Array) c.push([bytes]);
  },
};

/** Roots that are Y.Arrays; every other root is a Y.Map. */
const ARRAY_ROOTS = new Set(['history']);

/** Every root as plain JSON. */
export function rootsJson(doc: Y.Doc, roots: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const r of roots) out[r] = (ARRAY_ROOTS.has(r) ? doc.getArray(r) : doc.getMap(r)).toJSON();
  return out;
}
