import type { Result } from '../util/result';
import type { MemberId } from '../model/member';
import type { CountryCode } from 'libphonenumber-js';
import type { TargetField } from './aliases';
import type { ClientIndex } from './clientIndex';
import { parseEmail, parsePhone } from './contactValues';
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

/**
 * Plans vCards as a clients import: a card with ORG becomes a company client with the person as its
 * contact (TITLE as role); a card without ORG becomes a person client. The cards go through the same
 * planner as a clients CSV (same duplicate handling and deterministic ids); "row" in the plan is the
 * card's 1-based position in the file.
 */
export function planVcards(cards: readonly VCard[], o: VcardPlanOptions): Result<ImportPlan, PlanProblem> {
  const maxTel = Math.max(1, ...cards.map((c) => c.tels.length));
  const maxMail = Math.max(1, ...cards.map((c) => c.emails.length));
  const fields: TargetField[] = ['name', 'firstName', 'lastName', 'contactName', 'contactTitle', 'website', 'notes',
    'address', 'city', 'region', 'postalCode', 'country',
    ...Array<TargetField>(maxTel).fill('phone'), ...Array<TargetField>(maxMail).fill('email')];
  const { header } = normaliseHeader(fields);
  const mapping: Mapping = {};
  header.forEach((h, i) => { mapping[h] = fields[i]!; });
  const planner = new ImportPlanner({ entity: 'clients', header, mapping, ...o });
  cards.forEach((c, i) => {
    const person = c.fn || `${c.given} ${c.family}`.trim();
    const a = c.adrs[0];
    const row = [
      c.org || person, c.org ? '' : c.given, c.org ? '' : c.family, c.org ? person : '', c.org ? c.title : '',
      c.urls[0] ?? '', c.note, a?.street ?? '', a?.city ?? '', a?.region ?? '', a?.postalCode ?? '', a?.country ?? '',
      ...Array.from({ length: maxTel }, (_, k) => c.tels[k]?.value ?? ''),
      ...Array.from({ length: maxMail }, (_, k) => c.emails[k]?.value ?? ''),
    ];
    planner.add(row, i + 1);
  });
  const r = planner.finish();
  if (!r.ok) return r;
  // The person on a company card also keeps their own phones and e-mails.
  const byName = new Map(cards.filter((c) => c.org).map((c) => [(c.fn || `${c.given} ${c.family}`.trim()).toLowerCase(), c]));
  for (const contact of r.value.contactsToCreate) {
    const c = byName.get(contact.name.toLowerCase());
    if (!c) continue;
    contact.phones = c.tels.map((t) => { const p = parsePhone(t.value, o.defaultCountry); return p.ok ? p.value : t.value; });
    contact.emails = c.emails.map((e) => parseEmail(e.value)).flatMap((e) => (e.ok ? [e.value] : []));
    contact.birthday = c.bday;
  }
  return r;
}
