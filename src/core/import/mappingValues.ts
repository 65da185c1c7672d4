import type { Entity, TargetField } from './aliases';
import { parseEmails, parsePhoneParts, type CountryCode } from './contactValues';
import { dateColumnFormat } from './dates';
import { genericHeader } from './header';
import { suggestMapping, type ColumnSuggestion } from './mapping';
import { detectNumberFormat, parseNumber } from './numbers';

/**
 * Suggestions from a column's values, for rows without a header ("Column 1…N" match no alias).
 * Scores stay below every header match (the weakest is a partial 0.5-weight alias: 0.3), so a value
 * guess is shown as a suggestion, never as a certainty.
 */
export const VALUE_SCORE = 0.25;
/** Share of a column's filled cells that must fit a kind of value. */
const FIT = 0.8;

export interface ValueOptions {
  /** The team's country: phones without a country prefix are read in it. */
  defaultCountry?: CountryCode;
  /** The column names (the sniff's); "Column N" for the widest row when absent. */
  header?: readonly string[];
}

type Kind =
  | { k: 'email' | 'phone' | 'date' | 'taxId' | 'skip' }
  | { k: 'money' | 'smallInt' | 'bigInt'; nums: (number | null)[] }
  | { k: 'code' }
  | { k: 'text'; long: boolean; oneWord: boolean; avgLen: number };

interface Col { index: number; kind: Kind; share: number }

const DIGITS = /^\d+$/;
/** Russian ИНН check digits (10 digits: a firm; 12: a person or sole trader). */
function innValid(s: string): boolean {
  const d = [...s].map(Number);
  const check = (w: number[]) => (w.reduce((a, x, i) => a + x * d[i]!, 0) % 11) % 10;
  if (d.length === 10) return check([2, 4, 10, 3, 5, 9, 4, 6, 8]) === d[9];
  if (d.length === 12) {
    return check([7, 2, 4, 10, 3, 5, 9, 4, 6, 8]) === d[10] && check([3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8]) === d[11];
  }
  return false;
}
/** EAN-13: a product's bar code is 13 digits too; a column whose every value checks is no ЕДБ. */
function ean13(s: string): boolean {
  const d = [...s].map(Number);
  return (d.slice(0, 12).reduce((a, x, i) => a + x * (i % 2 ? 3 : 1), 0) + d[12]!) % 10 === 0;
}
const share = (vs: readonly string[], f: (v: string) => boolean) => vs.filter(f).length / vs.length;

/** A money amount says so: a currency sign or word, or thousands grouped by spaces. */
const MONEY_MARK = /\p{Sc}|(?:^|[\d\s])(?:rub|usd|eur|mkd|руб|ден|мкд)\.?$|\d[\s\u00a0\u202f]\d{3}(?:[.,]|$)/iu;
/**
 * A code: no spaces, a digit beside letters or a leading zero ("К-001", "C17850", "00123"), or a short
 * capitals-only key (Northwind's "ALFKI"; not a 3-letter country code). A plain number is not one: order numbers, postal codes
 * and amounts repeat as well.
 */
const CODE = /^(?:(?=.*\d)(?=.*\p{L}|0\d)[\p{L}\d][\p{L}\d\-_/.]{0,19}|(?=.*\p{Lu})[\p{Lu}\d]{4,10})$/u;
/** Flags ("false", "да"): no field of ours. */
const FLAG = /^(?:true|false|yes|no|y|n|да|нет|не|x|✓)$/iu;

