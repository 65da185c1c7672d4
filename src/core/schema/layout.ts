import * as Y from 'yjs';

/**
 * The Y.Doc layout of a team's base. Root types are named once here; nothing else in the app
 * calls doc.getMap with a string.
 *
 * Records (clients, contacts, interactions, tasks, plans) live in two layers:
 *  - base records: written in bulk by an import batch (or the sample) as immutable JSON chunks
 *    inside the batch — one Yjs item per ~1 000 records instead of ~25 per record, which keeps a
 *    20 000-client base small and fast to open and to sync;
 *  - the overlay: a FLAT Y.Map per collection whose keys are `${id}|${field}`. Records created by
 *    hand are written here entirely; edits to imported records are written here field by field.
 *    Flat keys mean two laptops editing different fields of the same record offline both keep
 *    their edit, and no nested Y.Map is ever created lazily (two laptops creating the same nested
 *    map concurrently would lose one side's content).
 *
 *   meta          schemaVersion, baseId, createdAt
 *   settings      currency, defaultCountry, activeWindowDays, …
 *   members       MemberId → Y.Map(member fields)            (few, created once with random ids)
 *   fieldDefs     FieldDefId → Y.Map(definition)
 *   clients, contacts, interactions, tasks, plans   `${id}|${field}` → value (overlay)
 *   batches       BatchId → Y.Map(info fields, chunks: Y.Array<Uint8Array> purchase chunks,
 *                                  records: Y.Array<Uint8Array> base-record chunks)
 *   history       Y.Array<HistoryEntry> — append-only change log (concurrent appends all survive)
 */
export type YRecord = Y.Map<unknown>;
export type YCollection = Y.Map<YRecord>;
export type Flat = Y.Map<unknown>;

export const RECORD_KINDS = ['clients', 'contacts', 'interactions', 'tasks', 'plans'] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];

export const ROOTS = ['meta', 'settings', 'members', 'fieldDefs', ...RECORD_KINDS, 'batches', 'history'] as const;
export type RootName = (typeof ROOTS)[number];

export const meta = (doc: Y.Doc): Y.Map<unknown> => doc.getMap('meta');
export const settingsMap = (doc: Y.Doc): Y.Map<unknown> => doc.getMap('settings');
export const collection = (doc: Y.Doc, name: 'members' | 'fieldDefs' | 'batches'): YCollection => doc.getMap(name);
export const flat = (doc: Y.Doc, kind: RecordKind): Flat => doc.getMap(kind);
export const historyLog = <T>(doc: Y.Doc): Y.Array<T> => doc.getArray('history');

/**
 * A batch written in several transactions (commands/batches.ts applyBatchInSlices) carries
 * `writing` until its last one: readers skip it, so nobody ever sees half an import.
 */
export const batchWritten = (b: Y.Map<unknown>): boolean => !b.get('writing');

/**
 * Defines every root type up front. Yjs runs a (write-free) transaction the first time a Y.Array
 * root is defined; doing it at open keeps that out of read paths (UI reads must never transact).
 */
export function defineRoots(doc: Y.Doc): void {
  for (const name of ROOTS) if (name === 'history') doc.getArray(name); else doc.getMap(name);
}

/** A plain snapshot of a Y.Map record (nested Y types become plain values). */
export function recordToJson(m: YRecord): Record<string, unknown> {
  return m.toJSON() as Record<string, unknown>;
}
