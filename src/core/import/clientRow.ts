import type { Address, Client } from '../model/client';
import { LEGAL_FORMS } from '../model/client';
import { deterministicId } from '../model/ids';
import type { CountryCode } from 'libphonenumber-js';
import type { TargetField } from './aliases';
import { countryCode } from './countries';
import { parseEmail, parsePhone } from './contactValues';
import { normExternalId, normName, normTaxId, type ClientKeys } from './clientIndex';
import type { RowError } from './problem';

/** Column indices per target field (a field may take several columns: phones, e-mails). */
export type Columns = Partial<Record<TargetField, number[]>>;

/** The client-describing part of a row, before it is matched against the base. */
export interface IncomingClient {
  fields: Partial<Client>;
  keys: ClientKeys;
  /** Contact person named in the row (clients files: contact_name, contact_title). */
  contact: { name: string; role: string } | null;
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

/** Which client-key fields a mapping uses, per entity (clients files use plain names, others `client…`). */
export interface KeyFields {
  externalId: TargetField; name: TargetField; taxId: TargetField; email: TargetField; phone: TargetField;
}
export const CLIENT_KEYS: KeyFields = { externalId: 'externalId', name: 'name', taxId: 'taxId', email: 'email', phone: 'phone' };
export const LINK_KEYS: KeyFields = { externalId: 'clientExternalId', name: 'clientName', taxId: 'clientTaxId', email: 'clientEmail', phone: 'clientPhone' };

/** Reads the client described by a row; invalid phones are kept as typed, invalid e-mails dropped (both warned). */
export function readClient(f: readonly string[], cols: Columns, k: KeyFields, ctx: RowContext): IncomingClient {
  const country = countryCode(cell(f, cols, 'country'));
  const phones: string[] = [];
  for (const { value, col } of cells(f, cols, k.phone)) {
    const p = parsePhone(value, country ?? ctx.defaultCountry);
    phones.push(p.ok ? p.value : value);
    if (!p.ok) ctx.warnings.push({ row: ctx.row, column: ctx.header[col] ?? '', value, reason: `${p.error}; kept as typed` });
  }
  const emails: string[] = [];
  for (const { value, col } of cells(f, cols, k.email)) {
    const e = parseEmail(value);
    if (e.ok) { if (!emails.includes(e.value)) emails.push(e.value); }
    else ctx.warnings.push({ row: ctx.row, column: ctx.header[col] ?? '', value, reason: `${e.error}; not imported` });
  }
  const firstName = cell(f, cols, 'firstName'), lastName = cell(f, cols, 'lastName');
  const contactName = cell(f, cols, 'contactName');
  let rawName = cell(f, cols, k.name);
  let kind: Client['kind'] = 'company';
  if (!rawName && (firstName || lastName)) { rawName = `${firstName} ${lastName}`.trim(); kind = 'person'; }
  const { legalForm: formFromName, name } = splitLegalForm(rawName);
  const fields: Partial<Client> = { name, kind };
  const legalForm = cell(f, cols, 'legalForm') || formFromName;
  if (legalForm) fields.legalForm = legalForm;
  if (firstName) fields.firstName = firstName;
  if (lastName) fields.lastName = lastName;
  const externalId = cell(f, cols, k.externalId);
  if (externalId) fields.externalId = externalId.replace(/^(\d+)\.0+$/, '$1');
  const taxId = cell(f, cols, k.taxId);
  if (taxId) fields.taxId = taxId;
  if (phones.length) fields.phones = phones;
  if (emails.length) fields.emails = emails;
  for (const key of ['website', 'segment', 'notes'] as const) { const v = cell(f, cols, key); if (v) fields[key] = v; }
  const address = readAddress(f, cols, country);
  if (address) fields.addresses = [address];
  return {
    fields,
    // The name key is taken without the legal form, as the base indexes it ("ООО «Ромашка»" = "Ромашка").
    keys: { externalId: normExternalId(externalId), taxId: normTaxId(taxId), emails, phones, name: normName(name || rawName) },
    contact: contactName ? { name: contactName, role: cell(f, cols, 'contactTitle') } : null,
  };
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
