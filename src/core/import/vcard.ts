import { err, ok, type Result } from '../util/result';
import { decodeBytes, detectEncoding } from './encoding';
import { fileProblem, type FileProblem } from './problem';

export { planVcards } from './vcardPlan';
export type { VcardPlanOptions } from './vcardPlan';

/**
 * vCard 2.1 / 3.0 / 4.0 reader. Hand-written on purpose: the npm parsers we looked at (vcf,
 * vcard4, vcard4-ts, ical.js) cover 3.0/4.0 only and do not decode 2.1's QUOTED-PRINTABLE with
 * soft line breaks and per-property CHARSET, which Outlook, Android and Nokia-era exports use.
 * It reads only what the CRM keeps (names, organisation, phones, e-mails, addresses, URL, birthday, note).
 */
export interface VCard {
  version: string;
  fn: string;
  family: string;
  given: string;
  /** The organisation's name: ORG's first component. */
  org: string;
  /** ORG's further components (department, unit), joined with ", ": a part of the company, not another one. */
  department: string;
  title: string;
  tels: { value: string; types: string[] }[];
  emails: { value: string; types: string[] }[];
  adrs: { street: string; city: string; region: string; postalCode: string; country: string; types: string[] }[];
  urls: string[];
  bday: string; // YYYY-MM-DD or ''
  note: string;
  categories: string[];
}

interface Prop { name: string; params: Map<string, string[]>; value: string }

const emptyCard = (): VCard => ({ version: '', fn: '', family: '', given: '', org: '', department: '', title: '', tels: [], emails: [], adrs: [], urls: [], bday: '', note: '', categories: [] });

/** Splits on `sep` outside double quotes. */
function splitOutsideQuotes(s: string, sep: string, limit = Infinity): string[] {
  const out: string[] = [];
  let cur = '', q = false;
  for (const ch of s) {
    if (ch === '"') q = !q;
    if (ch === sep && !q && out.length < limit - 1) { out.push(cur); cur = ''; continue; }
    cur += ch;
  }
  out.push(cur);
  return out;
}

function parseLine(line: string): Prop | null {
  const [head, ...rest] = splitOutsideQuotes(line, ':', 2);
  if (head === undefined || rest.length === 0) return null;
  const [nameWithGroup = '', ...paramParts] = splitOutsideQuotes(head, ';');
  const name = (nameWithGroup.split('.').pop() ?? '').toUpperCase(); // "item1.TEL" → TEL
  const params = new Map<string, string[]>();
  for (const p of paramParts) {
    const eq = p.indexOf('=');
    // vCard 2.1 bare parameters: "TEL;WORK;VOICE", "ENCODING=QUOTED-PRINTABLE" or just "QUOTED-PRINTABLE".
    const key = eq < 0 ? (/^(QUOTED-PRINTABLE|BASE64|8BIT|7BIT)$/i.test(p) ? 'ENCODING' : 'TYPE') : p.slice(0, eq).toUpperCase();
    const vals = (eq < 0 ? p : p.slice(eq + 1)).replace(/^"|"$/g, '').split(',').map((v) => v.trim()).filter(Boolean);
    params.set(key, [...(params.get(key) ?? []), ...vals]);
  }
  return { name, params, value: rest[0] ?? '' };
}

const isQp = (head: string) => /(^|;)(ENCODING=)?QUOTED-PRINTABLE(;|:|$)/i.test(head);

/** Joins folded lines: RFC folding (leading space/TAB) and 2.1 quoted-printable soft breaks (trailing "="). */
function unfold(text: string): string[] {
  const raw = text.split(/\r\n|\n|\r/);
  const lines: string[] = [];
  for (const l of raw) {
    const prev = lines.length ? lines[lines.length - 1]! : null;
    if (prev !== null && /^[ \t]/.test(l) && !(isQp(prev.split(':')[0] ?? '') && prev.endsWith('='))) {
      lines[lines.length - 1] = prev + l.slice(1);
    } else if (prev !== null && isQp(prev.split(':')[0] ?? '') && prev.endsWith('=')) {
      lines[lines.length - 1] = prev.slice(0, -1) + l;
    } else lines.push(l);
  }
  return lines;
}

/** Decodes QUOTED-PRINTABLE into bytes, then the bytes with the property's CHARSET (UTF-8 by default). */
function decodeQp(value: string, charset: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < value.length; i++) {
    const hex = value.slice(i + 1, i + 3);
    if (value[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(hex)) { bytes.push(parseInt(hex, 16)); i += 2; }
    else { const c = value.charCodeAt(i); if (c < 0x80) bytes.push(c); else bytes.push(...new TextEncoder().encode(value[i]!)); }
  }
  try { return new TextDecoder(charset || 'utf-8').decode(new Uint8Array(bytes)); }
  catch { return new TextDecoder('utf-8').decode(new Uint8Array(bytes)); }
}

