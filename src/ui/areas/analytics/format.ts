/**
 * i18n.num / i18n.money with the Intl formatters cached per locale (same options, same output).
 * The dashboard formats thousands of numbers (cohort cells, drill-down rows, tables), and
 * i18n builds a new Intl.NumberFormat per call (~20–50 µs each): 20 000 drill-down rows cost
 * the main thread more than 50 ms. Suggested upstream: cache in src/ui/i18n/index.svelte.ts.
 */
import { i18n, t } from '../../i18n/index.svelte';
import type { MessageKey } from '../../i18n/en';

const cache = new Map<string, Intl.NumberFormat>();
function nf(key: string, make: () => Intl.NumberFormat): Intl.NumberFormat {
  let f = cache.get(key);
  if (!f) { f = make(); cache.set(key, f); }
  return f;
}

export const num = (n: number, digits = 0): string => {
  const l = i18n.locale;
  return nf(`n|${l}|${digits}`, () => new Intl.NumberFormat(l, { maximumFractionDigits: digits })).format(n);
};

export const money = (n: number, currency: string): string => {
  const l = i18n.locale;
  try { return nf(`m|${l}|${currency}`, () => new Intl.NumberFormat(l, { style: 'currency', currency, maximumFractionDigits: 0 })).format(n); }
  catch { return num(n); }
};

/** t() with number parameters formatted through the cached formatter. */
export const tf = (key: MessageKey, params?: Record<string, string | number>): string => {
  if (!params) return t(key);
  const p: Record<string, string> = {};
  for (const [k, v] of Object.entries(params)) p[k] = typeof v === 'number' ? num(v) : v;
  return t(key, p);
};
