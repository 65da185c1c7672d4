import type { Brand } from './ids';
import { isIdShape, randomId } from './ids';
import type { MemberId } from './member';
import { err, ok, type Result } from '../util/result';
import { isBool, isObj, isStr, str, strArray, type Stamped } from './common';
import { isEmpty } from './records';

/**
 * A client: a company or a person the team sells to.
 * Stored as one Y.Map per client with one key per field, so two laptops editing
 * different fields of the same client offline both keep their edit.
 * Never rename or retype a field here: add a new one (peers on older versions read the old one).
 */
export type ClientId = Brand<string, 'ClientId'>;
export const newClientId = (): ClientId => randomId('cli') as ClientId;
export const isClientId = (v: unknown): v is ClientId => isIdShape(v, 'cli');

export type ClientKind = 'company' | 'person';

export interface Address {
  id: string;
  kind: 'legal' | 'postal' | 'delivery' | 'office' | 'home' | 'other';
  line: string;
  city: string;
  postalCode: string;
  country: string; // ISO 3166-1 alpha-2 where known
}

export type CustomValue = string | number | boolean | null;

export interface Client extends Stamped {
  id: ClientId;
  kind: ClientKind;
  /** Company name, or the person's full name. */
  name: string;
  legalForm: string; // ООО, ИП, ДООЕЛ, LLC, …
  firstName: string;
  lastName: string;
  segment: string;
  tags: string[];
  managerId: MemberId | '';
  isKey: boolean;
  notes: string;
  website: string;
  taxId: string; // ИНН / ЕДБ / VAT
  externalId: string; // id in the source system (import)
  phones: string[]; // E.164 when it could be normalised, else as typed
  emails: string[]; // lower-cased
  addresses: Address[];
  custom: Record<string, CustomValue>;
  /** Soft delete: set when deleted, cleared by undo. Deleted clients keep their purchases. */
  deletedAt: string;
  // ---- work area (issue 5): optional, filled by validateClient; stored as one overlay key each ----
  /** Manual key-account marks, stored as `mark:<mark>` → true/false. */
  marks?: ClientMark[];
  /** Loyalty marks, stored as `loyalty:<mark>` → true/false. */
  loyalty?: LoyaltyMark[];
  /** Who recommended this client (a ClientId or ''). */
  referredBy?: string;
  /** Set when the client was marked lost ('' = not lost), with the questionnaire answer. */
  lostAt?: string;
  lostReason?: LostReason | '';
  lostNote?: string;
  // ---- privacy area (issue 5B): optional, filled by validateClient; one overlay key each ----
  /** Opt-outs per channel: ISO time the client asked not to be contacted that way, '' = allowed. */
  optoutEmail?: string;
  optoutSms?: string;
  optoutCalls?: string;
  optoutMailings?: string;
  /** Set on the loser of a merge: the survivor's id ('' = not merged). Queries resolve it (queries/aliases.ts). */
  mergedInto?: string;
  /** Set when the client's personal data was erased; the record is a tombstone kept for purchases. */
  erasedAt?: string;
}

/** Communication channels a client can opt out of (the overlay field is `optout<Channel>`). */
export const OPTOUT_CHANNELS = ['email', 'sms', 'calls', 'mailings'] as const;
export type OptoutChannel = (typeof OPTOUT_CHANNELS)[number];
export const optoutField = (ch: OptoutChannel): 'optoutEmail' | 'optoutSms' | 'optoutCalls' | 'optoutMailings' =>
  (`optout${ch[0]!.toUpperCase()}${ch.slice(1)}`) as 'optoutEmail' | 'optoutSms' | 'optoutCalls' | 'optoutMailings';

export const CLIENT_MARKS = ['potential', 'prestige', 'innovator', 'demanding'] as const;
export type ClientMark = (typeof CLIENT_MARKS)[number];
export const LOYALTY_MARKS = ['adherent', 'advocate'] as const;
export type LoyaltyMark = (typeof LOYALTY_MARKS)[number];
export const LOST_REASONS = ['product', 'staff', 'process', 'price', 'notNeeded', 'other'] as const;
export type LostReason = (typeof LOST_REASONS)[number];

/**
 * Reads `prefix:X` → true keys of a folded raw record, keeping only known values. The keys are
 * made once: a key built per call is a fresh string to look up (a 20 000-client base reads 120 000).
 */
