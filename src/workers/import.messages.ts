/**
 * Typed messages between the UI and the import worker. Every request carries an `id`; every
 * response echoes it, so the UI can run a preview while an older import is being cancelled.
 *
 * Flow: `sniff` → `sniffed` (preview + suggested mappings) → user confirms → `plan` →
 * `progress`* + `purchase-chunk`* → `planned` | `failed` | `cancelled`.
 * A big purchases file is planned in two parts at once (core/import/split.ts): the page starts a
 * second worker with `tail` and gives both ends of a MessageChannel — the tail part goes from
 * worker to worker (never through the page). `tail-lost` tells the lead its tail worker died.
 * Purchases never cross as objects: each `purchase-chunk` is `encodeChunk(≤ CHUNK_ROWS lines)`
 * (model/purchase.ts), its buffer transferred, ready to be stored as-is by the lead's command.
 */
import type { Client, LeanClient } from '../core/model/client';
import type { Contact } from '../core/model/contact';
import type { ColumnSuggestion } from '../core/import/mapping';
import type { CountryCode } from '../core/import/contactValues';
import type { CsvOptions, CsvSniff } from '../core/import/csv';
import type { ImportPlan } from '../core/import/planTypes';
import type { PipelineFailure, PipelinePlanOptions, PipelineProgress, TailInput } from '../core/import/pipeline';

export type ImportRequest =
  /**
   * `hashAs`: start hashing the file now, kept under this key for a later `plan` (`hashOf`).
   * `defaultCountry`: the team's, to read phones in rows without a header (mappingValues.ts).
   */
  | { type: 'sniff'; id: number; file: Blob; options?: CsvOptions; hashAs?: number; defaultCountry?: CountryCode }
  | {
    type: 'plan';
    id: number;
    file: Blob;
    fileName: string;
    /** Encoding / delimiter / header as confirmed in the preview. */
    csv: CsvOptions;
    /** Entity, mapping, default country, date format, duplicate policy, now/by. */
    plan: PipelinePlanOptions;
    /** The base's clients (and contacts, imported batch ids) to link and deduplicate against. */
    existing: { clients: Client[]; contacts?: Contact[]; batchIds?: string[]; interactionIds?: string[]; erasedIds?: string[] };
    /** Where the tail part arrives, when a tail worker was started. */
    tail?: MessagePort;
    /** The key the file's hash was started under at sniff time (a new worker hashes it again). */
    hashOf?: number;
  }
  | { type: 'tail'; id: number; file: Blob; csv: CsvOptions; plan: TailInput['plan']; port: MessagePort }
  | { type: 'tail-lost'; id: number }
  | { type: 'cancel'; id: number };

export type ImportResponse =
  | {
    type: 'sniffed';
    id: number;
    sniff: CsvSniff;
    suggestions: { clients: ColumnSuggestion[]; purchases: ColumnSuggestion[]; interactions: ColumnSuggestion[] };
  }
  | ({ type: 'progress'; id: number } & PipelineProgress)
  /** `clients`: for the first chunks, the chunk's client dictionary as JSON text (chunkCheck.ts). */
  | { type: 'purchase-chunk'; id: number; seq: number; rows: number; chunk: Uint8Array; clients?: string }
  /**
   * New clients (lean: `fullClient` with the plan's now/by restores them) and contacts, appended in
   * order; `restart`: drop those received so far first.
   */
  | { type: 'plan-part'; id: number; clients: LeanClient[]; contacts: ImportPlan['contactsToCreate']; restart?: true }
  | { type: 'planned'; id: number; plan: ImportPlan; chunks: number; parts: 1 | 2 }
  | { type: 'failed'; id: number; failure: PipelineFailure }
  | { type: 'cancelled'; id: number }
  | { type: 'tail-progress'; id: number; rows: number; bytes: number };

/** Narrowing for the worker side: messages from the page are data, checked before use. */
export function isImportRequest(v: unknown): v is ImportRequest {
  if (typeof v !== 'object' || v === null) return false;
  const m = v as Record<string, unknown>;
  if (typeof m.id !== 'number') return false;
  if (m.type === 'cancel' || m.type === 'tail-lost') return true;
  if (!(m.file instanceof Blob)) return false;
  if (m.type === 'sniff') {
    return (m.hashAs === undefined || typeof m.hashAs === 'number')
      && (m.defaultCountry === undefined || (typeof m.defaultCountry === 'string' && /^[A-Z]{2}$/.test(m.defaultCountry)));
  }
  if (m.type === 'tail') return m.port instanceof MessagePort && typeof m.plan === 'object' && m.plan !== null;
  return m.type === 'plan' && (m.tail === undefined || m.tail instanceof MessagePort) && (m.hashOf === undefined || typeof m.hashOf === 'number') && typeof m.fileName === 'string' && typeof m.plan === 'object' && m.plan !== null
    && typeof m.existing === 'object' && m.existing !== null && Array.isArray((m.existing as Record<string, unknown>).clients)
    && optionalStrings((m.existing as Record<string, unknown>).interactionIds) && optionalStrings((m.existing as Record<string, unknown>).erasedIds);
}

/** Absent, or an array of strings (ids the worker puts into sets). */
const optionalStrings = (v: unknown): boolean => v === undefined || (Array.isArray(v) && v.every((x) => typeof x === 'string'));
