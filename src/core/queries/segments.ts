import type * as Y from 'yjs';
import { settingsMap } from '../schema/layout';
import { type Client, type OptoutChannel, optoutField } from '../model/client';
import { norm } from './search';

/**
 * Saved filters ("segments"). A definition is plain JSON, one settings key each
 * (`segment:<id>` → JSON text): two laptops creating different segments offline both keep theirs,
 * and editing one segment never touches another.
 *
 * A rule's `field` is one of:
 *   - a client field: 'name', 'kind', 'segment', 'managerId', 'isKey', 'legalForm', 'taxId', 'notes',
 *     'website', 'phones', 'emails', 'city', 'country', 'createdAt', 'updatedAt';
 *   - 'tags' (ops has / hasNot);
 *   - `cf:<fieldDefId>` for a custom field;
 *   - `optout:<channel>` (is empty = may be contacted);
 *   - `class:<scheme>` for an analytics class (e.g. 'class:abc', 'class:rfm'): evaluated through the
 *     `classOf` hook the caller passes, so the analytics engine plugs in without changing this file.
 */
export type RuleOp = 'eq' | 'neq' | 'contains' | 'notContains' | 'empty' | 'notEmpty' | 'gt' | 'lt' | 'has' | 'hasNot';
export const RULE_OPS: readonly RuleOp[] = ['eq', 'neq', 'contains', 'notContains', 'empty', 'notEmpty', 'gt', 'lt', 'has', 'hasNot'];
export interface SegmentRule { field: string; op: RuleOp; value: string }
export interface SegmentDef { id: string; name: string; match: 'all' | 'any'; rules: SegmentRule[]; createdAt: string; createdBy: string }

export const SEGMENT_FIELDS = ['name', 'kind', 'segment', 'managerId', 'isKey', 'legalForm', 'taxId', 'notes', 'website', 'phones', 'emails', 'city', 'country', 'tags', 'createdAt', 'updatedAt'] as const;
export const SEGMENT_PREFIX = 'segment:';
const ID_RE = /^seg_[0-9a-z]{8,40}$/;

export interface SegmentEnv {
  /** Analytics class of a client for a scheme ('abc', 'rfm', …); '' when unknown. */
  classOf?: (scheme: string, client: Client) => string;
}

export function validateSegment(raw: unknown): SegmentDef | null {
  let v: unknown = raw;
  if (typeof raw === 'string') { try { v = JSON.parse(raw); } catch { return null; } }
  if (!v || typeof v !== 'object') return null;
  const o = v as Record<string, unknown>;
  if (typeof o.id !== 'string' || !ID_RE.test(o.id) || typeof o.name !== 'string') return null;
  const rules: SegmentRule[] = [];
  if (Array.isArray(o.rules)) {
    for (const r of o.rules) {
      if (!r || typeof r !== 'object') continue;
      const x = r as Record<string, unknown>;
      if (typeof x.field !== 'string' || !RULE_OPS.includes(x.op as RuleOp)) continue;
      rules.push({ field: x.field, op: x.op as RuleOp, value: typeof x.value === 'string' ? x.value : String(x.value ?? '') });
    }
  }
  return { id: o.id, name: o.name, match: o.match === 'any' ? 'any' : 'all', rules, createdAt: String(o.createdAt ?? ''), createdBy: String(o.createdBy ?? '') };
}

export function listSegments(doc: Y.Doc): SegmentDef[] {
  const out: SegmentDef[] = [];
  for (const [k, v] of settingsMap(doc)) {
    if (!k.startsWith(SEGMENT_PREFIX)) continue;
    const d = validateSegment(v);
    if (d && k === SEGMENT_PREFIX + d.id) out.push(d);
  }
  return out.sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
}

export function getSegment(doc: Y.Doc, id: string): SegmentDef | null {
  return validateSegment(settingsMap(doc).get(SEGMENT_PREFIX + id));
}