function classify(vs: readonly string[], country: CountryCode): { kind: Kind; share: number } | null {
  const fit = (f: (v: string) => boolean) => share(vs, f);
  if (vs.every((v) => FLAG.test(v))) return { kind: { k: 'skip' }, share: 1 };
  let s = fit((v) => parseEmails(v).ok);
  if (s >= FIT) return { kind: { k: 'email' }, share: s };
  // An ambiguous date order is still a date column (the plan asks which); Excel serials are left
  // out: a column of 5-digit numbers is as likely ids or amounts.
  const d = dateColumnFormat(vs);
  if ((d.ok && d.value !== 'excel-serial') || (!d.ok && d.error.kind === 'ambiguous' && !d.error.candidates.includes('excel-serial'))) {
    return { kind: { k: 'date' }, share: 1 };
  }
  // ИНН only with its check digits (an unformatted 10-digit phone would fit the length); ЕДБ by its 13
  // digits, unless every value is an EAN-13 bar code.
  const inn = fit((v) => DIGITS.test(v) && innValid(v));
  const edb = fit((v) => /^(?:MK)?\d{13}$/i.test(v));
  if (inn >= FIT) return { kind: { k: 'taxId' }, share: inn };
  if (edb >= FIT && !vs.every((v) => ean13(v.replace(/^MK/i, '')))) return { kind: { k: 'taxId' }, share: edb };
  s = fit((v) => (v.match(/\d/g)?.length ?? 0) >= 6 && parsePhoneParts(v, country).ok);
  if (s >= FIT) return { kind: { k: 'phone' }, share: s };
  const fmt = detectNumberFormat(vs);
  const nums = vs.map((v) => { const r = parseNumber(v, fmt); return r.ok ? r.value : null; });
  s = nums.filter((n) => n !== null).length / vs.length;
  if (s >= FIT) {
    const ints = nums.every((n) => n === null || Number.isInteger(n));
    if (!ints || fmt.confident || vs.some((v) => MONEY_MARK.test(v))) return { kind: { k: 'money', nums }, share: s };
    // Leading zeros make a code, not a number ("00123").
    if (!vs.some((v) => /^0\d/.test(v))) {
      const small = nums.every((n) => n === null || Math.abs(n) <= 1000);
      return { kind: { k: small ? 'smallInt' : 'bigInt', nums }, share: s };
    }
  }
  s = fit((v) => CODE.test(v));
  if (s >= FIT) return { kind: { k: 'code' }, share: s };
  // Mostly letters: at least 60 % of a cell's visible characters, in most cells.
  // An "@" without a domain is a broken e-mail, not a name.
  const lettery = (v: string) => { const t = v.replace(/\s/g, ''); return !t.includes('@') && (t.match(/\p{L}/gu)?.length ?? 0) >= t.length * 0.6; };
  s = fit(lettery);
  if (s >= FIT) {
    const words = vs.reduce((a, v) => a + v.split(/\s+/).length, 0) / vs.length;
    const avgLen = vs.reduce((a, v) => a + v.length, 0) / vs.length;
    return { kind: { k: 'text', long: words > 5 || avgLen > 40, oneWord: vs.every((v) => !/\s/.test(v) && v.length <= 20), avgLen }, share: s };
  }
  return null;
}

/** Values in a repeating column repeat: a client's code comes back on each of its lines. */
const repeats = (vs: readonly string[]) => new Set(vs).size < vs.length;

/**
 * Suggests a target field for each column from its first rows' values, for a file or pasted block
 * without a header: e-mails, phones (in the team's country), dates, ИНН / ЕДБ, amounts (decimals)
 * and quantities (small integers), a client's code repeating over a purchases file, the client's
 * name (the first column of mostly letters), the product (the next one), an interaction's kind
 * and text. A column that fits no kind, or a kind several columns fit where only one may take it
 * (two decimal columns, two repeating codes), is left unmapped: the user maps it, we do not guess.
 */
