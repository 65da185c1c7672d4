/**
 * Typed messages between the UI and the import worker. Every request carries an `id`; every
 * response echoes it, so the UI can run a preview while an older import is being cancelled.
 *
 * Flow: `sniff` → `sniffed` (preview + suggested mappings) → user confirms → `plan` →
 * `progress`* + `purchase-chunk`* → `planned` | `failed` | `cancelled`.
 * Purchases never cross as objects: each `purchase-chunk` is `encodeChunk(≤ CHUNK_ROWS lines)`
 * (model/purchase.ts), its buffer transferred, ready to be stored as-is by the lead's command.
 */
import type { Client } from '../core/model/client';
import type { Contact } from '../core/model/contact';
import type { ColumnSuggestion } from '../core/import/mapping';
import type { CsvOptions, CsvSniff } from '../core/import/csv';
import type { ImportPlan } from '../core/import/planTypes';
import type { PipelineFailure, PipelinePlanOptions, PipelineProgress } from '../core/import/pipeline';

export type ImportRequest =
  | { type: 'sniff'; id: number; file: Blob; options?: CsvOptions }
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
    existing: { clients: Client[]; contacts?: Contact[]; batchIds?: string[] };
  }
  | { type: 'cancel'; id: number };

export type ImportResponse =
  | {
    type: 'sniffed';
    id: number;
    sniff: CsvSniff;
    suggestions: { clients: ColumnSuggestion[]; purchases: ColumnSuggestion[]; interactions: ColumnSuggestion[] };
  }
  | ({ type: 'progress'; id: number } & PipelineProgress)
  | { type: 'purchase-chunk'; id: number; seq: number; rows: number; chunk: Uint8Array; clients: string[] }
  | { type: 'plan-part'; id: number; clients: ImportPlan['clientsToCreate']; contacts: ImportPlan['contactsToCreate'] }
  | { type: 'planned'; id: number; plan: ImportPlan; chunks: number }
  | { type: 'failed'; id: number; failure: PipelineFailure }
  | { type: 'cancelled'; id: number };

/** Narrowing for the worker side: messages from the page are data, checked before use. */
export function isImportRequest(v: unknown): v is ImportRequest {
  if (typeof v !== 'object' || v === null) return false;
  const m = v as Record<string, unknown>;
  if (typeof m.id !== 'number') return false;
  if (m.type === 'cancel') return true;
  if (!(m.file instanceof Blob)) return false;
  if (m.type === 'sniff') return true;
  return m.type === 'plan' && typeof m.fileName === 'string' && typeof m.plan === 'object' && m.plan !== null
    && typeof m.existing === 'object' && m.existing !== null && Array.isArray((m.existing as Record<string, unknown>).clients);
}
