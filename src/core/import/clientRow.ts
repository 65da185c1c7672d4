import type { Address, Client, ClientId } from '../model/client';
import { defaultContact, type Contact, type ContactId } from '../model/contact';
import type { MemberId } from '../model/member';
import { LEGAL_FORMS } from '../model/client';
import { deterministicId } from '../model/ids';
import type { CountryCode } from 'libphonenumber-js';
import { fullNameOrder, type NameOrder, type TargetField } from './aliases';
import { countryCode } from './countries';
import { parseDate } from './dates';
import { parseEmails, parsePhoneParts } from './contactValues';
import { normExternalId, normName, normTaxId, type ClientKeys } from './clientIndex';
import type { RowError } from './problem';

/** Column indices per target field (a field may take several columns: phones, e-mails). */
export type Columns = Partial<Record<TargetField, number[]>>;

/** The client-describing part of a row, before it is matched against the base. */
export interface IncomingClient {
  fields: Partial<Client>;
  keys: ClientKeys;
  /** Contact person named in the row (clients files: contact name, title, phones, e-mails, birthday, notes). */
  contact: IncomingContact | null;
}

/** A contact person's values as read from a row (`birthday` YYYY-MM-DD or ''). */
export interface IncomingContact { name: string; role: string; phones: string[]; emails: string[]; birthday: string; notes: string }

/** The id of the second client a "keep both" row makes: the file and the row, the same on every laptop. */
export const keepBothClientId = (fileHash: string, row: number): ClientId => deterministicId('cli', 'dup', fileHash, String(row)) as ClientId;

/** The id an import gives a client's contact person: from the client and the name, so a re-import finds it. */
export const importedContactId = (clientId: string, name: string): ContactId => deterministicId('con', clientId, normName(name)) as ContactId;

/** A new contact person of `clientId` with a row's values (the planner's, and the copy a "keep both" row makes). */
export function contactFromRow(clientId: ClientId, p: IncomingContact, now: string, by: MemberId | ''): Contact {
  return { ...defaultContact(importedContactId(clientId, p.name), clientId, now, by), name: p.name, role: p.role, phones: p.phones, emails: p.emails, birthday: p.birthday, notes: p.notes };
}

export interface RowContext {
  header: readonly string[];
  defaultCountry: CountryCode;
  row: number;
  warnings: RowError[];
}

const cell = (f: readonly string[], cols: Columns, field: TargetField): string => {
  for (const i of cols[field] ?? []) { const v = (f[i] ?? '').trim(); if (v && v.toUpperCase() !== 'NULL' && v !== 'NA') return v; }
  return '';
};
const cells = (f: readonly string[], cols: Columns, field: TargetField): { value: string; col: number }[] =>
  (cols[field] ?? []).map((col) => ({ value: (f[col] ?? '').trim(), col })).filter((c) => c.value && c.value.toUpperCase() !== 'NULL' && c.value !== 'NA');

/** Longest first ("ООО" before "ОО"); compiled once: this runs for every new client of a file. */
const FORMS = LEGAL_FORMS.filter(Boolean).sort((a, b) => b.length - a.length).map((form) => ({ form, re: new RegExp(`^${form}\\s+(.+)$`, 'iu') }));

