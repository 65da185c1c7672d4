import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import { err, ok, type Result } from '../util/result';

export type { CountryCode };

/**
 * Characters that copy along from web pages and Word without being seen (zero-width space,
 * joiners, BOM, soft hyphen): never part of a phone or an address, and they make "a@b.mk" ≠ "a@b.mk".
 * NBSP is trimmed at the ends by `trim()`.
 */
const INVISIBLE = /[\u00ad\u200b-\u200d\u2060\ufeff]/g;
const clean = (value: string): string => value.replace(INVISIBLE, '').trim();

/** A phone number: E.164, and the extension (digits, '' when none) that E.164 cannot hold. */
export interface PhoneParts { number: string; ext: string }

/**
 * Reads a phone number with libphonenumber-js. Numbers without a country prefix are read in
 * `defaultCountry` (the row's country when the file has one, else the team's).
 */
export function parsePhoneParts(value: string, defaultCountry: CountryCode): Result<PhoneParts> {
  const v = clean(value);
  if (!v) return err('empty');
  const text = v
    // Excel / pandas write a numeric column as floats: "79123456789.0" is the number 79123456789.
    .replace(/^(\+?\d+)\.0+$/, '$1')
    // "00 389 …", "00-1-212 …" is the international prefix written out; libphonenumber wants "+".
    .replace(/^00[\s.-]*(?=[1-9])/, '+');
  const p = parsePhoneNumberFromString(text, { defaultCountry, extract: false });
  if (!p) return err(`"${v}" is not a phone number`);
  if (!p.isValid()) return err(`"${v}" is not a valid ${p.country ?? defaultCountry} number`);
  return ok({ number: p.number, ext: p.ext ?? '' });
}

/**
 * E.164 for a phone cell. An error means "keep it as typed": the caller decides whether to warn.
 * A number with an extension is such an error (its message names the extension): a client's phone
 * is one E.164 string, so returning the number alone would drop the extension without a word.
 * Callers that can warn take `parsePhoneParts` instead.
 */
export function parsePhone(value: string, defaultCountry: CountryCode): Result<string> {
  const p = parsePhoneParts(value, defaultCountry);
  if (!p.ok) return p;
  if (p.value.ext) return err(`"${clean(value)}" is ${p.value.number} with extension ${p.value.ext}, which a phone field cannot hold`);
  return ok(p.value.number);
}

const EMAIL_RE = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:".]{2,}$/u;

/** The address in one cell's text (cleaned), or null: `mailto:` and a `Name <…>` wrapper removed, lower case. */
function readEmail(v: string): string | null {
  let a = v.replace(/^mailto:/i, '');
  const angle = /<([^>]+)>\s*$/.exec(a);
  if (angle) a = angle[1]!.trim();
  a = a.toLowerCase();
  return EMAIL_RE.test(a) ? a : null;
}

/** Trims, removes a `mailto:` or `<…>` wrapper and invisible characters, lower-cases and checks the shape of an e-mail. */
export function parseEmail(value: string): Result<string> {
  const v = clean(value);
  if (!v) return err('empty');
  const e = readEmail(v);
  if (e) return ok(e);
  // Say why, so the warning of a caller that reads one address per cell is not "not an e-mail".
  const several = parseEmails(v);
  return err(several.ok && several.value.emails.length > 1
    ? `"${v}" holds ${several.value.emails.length} addresses, not one`
    : `"${v}" is not an e-mail address`);
}

/** The addresses of one cell, and the parts of it that are not addresses (for a warning). */
export interface EmailList { emails: string[]; rejected: string[] }

/**
 * All e-mails of a cell: exports put several in one ("a@alfa.mk; b@alfa.mk", "a@x.mk, b@x.mk",
 * "a@x.mk b@x.mk"). Split on `;` and `,` first, so "Ivan <ivan@x.mk>, b@x.mk" keeps its display
 * name; a part that is still no address is split on white space, and its other words are one
 * rejected part. Duplicates are dropped. An error only when no part is an address.
 */
export function parseEmails(value: string): Result<EmailList> {
  const v = clean(value);
  if (!v) return err('empty');
  const out: EmailList = { emails: [], rejected: [] };
  const add = (e: string) => { if (!out.emails.includes(e)) out.emails.push(e); };
  for (const part of v.split(/[;,]/).map(clean).filter(Boolean)) {
    const one = readEmail(part);
    if (one) { add(one); continue; }
    const rest: string[] = [];
    for (const w of part.split(/\s+/)) { const e = readEmail(w); if (e) add(e); else rest.push(w); }
    if (rest.length) out.rejected.push(rest.join(' '));
  }
  return out.emails.length ? ok(out) : err(`"${v}" is not an e-mail address`);
}