export function suggestFromValues(rows: readonly (readonly string[])[], entity: Entity, opts: ValueOptions = {}): ColumnSuggestion[] {
  const width = opts.header?.length ?? rows.reduce((w, r) => Math.max(w, r.length), 0);
  const header = opts.header ?? genericHeader(width);
  const out: ColumnSuggestion[] = header.map((column, index) => ({ column, index, field: null, score: 0 }));
  const cols: Col[] = [];
  for (let i = 0; i < width; i++) {
    const vs = rows.map((r) => (r[i] ?? '').trim()).filter((v) => v !== '');
    const c = vs.length ? classify(vs, opts.defaultCountry ?? 'RU') : null;
    if (c) cols.push({ index: i, ...c });
  }
  const set = (c: Col | undefined, field: TargetField) => {
    if (!c || out[c.index]!.field) return;
    out[c.index] = { ...out[c.index]!, field, score: Math.round(VALUE_SCORE * c.share * 100) / 100 };
  };
  const free = (k: Kind['k']) => cols.filter((c) => c.kind.k === k && !out[c.index]!.field);
  /** One column takes a single-valued field only when it alone fits. */
  const only = (cs: Col[], field: TargetField) => { if (cs.length === 1) set(cs[0], field); };
  const client = entity === 'clients';
  for (const c of free('email')) set(c, client ? 'email' : 'clientEmail');
  for (const c of free('phone')) set(c, client ? 'phone' : 'clientPhone');
  only(free('taxId'), client ? 'taxId' : 'clientTaxId');
  if (!client) {
    // The first date is the event's (an order's date comes before its shipping date).
    set(free('date')[0], 'date');
    const codes = free('code').filter((c) => repeats(rowsOf(rows, c.index)));
    only(codes, 'clientExternalId');
  }
  const text = free('text');
  // A clients file names each client once: a column repeating its values ("Second Class") is a category.
  const name = text.find((c) => c.kind.k === 'text' && !c.kind.long && (!client || !repeats(rowsOf(rows, c.index))));
  set(name, client ? 'name' : 'clientName');
  if (entity === 'purchases') {
    purchaseNumbers(cols, out, set);
    // Product names are the longest text (a city, country or segment is a word or two).
    set(free('text').sort((a, b) => textLen(b) - textLen(a))[0], 'product');
  }
  if (entity === 'interactions') {
    const rest = free('text');
    set(rest.find((c) => c.kind.k === 'text' && c.kind.oneWord), 'kind');
    const longest = free('text').sort((a, b) => avgLen(b) - avgLen(a))[0];
    if (longest && avgLen(longest) > 0) set(longest, 'text');
  }
  return out;
}

const textLen = (c: Col) => (c.kind.k === 'text' ? c.kind.avgLen : 0);
const avgLen = (c: Col) => (c.kind.k === 'text' && !c.kind.oneWord ? c.kind.avgLen : 0);
const rowsOf = (rows: readonly (readonly string[])[], i: number) => rows.map((r) => (r[i] ?? '').trim()).filter((v) => v !== '');

/**
 * Amount and quantity: one decimal column is the amount; with two, the one that is the other times
 * a quantity column on (nearly) every row is the amount and the other the unit price; otherwise
 * neither (a profit or discount column is decimal too). One small-integer column is the quantity.
 */
function purchaseNumbers(cols: readonly Col[], out: ColumnSuggestion[], set: (c: Col | undefined, f: TargetField) => void): void {
  const free = (k: Kind['k']) => cols.filter((c) => c.kind.k === k && !out[c.index]!.field);
  const money = free('money');
  const small = free('smallInt');
  const nums = (c: Col) => (c.kind.k === 'money' || c.kind.k === 'smallInt' ? c.kind.nums : []);
  if (money.length === 1) set(money[0], 'amount');
  else if (money.length === 2) {
    for (const q of small) {
      for (const [a, p] of [[money[0]!, money[1]!], [money[1]!, money[0]!]] as const) {
        const na = nums(a), np = nums(p), nq = nums(q);
        const fits = na.filter((x, i) => x !== null && np[i] != null && nq[i] != null && Math.abs(x - np[i]! * nq[i]!) <= 0.011 * Math.max(1, Math.abs(x))).length;
        if (fits >= na.length * FIT && !out[a.index]!.field) { set(a, 'amount'); set(p, 'unitPrice'); set(q, 'qty'); }
      }
    }
  }
  if (out.some((s) => s.field === 'amount') && !out.some((s) => s.field === 'qty')) { const s = free('smallInt'); if (s.length === 1) set(s[0], 'qty'); }
}

/**
 * The sniff's suggestions for each kind of file: from the header when the file has one (values are
 * not looked at, so a header file maps as before), from the first rows' values when it has none.
 */
export function sniffSuggestions(sniff: { hasHeader: boolean; header: readonly string[]; rows: readonly (readonly string[])[] }, defaultCountry?: CountryCode): Record<Entity, ColumnSuggestion[]> {
  const of = (e: Entity) => (sniff.hasHeader ? suggestMapping(sniff.header, e)
    : suggestFromValues(sniff.rows, e, { header: sniff.header, ...(defaultCountry ? { defaultCountry } : {}) }));
  return { clients: of('clients'), purchases: of('purchases'), interactions: of('interactions') };
}
