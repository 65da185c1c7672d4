import { t } from '../../i18n/index.svelte';
import type { MessageKey } from '../../i18n/en';
import { DEFAULT_STAGES, type Stage } from '../../../core/model/plan';

/** Translated names of the work area's enumerations (keys built from the stored values). */
export const kindLabel = (k: string): string => t(`work.kind.${k}` as MessageKey);
export const reasonLabel = (r: string): string => (r ? t(`work.reason.${r}` as MessageKey) : '');
export const markLabel = (m: string): string => t(`work.mark.${m}` as MessageKey);
export const stageLabel = (s: Stage): string =>
  s.label || ((DEFAULT_STAGES as readonly string[]).includes(s.id) ? t(`work.stage.${s.id}` as MessageKey) : s.id);
export const pct = (p: number): string => `${Math.round(p * 100)} %`;

/** A command's error in the user's language (unknown errors are shown as they are). */
export function errText(e: string): string {
  if (e === 'read-only') return t('work.err.readOnly');
  if (e.includes('date')) return t('work.err.date');
  if (e.startsWith('amount')) return t('work.err.amount');
  if (e.startsWith('probability')) return t('work.err.probability');
  if (e === 'no such client') return t('work.err.noClient');
  if (e === 'say what the other reason is') return t('work.lost.needNote');
  return e;
}

/** A history entry's field and values in words where the work area knows them. */
export function changeText(field: string, from: unknown, to: unknown): string {
  const v = (x: unknown): string => (x === null || x === undefined || x === '' ? '—' : typeof x === 'object' ? JSON.stringify(x) : String(x));
  if (field.startsWith('mark:') || field.startsWith('loyalty:')) {
    return `${markLabel(field.slice(field.indexOf(':') + 1))}: ${to === true ? '✓' : '✗'}`;
  }
  if (field === 'lostReason') return `${t('work.lost.title')}: ${reasonLabel(String(from ?? '')) || '—'} → ${reasonLabel(String(to ?? '')) || '—'}`;
  if (field === 'lostAt') return to ? t('work.lost.title') : t('work.lost.wonBack');
  return `${field} ${v(from)} → ${v(to)}`;
}
