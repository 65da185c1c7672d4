import { ALIASES, FIELDS, normaliseName, type Entity, type TargetField } from './aliases';
import { hashBytes } from '../model/ids';

/** The suggestion for one column: its target field (or null = not imported) and how sure we are (0..1). */
export interface ColumnSuggestion {
  column: string;
  index: number;
  field: TargetField | null;
  score: number;
}

/** What the user confirmed: column name → target field. Columns not listed are not imported. */
export type Mapping = Record<string, TargetField>;

/** Fields that may take several columns (a client has several phones and e-mails). */
const MULTI = new Set<TargetField>(['phone', 'email', 'clientPhone', 'clientEmail', 'notes', 'contactPhone', 'contactEmail']);

/**
 * How a header matched an alias: `exact` (also written together) or only contained in it; `len`: the
 * contained alias's length ("Contact phone 2" contains "contact phone" and "phone": the longer tells more).
 */
interface Match { score: number; exact: boolean; len?: number }

function aliasScore(norm: string, alias: string): Match {
  const [text, w] = alias.split(':') as [string, string | undefined];
  const weight = w ? Number(w) : 1;
  if (norm === text) return { score: weight, exact: true };
  // "ACCOUNTID", "InvoiceNo" written together: compare without spaces.
  if (norm.replace(/ /g, '') === text.replace(/ /g, '')) return { score: 0.95 * weight, exact: true };
  // "Home City" contains "city": a hint, not a certainty.
  const tokens = ` ${norm} `;
  if (text.length >= 3 && tokens.includes(` ${text} `)) return { score: 0.6 * weight, exact: false, len: text.length };
  return { score: 0, exact: false };
}

/**
 * A header that only contains a client alias may name someone else's attribute: "Код товара"
 * (product code), "Телефон менеджера" (our manager's phone). Mapped to a client key, it links every
 * row sharing that value to one client, merging different customers, so such a partial match is
 * refused for the fields that describe the client. Russian/Macedonian words are stems (inflected
 * forms: "товара", "менеджера"); English ones whole words, optionally plural.
 */
const OTHER_THING = new RegExp('(?:^| )(?:' + [
  // products and services
  'товар', 'продукт', 'производ', 'артикул', 'артикл', 'номенклатур', 'услуг',
  // our staff
  'менеджер', 'менаџер', 'сотрудник', 'вработен', 'агент', 'продав', 'ответствен', 'комерцијалист', 'кассир',
  // suppliers
  'поставщик', 'добавувач', 'снабдувач',
  // orders and documents ("заказчик" is the customer, not the order)
  'заказ(?!чик)', 'нарачк', 'фактур', 'документ', 'договор', 'счет(?!чик)',
  // our places and money
  'склад', 'магазин', 'магацин', 'продавниц', 'филиал', 'валют',
].join('|') + ')|(?:^| )(?:' + [
  'product', 'item', 'sku', 'goods', 'article', 'service',
  'manager', 'employee', 'staff', 'agent', 'rep', 'salesperson', 'seller', 'cashier', 'owner',
  'supplier', 'vendor', 'order', 'invoice', 'contract', 'warehouse', 'store', 'shop', 'branch', 'currency',
].join('|') + ')s?(?= |$)', 'u');

/** Fields that describe the client: a header naming another thing must not fill them by a partial match. */
const ABOUT_CLIENT = new Set<TargetField>([
  'externalId', 'name', 'taxId', 'phone', 'email', 'firstName', 'lastName', 'contactName', 'contactTitle',
  'address', 'city', 'region', 'postalCode', 'country', 'website', 'segment', 'legalForm',
  'contactPhone', 'contactEmail', 'contactBirthday', 'clientExternalId', 'clientName', 'clientTaxId', 'clientEmail', 'clientPhone',
]);

/** Exact names first, then by score (a score is at most 1). */
const rank = (m: Match): number => (m.exact ? 2 : 0) + m.score;

/**
 * Suggests a target field for every column from its header name (Russian, Macedonian, English;
 * snake_case, camelCase and spaces normalised). Each field is given to the best-scoring column only,
 * except phones / e-mails / notes, which may come from several columns.
 */
export function suggestMapping(header: readonly string[], entity: Entity): ColumnSuggestion[] {
  const aliases = ALIASES[entity];
  const pairs: ({ index: number; field: TargetField } & Match)[] = [];
  header.forEach((h, index) => {
    const norm = normaliseName(h);
    const other = OTHER_THING.test(norm);
    for (const field of FIELDS[entity]) {
      let best: Match = { score: 0, exact: false };
      for (const a of aliases[field] ?? []) {
        const m = aliasScore(norm, a);
        if (!m.exact && other && ABOUT_CLIENT.has(field)) continue;
        if (rank(m) > rank(best)) best = m;
      }
      if (best.score > 0) pairs.push({ index, field, ...best });
    }
  });
  // An exact name outranks any partial one, whatever the weights ("Name" at 0.5 before "Company Name X" at 0.6).
  pairs.sort((a, b) => rank(b) - rank(a) || a.index - b.index || (b.len ?? 0) - (a.len ?? 0));
  const out: ColumnSuggestion[] = header.map((column, index) => ({ column, index, field: null, score: 0 }));
  const taken = new Set<TargetField>();
  for (const p of pairs) {
    const slot = out[p.index]!;
    if (slot.field || (taken.has(p.field) && !MULTI.has(p.field))) continue;
    slot.field = p.field;
    slot.score = p.score;
    taken.add(p.field);
  }
  return out;
}

/** The mapping the suggestions amount to (columns without a field left out). */
export function mappingFromSuggestions(s: readonly ColumnSuggestion[]): Mapping {
  const m: Mapping = {};
  for (const c of s) if (c.field) m[c.column] = c.field;
  return m;
}

/**
 * A stable signature of a source's shape (normalised column names in order), so the UI can save
 * a mapping template per source ("our 1C export", "the shop's Excel") and offer it next time.
 */
export function mappingKey(header: readonly string[]): string {
  const text = header.map(normaliseName).join('\u001f');
  return hashBytes(new TextEncoder().encode(text)).slice(0, 16);
}
