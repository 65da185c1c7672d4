import type { Result } from '../util/result';
import type { ClientId } from '../model/client';
import type { Contact } from '../model/contact';
import type { MemberId } from '../model/member';
import type { CountryCode } from 'libphonenumber-js';
import type { TargetField } from './aliases';
import { emptyKeys, indexClient, lookupClient, normName, normPhone, type ClientIndex } from './clientIndex';
import { CLIENT_KEYS, importedContactId, keepBothClientId, readClient, type Columns } from './clientRow';
import { parseEmail, parsePhone } from './contactValues';
import { countryCode } from './countries';
import { normaliseHeader } from './header';
import type { Mapping } from './mapping';
import { ImportPlanner } from './plan';
import type { DuplicatePolicy, ImportPlan, PlanProblem } from './planTypes';
import type { VCard } from './vcard';

export interface VcardPlanOptions {
  fileName: string;
  fileHash: string;
  defaultCountry: CountryCode;
  index: ClientIndex;
  now: string;
  by: MemberId | '';
  duplicatePolicy?: DuplicatePolicy;
  duplicateOverrides?: Readonly<Record<number, DuplicatePolicy>>;
}

/** One card as the planner's row, plus what the row cannot carry. */
interface CardRow {
  cells: string[];
  org: boolean;
  contactName: string;
  /** The card's own phones (E.164 where valid, else as typed), e-mails and birthday, for its contact person. */
  phones: string[];
  emails: string[];
  bday: string;
  /** Phones libphonenumber cannot read: kept as typed, never a key to link cards or clients on. */
  invalid: { value: string; reason: string }[];
}

const FIELDS_HEAD: TargetField[] = ['name', 'firstName', 'lastName', 'contactName', 'contactTitle', 'website', 'notes', 'address', 'city', 'region', 'postalCode', 'country'];

function cardRow(c: VCard, defaultCountry: CountryCode, maxTel: number, maxMail: number): CardRow {
  const person = c.fn || `${c.given} ${c.family}`.trim();
  const org = !!c.org;
  // A company's own card (Outlook, our export) names the company in FN: that is no contact person.
  const contactName = org && normName(person) !== normName(c.org) ? person : '';
  const a = c.adrs[0];
  const country = countryCode(a?.country ?? '') ?? defaultCountry; // as the planner reads the row's phones
  const valid: string[] = [], phones: string[] = [], invalid: CardRow['invalid'] = [];
  for (const t of c.tels) {
    const p = parsePhone(t.value, country);
    if (p.ok) valid.push(p.value); else invalid.push({ value: t.value, reason: p.error });
    phones.push(p.ok ? p.value : t.value);
  }
  const cells = [
    org ? c.org : person, org ? '' : c.given, org ? '' : c.family, contactName, contactName ? [c.title, c.department].filter(Boolean).join(', ') : '',
    c.urls[0] ?? '', c.note, a?.street ?? '', a?.city ?? '', a?.region ?? '', a?.postalCode ?? '', a?.country ?? '',
    ...Array.from({ length: maxTel }, (_, k) => valid[k] ?? ''),
    ...Array.from({ length: maxMail }, (_, k) => c.emails[k]?.value ?? ''),
  ];
  const emails = c.emails.map((e) => parseEmail(e.value)).flatMap((e) => (e.ok ? [e.value] : []));
  return { cells, org, contactName, phones, emails, bday: c.bday, invalid };
}

/**
 * Plans vCards as a clients import: a card with ORG becomes a company client with the person as its
 * contact (TITLE and ORG's department as role); a card without ORG becomes a person client. The cards
 * go through the same planner as a clients CSV (same duplicate handling and deterministic ids); "row"
 * in the plan is the card's 1-based position in the file. Only valid phones go to the planner: an
 * unreadable one ("123456") is no identity, and two people sharing it must not become one client.
 */