/** A rule's subject as text values (lists give several). */
function valuesOf(c: Client, field: string, env: SegmentEnv): string[] | null {
  if (field.startsWith('cf:')) { const v = c.custom[field.slice(3)]; return v === null || v === undefined || v === '' ? [] : [String(v)]; }
  if (field.startsWith('optout:')) { const v = c[optoutField(field.slice(7) as OptoutChannel)]; return v ? [v] : []; }
  if (field.startsWith('class:')) { const v = env.classOf?.(field.slice(6), c) ?? ''; return v ? [v] : []; }
  switch (field) {
    case 'tags': return c.tags;
    case 'phones': return c.phones;
    case 'emails': return c.emails;
    case 'city': return c.addresses.map((a) => a.city).filter(Boolean);
    case 'country': return c.addresses.map((a) => a.country).filter(Boolean);
    case 'isKey': return [c.isKey ? 'true' : 'false'];
    default: {
      if (!(SEGMENT_FIELDS as readonly string[]).includes(field)) return null;
      const v = (c as unknown as Record<string, unknown>)[field];
      return typeof v === 'string' ? (v ? [v] : []) : v === undefined || v === null ? [] : [String(v)];
    }
  }
}

const num = (s: string): number => Number(s.replace(',', '.'));
function cmp(a: string, b: string): number {
  const x = num(a), y = num(b);
  if (a.trim() !== '' && b.trim() !== '' && Number.isFinite(x) && Number.isFinite(y)) return x - y;
  return a.localeCompare(b); // ISO dates compare as text
}

export function matchesRule(c: Client, r: SegmentRule, env: SegmentEnv = {}): boolean {
  const vals = valuesOf(c, r.field, env);
  if (vals === null) return false; // an unknown field (from a newer version) matches nothing
  const want = norm(r.value.trim());
  const eq = (v: string): boolean => norm(v) === want;
  switch (r.op) {
    case 'empty': return vals.length === 0;
    case 'notEmpty': return vals.length > 0;
    case 'eq': case 'has': return vals.some(eq);
    case 'neq': case 'hasNot': return !vals.some(eq);
    case 'contains': return vals.some((v) => norm(v).includes(want));
    case 'notContains': return !vals.some((v) => norm(v).includes(want));
    case 'gt': return vals.some((v) => cmp(v, r.value) > 0);
    case 'lt': return vals.some((v) => cmp(v, r.value) < 0);
  }
}

export function matchesSegment(c: Client, def: Pick<SegmentDef, 'match' | 'rules'>, env: SegmentEnv = {}): boolean {
  if (c.deletedAt || c.erasedAt || c.mergedInto) return false;
  if (def.rules.length === 0) return true;
  return def.match === 'any' ? def.rules.some((r) => matchesRule(c, r, env)) : def.rules.every((r) => matchesRule(c, r, env));
}

export function segmentMembers(clients: Iterable<Client>, def: Pick<SegmentDef, 'match' | 'rules'>, env: SegmentEnv = {}): Client[] {
  const out: Client[] = [];
  for (const c of clients) if (matchesSegment(c, def, env)) out.push(c);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Call and mailing lists: those who opted out are left out
// ---------------------------------------------------------------------------------------------

/** May be called: has a phone and did not opt out of calls. */
export const callable = (c: Client): boolean => !c.optoutCalls && !c.erasedAt && c.phones.length > 0;
/** May get mailings: has an e-mail and opted out of neither mailings nor e-mail. */
export const mailable = (c: Client): boolean => !c.optoutMailings && !c.optoutEmail && !c.erasedAt && c.emails.length > 0;

export const CALL_LIST_HEADER = ['Name', 'Phone', 'City', 'Manager'] as const;
export const MAILING_LIST_HEADER = ['Name', 'E-mail', 'City', 'Manager'] as const;

export function callListRows(clients: readonly Client[], memberName: (id: string) => string = () => ''): string[][] {
  const rows: string[][] = [[...CALL_LIST_HEADER]];
  for (const c of clients) if (callable(c)) rows.push([c.name, c.phones[0]!, c.addresses[0]?.city ?? '', memberName(c.managerId)]);
  return rows;
}

export function mailingListRows(clients: readonly Client[], memberName: (id: string) => string = () => ''): string[][] {
  const rows: string[][] = [[...MAILING_LIST_HEADER]];
  for (const c of clients) if (mailable(c)) rows.push([c.name, c.emails[0]!, c.addresses[0]?.city ?? '', memberName(c.managerId)]);
  return rows;
}