function flagReader<T extends string>(prefix: string, known: readonly T[]): (raw: Record<string, unknown>) => T[] {
  const keys = known.map((m) => [m, `${prefix}:${m}`] as const);
  return (raw) => { const out: T[] = []; for (const [m, k] of keys) if (raw[k] === true) out.push(m); return out; };
}
const marksOf = flagReader('mark', CLIENT_MARKS);
const loyaltyOf = flagReader('loyalty', LOYALTY_MARKS);
const LOST_REASON_SET: ReadonlySet<string> = new Set(LOST_REASONS);

/** Fields a user edits one by one in the card (each one is a single Y.Map key). */
export const CLIENT_SCALAR_FIELDS = [
  'kind', 'name', 'legalForm', 'firstName', 'lastName', 'segment', 'managerId', 'isKey',
  'notes', 'website', 'taxId', 'externalId', 'phones', 'emails',
] as const;
export type ClientScalarField = (typeof CLIENT_SCALAR_FIELDS)[number];

export const LEGAL_FORMS = ['', 'ООО', 'АО', 'ИП', 'ПАО', 'ДООЕЛ', 'ДОО', 'АД', 'LLC', 'Ltd', 'Inc', 'GmbH'];

export function defaultClient(id: ClientId, now: string, by: MemberId | ''): Client {
  return {
    id, kind: 'company', name: '', legalForm: '', firstName: '', lastName: '', segment: '', tags: [],
    managerId: '', isKey: false, notes: '', website: '', taxId: '', externalId: '', phones: [], emails: [],
    addresses: [], custom: {}, deletedAt: '',
    createdAt: now, createdBy: by, updatedAt: now, updatedBy: by,
  };
}

/** A client as only the fields that differ from `defaultClient(id, now, by)` (`fullClient` restores it). */
export type LeanClient = Partial<Client> & { id: ClientId };

/**
 * Every field of a Client, required (defaultClient's, in its order) then optional: the compiler
 * refuses this table when Client gains or loses a field, and the lean-client test runs each one
 * through leanClient/fullClient, which name them one by one below.
 */
export const CLIENT_FIELDS = {
  id: true, kind: true, name: true, legalForm: true, firstName: true, lastName: true, segment: true, tags: true,
  managerId: true, isKey: true, notes: true, website: true, taxId: true, externalId: true, phones: true, emails: true,
  addresses: true, custom: true, deletedAt: true, createdAt: true, createdBy: true, updatedAt: true, updatedBy: true,
  marks: true, loyalty: true, referredBy: true, lostAt: true, lostReason: true, lostNote: true,
  optoutEmail: true, optoutSms: true, optoutCalls: true, optoutMailings: true, mergedInto: true, erasedAt: true,
} as const satisfies Record<keyof Client, true>;

/** The optional fields (not in defaultClient): a lean client carries those set, as they are. */
const OPTIONAL_FIELDS = ['marks', 'loyalty', 'referredBy', 'lostAt', 'lostReason', 'lostNote',
  'optoutEmail', 'optoutSms', 'optoutCalls', 'optoutMailings', 'mergedInto', 'erasedAt'] as const satisfies readonly (keyof Client)[];

const noItems = (v: readonly unknown[]): boolean => v.length === 0;
function noKeys(o: object): boolean {
  for (const _ in o) return false;
  return true;
}

/**
 * For new clients crossing from the import worker to the page: an imported client sets 3–5 of
 * its 24 fields, and cloning 20 000 whole clients took ~150 ms (both ends), lean ones ~45 ms.
 * Field by field, not a loop over Object.keys: that loop took 40–50 ms for 20 000 clients (Node 20),
 * this takes 5–10, on the lead worker's way to the plan.
 */
