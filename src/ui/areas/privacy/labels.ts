import { base } from '../../state/base.svelte';
import { i18n, t } from '../../i18n/index.svelte';
import { en, type MessageKey } from '../../i18n/en';

const has = (k: string): k is MessageKey => Object.prototype.hasOwnProperty.call(en, k);

/** A client field's name in the UI language (history, merge screen, segment rules). */
export function fieldLabel(field: string): string {
  if (field.startsWith('custom:') || field.startsWith('cf:')) {
    const id = field.slice(field.indexOf(':') + 1);
    return t('privacy.field.custom', { label: base.fieldDefs.find((d) => d.id === id)?.label ?? id });
  }
  if (field.startsWith('optout:')) field = `optout${field[7]!.toUpperCase()}${field.slice(8)}`;
  for (const k of [`privacy.field.${field}`, `privacy.seg.field.${field}`]) if (has(k)) return t(k);
  return field;
}

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/** A stored value as a person reads it. */
export function formatValue(field: string, v: unknown): string {
  if (v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0)) return '—';
  if (field === 'managerId' && typeof v === 'string') return base.memberName(v) || '—';
  if (field === 'kind') return v === 'person' ? t('card.person') : t('card.company');
  if (typeof v === 'boolean') return v ? t('privacy.yes') : t('privacy.no');
  if (typeof v === 'number') return i18n.num(v, 2);
  if (typeof v === 'string') return ISO_TIME.test(v) ? i18n.dateTime(v) : v;
  if (Array.isArray(v)) return v.map((x) => formatValue('', x)).join(', ');
  if (typeof v === 'object') {
    const a = v as Record<string, unknown>;
    if ('city' in a || 'line' in a) return [a.line, a.postalCode, a.city, a.country].filter((x) => typeof x === 'string' && x).join(', ') || '—';
    return JSON.stringify(v);
  }
  return String(v);
}


/** The display name of a client, translated when it is an erased tombstone. */
export function shownName(c: { name: string; erasedAt?: string }): string {
  return c.erasedAt ? t('privacy.erased') : c.name;
}