export function planVcards(cards: readonly VCard[], o: VcardPlanOptions): Result<ImportPlan, PlanProblem> {
  const maxTel = Math.max(1, ...cards.map((c) => c.tels.length));
  const maxMail = Math.max(1, ...cards.map((c) => c.emails.length));
  const fields: TargetField[] = [...FIELDS_HEAD, ...Array<TargetField>(maxTel).fill('phone'), ...Array<TargetField>(maxMail).fill('email')];
  const { header } = normaliseHeader(fields);
  const mapping: Mapping = {};
  header.forEach((h, i) => { mapping[h] = fields[i]!; });
  const planner = new ImportPlanner({ entity: 'clients', header, mapping, ...o });
  const rows = cards.map((c) => cardRow(c, o.defaultCountry, maxTel, maxMail));
  rows.forEach((r, i) => planner.add(r.cells, i + 1));
  const r = planner.finish();
  if (!r.ok || r.value.alreadyImported) return r;
  const plan = r.value;
  const cols: Columns = {};
  fields.forEach((f, i) => { (cols[f] ??= []).push(i); });
  const clientOf = cardClients(plan, rows, cols, header, o);
  const created = new Map(plan.clientsToCreate.map((c) => [c.id, c]));
  const contacts = new Map(plan.contactsToCreate.map((c) => [c.id as string, c]));
  const firstCard = new Set<ClientId>();
  const phoneCol = header[FIELDS_HEAD.length] ?? 'phone';
  rows.forEach((row, i) => {
    const id = clientOf[i];
    if (!id) return;
    const mine = created.get(id);
    // The card that created a client decides its kind (a later card only merged into it).
    if (mine && !firstCard.has(id)) { firstCard.add(id); if (!row.org) mine.kind = 'person'; }
    if (!row.org) keepPersonKind(plan, o.index, id, i + 1);
    for (const p of row.invalid) {
      const reason = mine ? `${p.reason}; kept as typed, not used to link cards` : `${p.reason}; not added to the existing client (kept on its contact person, if any)`;
      plan.warnings.push({ row: i + 1, column: phoneCol, value: p.value, reason });
      if (mine && !mine.phones.some((q) => normPhone(q) === normPhone(p.value))) mine.phones = [...mine.phones, p.value];
    }
    // The person on a company card keeps their own card's phones, e-mails and birthday (not a namesake's).
    const contact = row.contactName ? contacts.get(importedContactId(id, row.contactName)) : undefined;
    if (contact) addCardData(contact, row);
  });
  return r;
}

/**
 * The client each card ended on (null: the card was a row error), found the way the planner
 * linked it: its duplicate decision, else the base's keys, else the clients this plan creates.
 */
function cardClients(plan: ImportPlan, rows: readonly CardRow[], cols: Columns, header: readonly string[], o: VcardPlanOptions): (ClientId | null)[] {
  const errorRows = new Set(plan.rowErrors.map((e) => e.row));
  const dups = new Map(plan.duplicates.map((d) => [d.row, d]));
  const createdKeys = emptyKeys();
  for (const c of plan.clientsToCreate) indexClient(createdKeys, c);
  return rows.map((row, i) => {
    if (errorRows.has(i + 1)) return null;
    const dup = dups.get(i + 1);
    if (dup) return dup.policy === 'keep-both' ? keepBothClientId(o.fileHash, i + 1) : dup.existingId;
    const inc = readClient(row.cells, cols, CLIENT_KEYS, { header, defaultCountry: o.defaultCountry, row: i + 1, warnings: [] });
    // As the planner names a row without a name (plan.ts clientRow).
    if (!inc.keys.name) inc.keys.name = normName(inc.fields.emails?.[0] ?? inc.contact?.name ?? '');
    return (lookupClient(o.index.byKey, inc.keys) ?? lookupClient(createdKeys, inc.keys))?.id ?? null;
  });
}

/** The planner reads every named row as a company: a person card must not turn a person into one. */
function keepPersonKind(plan: ImportPlan, index: ClientIndex, id: ClientId, row: number): void {
  const u = plan.clientsToUpdate.find((x) => x.id === id);
  if (u?.fields.kind === 'company') {
    if (index.byId.get(id)?.kind === 'person') delete u.fields.kind; // only changed fields are updates
    else u.fields.kind = 'person';
  }
  const d = plan.duplicates.find((x) => x.row === row);
  if (d?.incoming.kind === 'company') d.incoming = { ...d.incoming, kind: 'person' };
}

function addCardData(contact: Contact, row: CardRow): void {
  const union = (a: readonly string[], b: readonly string[], key: (s: string) => string) => {
    const seen = new Set(a.map(key));
    return [...a, ...b.filter((v) => !seen.has(key(v)) && seen.add(key(v)))];
  };
  contact.phones = union(contact.phones, row.phones, normPhone);
  contact.emails = union(contact.emails, row.emails, (e) => e);
  if (!contact.birthday) contact.birthday = row.bday;
}