export function leanClient(c: Client, now: string, by: MemberId | ''): LeanClient {
  const o: LeanClient = { id: c.id };
  if (c.kind !== 'company') o.kind = c.kind;
  if (c.name !== '') o.name = c.name;
  if (c.legalForm !== '') o.legalForm = c.legalForm;
  if (c.firstName !== '') o.firstName = c.firstName;
  if (c.lastName !== '') o.lastName = c.lastName;
  if (c.segment !== '') o.segment = c.segment;
  if (!noItems(c.tags)) o.tags = c.tags;
  if (c.managerId !== '') o.managerId = c.managerId;
  if (c.isKey) o.isKey = c.isKey;
  if (c.notes !== '') o.notes = c.notes;
  if (c.website !== '') o.website = c.website;
  if (c.taxId !== '') o.taxId = c.taxId;
  if (c.externalId !== '') o.externalId = c.externalId;
  if (!noItems(c.phones)) o.phones = c.phones;
  if (!noItems(c.emails)) o.emails = c.emails;
  if (!noItems(c.addresses)) o.addresses = c.addresses;
  if (!noKeys(c.custom)) o.custom = c.custom;
  if (c.deletedAt !== '') o.deletedAt = c.deletedAt;
  if (c.createdAt !== now) o.createdAt = c.createdAt;
  if (c.createdBy !== by) o.createdBy = c.createdBy;
  if (c.updatedAt !== now) o.updatedAt = c.updatedAt;
  if (c.updatedBy !== by) o.updatedBy = c.updatedBy;
  const r = o as Record<string, unknown>, src = c as unknown as Record<string, unknown>;
  for (const k of OPTIONAL_FIELDS) if (src[k] !== undefined) r[k] = src[k];
  return o;
}

/**
 * What `compactRecord({ ...c, ...stamp })` gives (model/records.ts: the client as an import batch
 * stores it, empty fields left out), field by field: the generic copy and loop took 30–70 ms for
 * 20 000 clients, in the write's slices on the page.
 */
export function compactClient(c: Client, stamp: Record<keyof Stamped, string> | null): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  if (!isEmpty(c.id)) o.id = c.id;
  if (!isEmpty(c.kind)) o.kind = c.kind;
  if (!isEmpty(c.name)) o.name = c.name;
  if (!isEmpty(c.legalForm)) o.legalForm = c.legalForm;
  if (!isEmpty(c.firstName)) o.firstName = c.firstName;
  if (!isEmpty(c.lastName)) o.lastName = c.lastName;
  if (!isEmpty(c.segment)) o.segment = c.segment;
  if (!isEmpty(c.tags)) o.tags = c.tags;
  if (!isEmpty(c.managerId)) o.managerId = c.managerId;
  if (!isEmpty(c.isKey)) o.isKey = c.isKey;
  if (!isEmpty(c.notes)) o.notes = c.notes;
  if (!isEmpty(c.website)) o.website = c.website;
  if (!isEmpty(c.taxId)) o.taxId = c.taxId;
  if (!isEmpty(c.externalId)) o.externalId = c.externalId;
  if (!isEmpty(c.phones)) o.phones = c.phones;
  if (!isEmpty(c.emails)) o.emails = c.emails;
  if (!isEmpty(c.addresses)) o.addresses = c.addresses;
  if (!isEmpty(c.custom)) o.custom = c.custom;
  if (!isEmpty(c.deletedAt)) o.deletedAt = c.deletedAt;
  const s = stamp ?? c;
  if (!isEmpty(s.createdAt)) o.createdAt = s.createdAt;
  if (!isEmpty(s.createdBy)) o.createdBy = s.createdBy;
  if (!isEmpty(s.updatedAt)) o.updatedAt = s.updatedAt;
  if (!isEmpty(s.updatedBy)) o.updatedBy = s.updatedBy;
  const src = c as unknown as Record<string, unknown>;
  for (const k of OPTIONAL_FIELDS) if (!isEmpty(src[k])) o[k] = src[k];
  return o;
}


/** The client a `leanClient` was made from (same `now` and `by`), keys in the same order. */
export function fullClient(l: LeanClient, now: string, by: MemberId | ''): Client {
  const c: Client = {
    id: l.id, kind: l.kind ?? 'company', name: l.name ?? '', legalForm: l.legalForm ?? '', firstName: l.firstName ?? '',
    lastName: l.lastName ?? '', segment: l.segment ?? '', tags: l.tags ?? [], managerId: l.managerId ?? '', isKey: l.isKey ?? false,
    notes: l.notes ?? '', website: l.website ?? '', taxId: l.taxId ?? '', externalId: l.externalId ?? '', phones: l.phones ?? [],
    emails: l.emails ?? [], addresses: l.addresses ?? [], custom: l.custom ?? {}, deletedAt: l.deletedAt ?? '',
    createdAt: l.createdAt ?? now, createdBy: l.createdBy ?? by, updatedAt: l.updatedAt ?? now, updatedBy: l.updatedBy ?? by,
  };
  const r = c as unknown as Record<string, unknown>, src = l as Record<string, unknown>;
  for (const k of OPTIONAL_FIELDS) if (src[k] !== undefined) r[k] = src[k];
  return c;
}