/** "ООО «Ромашка»" → legal form ООО, name Ромашка (the card shows them apart). */
export function splitLegalForm(raw: string): { legalForm: string; name: string } {
  for (const { form, re } of FORMS) {
    const m = re.exec(raw);
    if (m) return { legalForm: form, name: m[1]!.replace(/^[«"“„']+|[»"”“']+$/gu, '').trim() };
  }
  return { legalForm: '', name: raw };
}

/**
 * Whether a row describes a person: it has a first or last name, no legal form, and its name is
 * theirs. There is no field of its own for a company's name, so the name column is either the
 * person's display name (Thunderbird "Display Name": "John Doe") or an organisation's (Outlook
 * "Company" next to the contact's First/Last Name: "Acme"): it counts as the person's when it is
 * empty or contains their first or last name as a word.
 */
function personNamed(name: string, firstName: string, lastName: string, legalForm: string): boolean {
  if ((!firstName && !lastName) || legalForm) return false;
  const words = ` ${normName(name)} `;
  const has = (part: string) => { const p = normName(part); return p !== '' && words.includes(` ${p} `); };
  return !name || has(firstName) || has(lastName);
}

/**
 * The words of a person's name (1–4 words of letters, hyphens, apostrophes, initials with dots), or
 * null when the text looks like something else: digits, quotes around a brand, "&", more words.
 */
function personWords(name: string): string[] | null {
  const words = name.split(/\s+/).filter(Boolean);
  if (words.length === 0 || words.length > 4) return null;
  return words.every((w) => /^[\p{L}][\p{L}'’.-]*$/u.test(w)) ? words : null;
}

/** First and last name from a full name's words; none when a word is an initial ("Иванов И.И.") or the order is unknown. */
function splitFullName(words: readonly string[], order: NameOrder): { firstName: string; lastName: string } {
  if (order === 'unknown' || words.length < 2 || words.some((w) => w.includes('.'))) return { firstName: '', lastName: '' };
  // ФИО: фамилия, имя, отчество (the patronymic stays in the name only).
  return order === 'last-first' ? { lastName: words[0]!, firstName: words[1]! } : { firstName: words[0]!, lastName: words[words.length - 1]! };
}

/** Which client-key fields a mapping uses, per entity (clients files use plain names, others `client…`). */
export interface KeyFields {
  externalId: TargetField; name: TargetField; taxId: TargetField; email: TargetField; phone: TargetField;
}
export const CLIENT_KEYS: KeyFields = { externalId: 'externalId', name: 'name', taxId: 'taxId', email: 'email', phone: 'phone' };
export const LINK_KEYS: KeyFields = { externalId: 'clientExternalId', name: 'clientName', taxId: 'clientTaxId', email: 'clientEmail', phone: 'clientPhone' };

/** Reads the client described by a row; invalid phones are kept as typed, invalid e-mails dropped (both warned). */
export function readClient(f: readonly string[], cols: Columns, k: KeyFields, ctx: RowContext): IncomingClient {
  const country = countryCode(cell(f, cols, 'country'));
  const { phones, keys: phoneKeys } = readPhones(f, cols, k.phone, country ?? ctx.defaultCountry, ctx);
  const emails = readEmails(f, cols, k.email, ctx);
  let firstName = cell(f, cols, 'firstName'), lastName = cell(f, cols, 'lastName');
  const contactName = cell(f, cols, 'contactName');
  const nameCell = cells(f, cols, k.name)[0];
  let rawName = nameCell?.value ?? '';
  if (!rawName) rawName = `${firstName} ${lastName}`.trim();
  const { legalForm: formFromName, name } = splitLegalForm(rawName);
  const legalForm = cell(f, cols, 'legalForm') || formFromName;
  let person = personNamed(name, firstName, lastName, legalForm);
  // A name column titled ФИО / Full name / Име и презиме holds a person's name, unless it has a legal form.
  if (!person && nameCell && !legalForm && !firstName && !lastName) {
    const order = fullNameOrder(ctx.header[nameCell.col] ?? '');
    const words = order ? personWords(name) : null;
    if (order && words) {
      person = true;
      ({ firstName, lastName } = splitFullName(words, order));
    }
  }
  const fields: Partial<Client> = { name, kind: person ? 'person' : 'company' };
  if (legalForm) fields.legalForm = legalForm;
  if (firstName) fields.firstName = firstName;
  if (lastName) fields.lastName = lastName;
  const externalId = cell(f, cols, k.externalId);
  if (externalId) fields.externalId = externalId.replace(/^(\d+)\.0+$/, '$1');
  const taxId = cell(f, cols, k.taxId);
  if (taxId) fields.taxId = taxId;
  if (phones.length) fields.phones = phones;
  if (emails.length) fields.emails = emails;
  for (const key of ['segment', 'notes'] as const) { const v = cell(f, cols, key); if (v) fields[key] = v; }
  // A web address holds no white space: a cell with line breaks in it would carry them into exports.
  const website = cell(f, cols, 'website').trim().split(/\s/)[0];
  if (website) fields.website = website;
  const address = readAddress(f, cols, country);
  if (address) fields.addresses = [address];
  return {
    fields,
    // The name key is taken without the legal form, as the base indexes it ("ООО «Ромашка»" = "Ромашка").
    keys: { externalId: normExternalId(externalId), taxId: normTaxId(taxId), emails, phones: phoneKeys, name: normName(name || rawName) },
    contact: readContact(f, cols, contactName, country ?? ctx.defaultCountry, ctx),
  };
}

/**
 * Phones of a row's columns of `field`, E.164 where libphonenumber reads them (invalid ones kept as
 * typed, warned). `keys`: only the numbers it read link rows to clients ("123456" typed on two cards says nothing).
 */
function readPhones(f: readonly string[], cols: Columns, field: TargetField, country: CountryCode, ctx: RowContext): { phones: string[]; keys: string[] } {
  const phones: string[] = [], keys: string[] = [];
  for (const { value, col } of cells(f, cols, field)) {
    const p = parsePhoneParts(value, country);
    const column = ctx.header[col] ?? '';
    if (!p.ok) { phones.push(value); ctx.warnings.push({ row: ctx.row, column, value, reason: `${p.error}; kept as typed` }); continue; }
    phones.push(p.value.number);
    keys.push(p.value.number);
    if (p.value.ext) ctx.warnings.push({ row: ctx.row, column, value, reason: `extension ${p.value.ext} not imported; number kept as ${p.value.number}` });
  }
  return { phones, keys };
}

/** E-mails of a row's columns of `field`: a cell may hold several ("a@alfa.mk; b@alfa.mk"), each bad part warned. */
function readEmails(f: readonly string[], cols: Columns, field: TargetField, ctx: RowContext): string[] {
  const emails: string[] = [];
  for (const { value, col } of cells(f, cols, field)) {
    const e = parseEmails(value);
    const column = ctx.header[col] ?? '';
    if (!e.ok) { ctx.warnings.push({ row: ctx.row, column, value, reason: `${e.error}; not imported` }); continue; }
    for (const a of e.value.emails) if (!emails.includes(a)) emails.push(a);
    for (const bad of e.value.rejected) ctx.warnings.push({ row: ctx.row, column, value, reason: `"${bad}" is not an e-mail address; not imported` });
  }
  return emails;
}

const CONTACT_VALUES = ['contactPhone', 'contactEmail', 'contactBirthday', 'contactNotes'] as const;

/**
 * The row's contact person, with their own phones, e-mails (read as the client's are), birthday and
 * notes. Without a name there is no one to give them to (the contact's id is made from it): each such
 * value is warned about, never given to the client. Purchases files map none of these fields, so
 * their per-key path only looks up the empty name.
 */
function readContact(f: readonly string[], cols: Columns, name: string, country: CountryCode, ctx: RowContext): IncomingContact | null {
  if (!name) {
    for (const field of CONTACT_VALUES) {
      for (const { value, col } of cells(f, cols, field)) {
        ctx.warnings.push({ row: ctx.row, column: ctx.header[col] ?? '', value, reason: 'no contact person named in the row; not imported' });
      }
    }
    return null;
  }
  return {
    name, role: cell(f, cols, 'contactTitle'), phones: readPhones(f, cols, 'contactPhone', country, ctx).phones,
    emails: readEmails(f, cols, 'contactEmail', ctx), birthday: readBirthday(f, cols, ctx), notes: cell(f, cols, 'contactNotes'),
  };
}

/** A numeric day and month with slashes or dashes: 03/07/1985 is March or July, and one cell cannot tell. */
const SLASHED = /^\d{1,2}[/-]\d{1,2}[/-]\d{2,4}$/;

/**
 * A contact's birthday, YYYY-MM-DD or ''. Read per cell, not per column (a column of a few birthdays
 * should not stop a clients file with a date-order question): ISO (our export), dotted day-first
 * (DD.MM.YYYY, as Excel writes in ru/mk) and a month as a word ("5 марта 1990", "Mar 5, 1990").
 * A numeric day/month with slashes or dashes, or an impossible day, is warned about and left out.
 */
function readBirthday(f: readonly string[], cols: Columns, ctx: RowContext): string {
  const c = cells(f, cols, 'contactBirthday')[0];
  if (!c) return '';
  const column = ctx.header[c.col] ?? '';
  if (SLASHED.test(c.value)) {
    ctx.warnings.push({ row: ctx.row, column, value: c.value, reason: 'birthday: day and month order unknown (write YYYY-MM-DD or DD.MM.YYYY); not imported' });
    return '';
  }
  let reason = 'not a date';
  for (const format of ['ymd', 'dmy', 'mdy'] as const) {
    const r = parseDate(c.value, format);
    if (r.ok) return r.value;
    if (r.error === 'empty') return '';
    // A cell of a format's shape says why it cannot be ("no such calendar day", "year 1385 is out of range").
    if (/calendar|year/.test(r.error)) reason = r.error;
  }
  ctx.warnings.push({ row: ctx.row, column, value: c.value, reason: `birthday: ${reason}; not imported` });
  return '';
}

function readAddress(f: readonly string[], cols: Columns, country: CountryCode | null): Address | null {
  const line = cell(f, cols, 'address'), city = cell(f, cols, 'city'), region = cell(f, cols, 'region');
  const postalCode = cell(f, cols, 'postalCode'), countryCell = cell(f, cols, 'country');
  if (!line && !city && !postalCode && !region) return null;
  const fullLine = [line, region].filter(Boolean).join(', ');
  // Deterministic, so re-importing the same address does not add it again.
  const id = deterministicId('adr', normName(fullLine), normName(city), postalCode);
  return { id, kind: 'legal', line: fullLine, city, postalCode, country: country ?? countryCell };
}
