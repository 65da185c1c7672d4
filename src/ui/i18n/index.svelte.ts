import { en, type MessageKey } from './en';
import { ru } from './ru';
import { mk } from './mk';

export type Locale = 'ru' | 'en' | 'mk';
export const LOCALES: { code: Locale; label: string }[] = [
  { code: 'ru', label: 'Русский' }, { code: 'en', label: 'English' }, { code: 'mk', label: 'Македонски' },
];
const DICTS: Record<Locale, Record<MessageKey, string>> = { en, ru, mk };
const KEY = 'kartoteka.locale';

/** Follows the browser language until the user picks one in settings (kept per laptop). */
function initial(): Locale {
  const saved = globalThis.localStorage?.getItem(KEY);
  if (saved === 'ru' || saved === 'en' || saved === 'mk') return saved;
  for (const l of globalThis.navigator?.languages ?? []) {
    const code = l.slice(0, 2).toLowerCase();
    if (code === 'ru' || code === 'en' || code === 'mk') return code;
  }
  return 'en';
}

// Intl formatters are costly to build (~20 µs): lists of thousands of numbers reuse them.
// A plain cache, not state: nothing renders from it directly.
// eslint-disable-next-line svelte/prefer-svelte-reactivity
const formatters = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();
function nf(locale: string, opts: Intl.NumberFormatOptions): Intl.NumberFormat {
  const k = `n|${locale}|${JSON.stringify(opts)}`;
  let f = formatters.get(k) as Intl.NumberFormat | undefined;
  if (!f) { f = new Intl.NumberFormat(locale, opts); formatters.set(k, f); }
  return f;
}
function df(locale: string, withTime = false): Intl.DateTimeFormat {
  const k = `d|${locale}|${withTime}`;
  let f = formatters.get(k) as Intl.DateTimeFormat | undefined;
  if (!f) { f = new Intl.DateTimeFormat(locale, withTime ? { dateStyle: 'medium', timeStyle: 'short' } : { dateStyle: 'medium' }); formatters.set(k, f); }
  return f;
}

class I18n {
  locale = $state<Locale>(initial());
  set(l: Locale): void {
    this.locale = l;
    globalThis.localStorage?.setItem(KEY, l);
    document.documentElement.lang = l;
  }
  t = (key: MessageKey, params?: Record<string, string | number>): string => {
    let s = DICTS[this.locale][key] ?? en[key];
    if (params) for (const [k, v] of Object.entries(params)) s = s.replaceAll(`{${k}}`, typeof v === 'number' ? this.num(v) : v);
    return s;
  };
  num = (n: number, digits = 0): string => nf(this.locale, { maximumFractionDigits: digits }).format(n);
  money = (n: number, currency: string): string => {
    try { return nf(this.locale, { style: 'currency', currency, maximumFractionDigits: 0 }).format(n); }
    catch { return this.num(n); }
  };
  date = (iso: string): string => {
    if (!iso) return '';
    const d = new Date(iso.length === 10 ? iso + 'T00:00:00' : iso);
    return Number.isNaN(d.getTime()) ? iso : df(this.locale).format(d);
  };
  /** Date and time of an event ("2 мар. 2026 г., 14:05"); the text as is when it is not a date. */
  dateTime = (iso: string): string => {
    const d = new Date(iso);
    return Number.isNaN(d.getTime()) ? iso : df(this.locale, true).format(d);
  };
  bytes = (n: number): string => nf(this.locale, { style: 'unit', unit: n > 1e9 ? 'gigabyte' : 'megabyte', maximumFractionDigits: 1 }).format(n > 1e9 ? n / 1e9 : n / 1e6);
}

export const i18n = new I18n();
export const t = i18n.t;