const ADDRESS_KINDS = new Set(['legal', 'postal', 'delivery', 'office', 'home', 'other']);

export function validateAddress(raw: unknown): Result<Address> {
  if (!isObj(raw) || !isStr(raw.id)) return err('address: bad shape');
  const kind = ADDRESS_KINDS.has(str(raw.kind)) ? (raw.kind as Address['kind']) : 'other';
  return ok({ id: raw.id, kind, line: str(raw.line), city: str(raw.city), postalCode: str(raw.postalCode), country: str(raw.country) });
}

function customValue(v: unknown): CustomValue {
  return typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v)) ? v : null;
}

/**
 * Reads a client from untrusted data (a peer, a file, an older or newer app version).
 * Unknown keys are ignored, wrong types fall back to defaults; only a missing id or name is an error.
 */
export function validateClient(raw: unknown): Result<Client> {
  if (!isObj(raw)) return err('client: not an object');
  if (!isClientId(raw.id)) return err('client: bad id');
  const addresses: Address[] = [];
  if (Array.isArray(raw.addresses)) for (const a of raw.addresses) { const r = validateAddress(a); if (r.ok) addresses.push(r.value); }
  const custom: Record<string, CustomValue> = {};
  if (isObj(raw.custom)) for (const [k, v] of Object.entries(raw.custom)) custom[k] = customValue(v);
  // One literal, in defaultClient's key order (no spreads: a base of 20 000 clients is read
  // through here on every open and after every import).
  return ok({
    id: raw.id,
    kind: raw.kind === 'person' ? 'person' : 'company',
    name: str(raw.name),
    legalForm: str(raw.legalForm),
    firstName: str(raw.firstName),
    lastName: str(raw.lastName),
    segment: str(raw.segment),
    tags: strArray(raw.tags),
    managerId: str(raw.managerId) as MemberId | '',
    isKey: isBool(raw.isKey) ? raw.isKey : false,
    notes: str(raw.notes),
    website: str(raw.website),
    taxId: str(raw.taxId),
    externalId: str(raw.externalId),
    phones: strArray(raw.phones),
    emails: strArray(raw.emails),
    addresses,
    custom,
    deletedAt: str(raw.deletedAt),
    createdAt: str(raw.createdAt),
    createdBy: str(raw.createdBy) as MemberId | '',
    updatedAt: str(raw.updatedAt),
    updatedBy: str(raw.updatedBy) as MemberId | '',
    marks: marksOf(raw),
    loyalty: loyaltyOf(raw),
    referredBy: isClientId(raw.referredBy) ? raw.referredBy : '',
    lostAt: str(raw.lostAt),
    lostReason: LOST_REASON_SET.has(str(raw.lostReason)) ? (raw.lostReason as LostReason) : '',
    lostNote: str(raw.lostNote),
    optoutEmail: str(raw.optoutEmail),
    optoutSms: str(raw.optoutSms),
    optoutCalls: str(raw.optoutCalls),
    optoutMailings: str(raw.optoutMailings),
    mergedInto: isClientId(raw.mergedInto) ? raw.mergedInto : '',
    erasedAt: str(raw.erasedAt),
  });
}

/** Checks a user edit before it is written: the value must have the field's type. */
export function validateClientField(field: ClientScalarField, value: unknown): Result<unknown> {
  switch (field) {
    case 'kind': return value === 'company' || value === 'person' ? ok(value) : err('kind must be company or person');
    case 'isKey': return isBool(value) ? ok(value) : err('isKey must be boolean');
    case 'phones': case 'emails':
      return Array.isArray(value) && value.every(isStr) ? ok(value.map((s) => s.trim()).filter(Boolean)) : err(`${field} must be a list of strings`);
    case 'name': return isStr(value) && value.trim() ? ok(value.trim()) : err('name must not be empty');
    default: return isStr(value) ? ok(value) : err(`${field} must be text`);
  }
}

/**
 * How a company is named in lists: Cyrillic legal forms go first with «» (ООО «Вектор»), Latin
 * ones after the name (Blue River Foods Ltd), as each language writes them.
 */
export function clientDisplayName(c: Pick<Client, 'name' | 'legalForm' | 'kind'>): string {
  if (c.kind !== 'company' || !c.legalForm) return c.name;
  return /[А-Яа-яЁёЃѓЌќЉљЊњЏџЅѕЈј]/.test(c.legalForm) ? `${c.legalForm} «${c.name}»` : `${c.name} ${c.legalForm}`;
}