/** 3.0/4.0 text escapes: \n, \, \; \\ (2.1 has none, but the sequences do not occur in its text). */
const unescape = (s: string) => s.replace(/\\([nN,;\\:])/g, (_, c: string) => (c === 'n' || c === 'N' ? '\n' : c));

/**
 * Splits on `sep` where it is not escaped. A lookbehind for one backslash is not enough: in
 * `a\\;b` the backslash is itself escaped, so the `;` separates (a part ending in "\" shifted
 * every later ADR/N field). Escapes stay in the parts for `unescape`.
 */
function splitUnescaped(s: string, sep: string): string[] {
  const out: string[] = [];
  let cur = '';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (ch === '\\' && i + 1 < s.length) { cur += ch + s[i + 1]!; i++; continue; }
    if (ch === sep) { out.push(cur); cur = ''; continue; }
    cur += ch;
  }
  out.push(cur);
  return out;
}
const splitStructured = (s: string) => splitUnescaped(s, ';').map((p) => unescape(p).trim());

/**
 * A URI never holds raw whitespace: an escaped or real line break in a URL value is the end of
 * it (`URL:http://a.mk\nBDAY:…` must not become a two-line website).
 */
const uriOf = (s: string): string => unescape(s).trim().split(/\s/)[0] ?? '';

function bdayOf(v: string): string {
  const m = /^(\d{4})-?(\d{2})-?(\d{2})/.exec(v.trim());
  return m ? `${m[1]}-${m[2]}-${m[3]}` : '';
}

function apply(card: VCard, p: Prop): void {
  const enc = (p.params.get('ENCODING') ?? [])[0]?.toUpperCase();
  if (enc === 'BASE64' || enc === 'B') return; // photos, keys
  const raw = enc === 'QUOTED-PRINTABLE' ? decodeQp(p.value, (p.params.get('CHARSET') ?? [])[0] ?? '') : p.value;
  const types = (p.params.get('TYPE') ?? []).map((t) => t.toLowerCase());
  switch (p.name) {
    case 'VERSION': card.version = raw.trim(); break;
    case 'FN': card.fn = unescape(raw).trim(); break;
    case 'N': { const [family = '', given = ''] = splitStructured(raw); card.family = family; card.given = given; break; }
    case 'ORG': {
      // ORG is "name;unit;unit…": the units are departments of one company, not companies.
      const [name = '', ...units] = splitStructured(raw);
      if (!card.org) { card.org = name; card.department = units.filter(Boolean).join(', '); }
      break;
    }
    case 'TITLE': card.title = unescape(raw).trim(); break;
    case 'ROLE': if (!card.title) card.title = unescape(raw).trim(); break;
    case 'TEL': { const v = unescape(raw).replace(/^tel:/i, '').trim(); if (v) card.tels.push({ value: v, types }); break; }
    case 'EMAIL': { const v = unescape(raw).replace(/^mailto:/i, '').trim(); if (v) card.emails.push({ value: v, types }); break; }
    case 'ADR': {
      const [, ext = '', street = '', city = '', region = '', postalCode = '', country = ''] = splitStructured(raw);
      const line = [street, ext].filter(Boolean).join(', ');
      if (line || city || postalCode || country) card.adrs.push({ street: line, city, region, postalCode, country, types });
      break;
    }
    case 'URL': { const v = uriOf(raw); if (v) card.urls.push(v); break; }
    case 'BDAY': card.bday = bdayOf(raw); break;
    case 'NOTE': card.note = card.note ? `${card.note}\n${unescape(raw)}` : unescape(raw); break;
    case 'CATEGORIES': card.categories.push(...splitUnescaped(raw, ',').map((c) => unescape(c).trim()).filter(Boolean)); break;
  }
}

/** Reads every BEGIN:VCARD…END:VCARD in a file (any version, any mix). An empty result is an error value. */
export function parseVcards(bytes: Uint8Array): Result<VCard[], FileProblem> {
  const enc = detectEncoding(bytes);
  if (!enc.ok) return enc;
  const text = decodeBytes(bytes, enc.value.encoding, enc.value.bomLength);
  if (!text.ok) return text;
  const cards: VCard[] = [];
  let card: VCard | null = null;
  for (const line of unfold(text.value)) {
    if (!line.trim()) continue;
    const upper = line.trim().toUpperCase();
    if (upper === 'BEGIN:VCARD') { card = emptyCard(); continue; }
    if (upper === 'END:VCARD') { if (card) cards.push(card); card = null; continue; }
    if (!card) continue;
    const p = parseLine(line);
    if (p) apply(card, p);
  }
  if (!cards.length) return err(fileProblem('not-a-table', 'No vCard (BEGIN:VCARD … END:VCARD) found in the file.'));
  return ok(cards);
}
