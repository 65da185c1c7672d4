import type * as Y from 'yjs';
import { defineRoots, meta, settingsMap } from './layout';
import { randomId } from '../model/ids';

/**
 * The schema version this app writes. A base stamped with a newer version was written by a
 * newer app: we open it read-only and ask the user to update, instead of writing data the
 * newer app would misread (tldraw's rule). Peers exchange this number before syncing.
 */
export const SCHEMA_VERSION = 1;

export interface Migration {
  /** Version the base has after this migration. */
  to: number;
  /** What changes and why, for the next engineer. */
  why: string;
  /**
   * Must be idempotent and additive (Evolu's rule: never rename or retype a synced field), because
   * two laptops may run the same migration concurrently and their writes merge.
   */
  run(doc: Y.Doc): void;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    to: 1,
    why: 'First layout: meta with a base id, default settings.',
    run(doc) {
      const m = meta(doc);
      if (!m.has('baseId')) m.set('baseId', randomId('base'));
      if (!m.has('createdAt')) m.set('createdAt', new Date().toISOString());
      const s = settingsMap(doc);
      if (!s.has('currency')) s.set('currency', 'RUB');
      if (!s.has('defaultCountry')) s.set('defaultCountry', 'RU');
      if (!s.has('activeWindowDays')) s.set('activeWindowDays', 365);
    },
  },
];

/**
 * Besides `schemaVersion`, every app that migrates a base sets the key `schemaVersion:<n>`. The plain
 * stamp is last-writer-wins: a laptop that migrated its own fresh base to an older version
 * concurrently could overwrite a newer stamp on merge (which one wins depends on Yjs client ids).
 * Distinct keys never conflict, so the highest one survives every merge.
 */
const STAMP_PREFIX = 'schemaVersion:';

export function storedSchemaVersion(doc: Y.Doc): number {
  const m = meta(doc);
  const v = m.get('schemaVersion');
  let best = typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : 0;
  for (const k of m.keys()) {
    if (!k.startsWith(STAMP_PREFIX)) continue;
    const n = Number(k.slice(STAMP_PREFIX.length));
    if (Number.isInteger(n) && n > best) best = n;
  }
  return best;
}

export type OpenState =
  | { mode: 'writable'; migratedFrom: number }
  | { mode: 'read-only'; reason: 'newer-schema'; stored: number; app: number };

/**
 * Brings a freshly loaded base up to this app's schema, in one transaction, or refuses to
 * write when the base is newer than the app.
 */
export function openBase(doc: Y.Doc, origin: unknown = 'migration'): OpenState {
  defineRoots(doc);
  const stored = storedSchemaVersion(doc);
  if (stored > SCHEMA_VERSION) return { mode: 'read-only', reason: 'newer-schema', stored, app: SCHEMA_VERSION };
  if (stored < SCHEMA_VERSION) {
    doc.transact(() => {
      for (const mig of MIGRATIONS) if (mig.to > stored) mig.run(doc);
      meta(doc).set('schemaVersion', SCHEMA_VERSION);
      meta(doc).set(STAMP_PREFIX + SCHEMA_VERSION, true);
    }, origin);
  }
  return { mode: 'writable', migratedFrom: stored };
}
