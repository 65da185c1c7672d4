/**
 * Plural forms for counted import messages: a message `base` has the keys `base.one`, `base.few`,
 * `base.many` and `base.other` in every locale (ru needs all four; en and mk repeat `other`).
 * Intl.PluralRules picks the category, so "1 row" / "2 rows", "1 строка" / "2 строки" / "5 строк".
 */
export type PluralCategory = 'one' | 'few' | 'many' | 'other';

// Building PluralRules costs as much as a NumberFormat; one per locale is enough.
const rules = new Map<string, Intl.PluralRules>();

export function pluralCategory(locale: string, n: number): PluralCategory {
  let r = rules.get(locale);
  if (!r) { r = new Intl.PluralRules(locale); rules.set(locale, r); }
  const c = r.select(n);
  // 'zero' and 'two' exist in other languages only; the UI's locales never return them.
  return c === 'one' || c === 'few' || c === 'many' ? c : 'other';
}
