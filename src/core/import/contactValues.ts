import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import { err, ok, type Result } from '../util/result';

export type { CountryCode };

/**
 * Normalises a phone number to E.164 with libphonenumber-js. Numbers without a country prefix are
 * read in `defaultCountry` (the row's country when the file has one, else the team's).
 * An error means "keep it as typed": the caller decides whether to warn.
 */
export function parsePhone(value: string, defaultCountry: CountryCode): Result<string> {
  const v = value.trim();
  if (!v) return err('empty');
  // "00 389 …" is the international prefix written out; libphonenumber wants "+".
  const text = v.replace(/^00(?=[1-9])/, '+');
  const p = parsePhoneNumberFromString(text, { defaultCountry, extract: false });
  if (!p) return err(`"${v}" is not a phone number`);
  if (!p.isValid()) return err(`"${v}" is not a valid ${p.country ?? defaultCountry} number`);
  return ok(p.number);
}

const EMAIL_RE = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:".]{2,}$/u;

/** Trims, removes a `mailto:` or `<…>` wrapper, lower-cases and checks the shape of an e-mail. */
export function parseEmail(value: string): Result<string> {
  let v = value.trim();
  if (!v) return err('empty');
  v = v.replace(/^mailto:/i, '');
  const angle = /<([^>]+)>\s*$/.exec(v);
  if (angle) v = angle[1]!.trim();
  v = v.toLowerCase();
  return EMAIL_RE.test(v) ? ok(v) : err(`"${value.trim()}" is not an e-mail address`);
}
