import type { CountryCode } from 'libphonenumber-js';
import type { BatchId } from '../model/batch';
import type { Client, ClientId } from '../model/client';
import type { Contact, ContactId } from '../model/contact';
import type { IncomingContact } from './clientRow';
import type { Interaction } from '../model/interaction';
import type { MemberId } from '../model/member';
import type { PurchaseLine } from '../model/purchase';
import type { Entity } from './aliases';
import type { ClientIndex, MatchedBy } from './clientIndex';
import type { DateFormat } from './dates';
import type { Mapping } from './mapping';
import type { DecimalSeparator } from './numbers';
import type { RowError } from './problem';
import type { ColumnFormats } from './formats';

/** What to do with a row that matches a client already in the base. */
export type DuplicatePolicy = 'update' | 'keep-both' | 'skip';

export interface PlanOptions {
  entity: Entity;
  fileName: string;
  /** `hashBytes(fileBytes)` from model/ids.ts. */
  fileHash: string;
  /** Column names as in the parsed file (after renaming of duplicates). */
  header: readonly string[];
  /** Column name → target field (from `suggestMapping`, confirmed by the user). */
  mapping: Mapping;
  /** Country for phone numbers without a prefix when the row has no country column. */
  defaultCountry: CountryCode;
  /** The user's choice for an ambiguous date column (otherwise decided from the values). */
  dateFormat?: DateFormat;
  /** Forces the decimal separator of number columns (otherwise decided per column). */
  decimal?: DecimalSeparator;
  duplicatePolicy?: DuplicatePolicy;
  /** Per-row choices (Excel row number → policy) overriding `duplicatePolicy`. */
  duplicateOverrides?: Readonly<Record<number, DuplicatePolicy>>;
  /** `buildClientIndex(existing clients, existing contacts, imported batch ids)`. */
  index: ClientIndex;
  /** Timestamp and member stamped on created records. */
  now: string;
  by: MemberId | '';
  /** Row errors from parsing (ragged rows…), carried into the plan. */
  parseErrors?: readonly RowError[];
  /**
   * Streaming sink for purchase lines, already encoded (`encodeChunk` bytes of ≤ CHUNK_ROWS lines,
   * file order). When given, `plan.purchases` stays empty and `plan.counts.create` still counts the lines.
   */
  onChunk?: (bytes: Uint8Array, rows: number, clients: readonly string[]) => void;
  /** Formats already decided from the file's head (a tail part is planned without the head: split.ts). */
  formats?: ColumnFormats;
  /**
   * Tail mode (split.ts): lines link to provisional clients, one per first-seen link key, which the
   * lead planner resolves in file order. Lines are kept as columns (`mergeTail`, for rows read
   * before the file's hash: hashGate.ts), or chunked with `tailChunks`.
   */
  tail?: boolean;
  /**
   * Tail mode, for a tail part of its own (split.ts): lines are chunked here, from the part's first
   * line, each chunk naming provisional clients (`joinTail` gives them their ids).
   */
  tailChunks?: boolean;
}

export interface DuplicateMatch {
  row: number;
  existingId: ClientId;
  matchedBy: MatchedBy;
  incoming: Partial<Client>;
  /** The policy applied in this plan (change it via `duplicateOverrides` and plan again). */
  policy: DuplicatePolicy;
  /**
   * What this row alone changes on the existing client (`changedFields` against the base). When
   * the user updates only some of one client's rows, the command writes these rows' changes, not
   * the plan's update (which holds every row's).
   */
  changes?: Partial<Client>;
  /**
   * The contact person the row names, and the id the plan gave it (null: it was there already).
   * It follows the row's choice: dropped with "skip", moved to the new client with "keep both".
   */
  contact?: IncomingContact & { id: ContactId | null };
}

/**
 * A dry run of an import: everything that would be written, nothing written. The lead's command
 * applies it in one transaction under `batchId` (undo removes the batch).
 */
export interface ImportPlan {
  entity: Entity;
  /** `batchIdFor(fileHash, planKey)`: same file + same mapping → same batch on every laptop. */
  batchId: BatchId;
  fileName: string;
  fileHash: string;
  /** Data rows read (header and empty lines excluded, ragged rows included). */
  rowsRead: number;
  /** True when `batchId` is already in the base: the plan is then all "skip". */
  alreadyImported: boolean;
  /** Full records with deterministic ids (`cli_…` from the source key, else file hash + row key). */
  clientsToCreate: Client[];
  /** Only changed, non-empty fields; phones/e-mails/addresses are the merged lists. */
  clientsToUpdate: { id: ClientId; fields: Partial<Client> }[];
  contactsToCreate: Contact[];
  /** Line revenue as the file gives it; a UCI "C" invoice with a negative qty is negative even if its amount is written positive. */
  purchases: PurchaseLine[];
  interactions: Interaction[];
  duplicates: DuplicateMatch[];
  /** Rows not imported, with the reason (row = Excel row number, header = row 1). */
  rowErrors: RowError[];
  /** Rows imported with a remark (phone kept as typed, invalid e-mail dropped, same client as an earlier row). */
  warnings: RowError[];
  /** The formats the planner used (shown to the user). */
  formats: { date: DateFormat | null; decimal: Partial<Record<string, DecimalSeparator>> };
  counts: { create: number; update: number; skip: number; error: number; newClientsFromPurchases: number };
}

/** Why no plan could be made at all (the UI asks the user, then plans again). */
export type PlanProblem =
  | { kind: 'ambiguous-date'; column: string; candidates: DateFormat[]; message: string }
  | { kind: 'bad-date-column'; column: string; message: string }
  | { kind: 'missing-field'; message: string };
