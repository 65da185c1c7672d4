import * as Y from 'yjs';

/**
 * The Y.Doc layout of a team's base. Root types are named once here; nothing else in the
 * app calls doc.getMap with a string. Each collection is a Y.Map keyed by record id whose
 * values are Y.Maps with one key per field (field-level merges). Purchases live in import
 * batches as immutable binary chunks (see model/purchase.ts).
 *
 *   meta          schemaVersion, baseId, createdAt
 *   settings      currency, defaultCountry, activeWindowDays, …
 *   members       MemberId → Y.Map(member fields)
 *   fieldDefs     FieldDefId → Y.Map(definition)
 *   clients       ClientId → Y.Map(scalar fields, tags: Y.Map<true>, addresses: Y.Map<Address>,
 *                                   custom: Y.Map<value>, history: Y.Array<HistoryEntry>)
 *   contacts      ContactId → Y.Map(contact fields)
 *   batches       BatchId → Y.Map(info fields, chunks: Y.Array<Uint8Array>)
 *   interactions  InteractionId → Y.Map
 *   tasks         TaskId → Y.Map
 *   plans         PlanId → Y.Map
 */
export type YRecord = Y.Map<unknown>;
export type YCollection = Y.Map<YRecord>;

export const ROOTS = ['meta', 'settings', 'members', 'fieldDefs', 'clients', 'contacts', 'batches', 'interactions', 'tasks', 'plans'] as const;
export type RootName = (typeof ROOTS)[number];

export const meta = (doc: Y.Doc): Y.Map<unknown> => doc.getMap('meta');
export const settingsMap = (doc: Y.Doc): Y.Map<unknown> => doc.getMap('settings');
export const collection = (doc: Y.Doc, name: Exclude<RootName, 'meta' | 'settings'>): YCollection => doc.getMap(name);

/** A plain snapshot of a Y.Map record (nested Y types become plain values). */
export function recordToJson(m: YRecord): Record<string, unknown> {
  return m.toJSON() as Record<string, unknown>;
}
