/**
 * The analytics area's reads and verbs: client names, overdue tasks, drill-down lists built
 * from the worker's last result, CSV downloads and bulk next-contact tasks.
 * Components call these and never see Yjs or the schema.
 */
import { base } from '../../state/base.svelte';
import { storeOf } from '../../../core/queries/store';
import { clientDisplayName, type ClientId } from '../../../core/model/client';
import { createTasksForClients } from '../../../core/commands/bulkTasks';
import { csvBytes, csvFormatFor, toCsv, type CsvCell } from '../../../core/export/csvWriter';
import { RFM_SEGMENTS } from '../../../core/analytics/rfm';
import { dayToIso, todayIso } from '../../../core/util/day';
import { ABC, XYZ, RISK, type DashboardResult, type PredictiveResult } from '../../../workers/analytics.messages';
import type { MessageKey } from '../../i18n/en';

export const clientName = (id: string): string => {
  const c = base.cache.byId.get(id as ClientId);
  return c ? clientDisplayName(c) : '';
};

export const SEG_KEYS: Record<string, MessageKey> = {
  champions: 'analytics.seg.champions', loyal: 'analytics.seg.loyal', 'potential loyalist': 'analytics.seg.potentialLoyalist',
  new: 'analytics.seg.new', promising: 'analytics.seg.promising', 'need attention': 'analytics.seg.needAttention',
  'about to sleep': 'analytics.seg.aboutToSleep', 'at risk': 'analytics.seg.atRisk', "can't lose": 'analytics.seg.cantLose',
  hibernating: 'analytics.seg.hibernating', lost: 'analytics.seg.lost',
};
export const RISK_KEYS: MessageKey[] = ['analytics.risk.active', 'analytics.risk.atRisk', 'analytics.risk.insufficient'];

export interface OverdueTask { clientId: string; due: string; about: string }

/** Open tasks due before today, oldest first (read from the record store). */
export function overdueTasks(): OverdueTask[] {
  const store = storeOf(base.doc);
  const today = todayIso();
  const out: OverdueTask[] = [];
  for (const id of store.ids('tasks')) {
    const t = store.merged('tasks', id);
    if (!t || t.doneAt || t.deletedAt || typeof t.due !== 'string' || t.due >= today || typeof t.clientId !== 'string') continue;
    const c = base.cache.byId.get(t.clientId as ClientId);
    if (!c || c.deletedAt) continue;
    out.push({ clientId: t.clientId, due: t.due, about: typeof t.about === 'string' ? t.about : '' });
  }
  return out.sort((a, b) => a.due.localeCompare(b.due));
}

export type ValueKind = 'money' | 'num' | 'pct' | 'days' | 'dec';
/** `detail` is computed on demand: only visible rows (and an export) pay for the text. */
export interface DrillRow { id: string; value: number; detail: () => string }
export interface Drill { title: string; valueKind: ValueKind; rows: DrillRow[] }

type T = (key: MessageKey, params?: Record<string, string | number>) => string;
export interface Fmt { t: T; num: (n: number, d?: number) => string; money: (n: number) => string; date: (iso: string) => string }

/**
 * The clients behind a number. `kind`/`key` come from the URL (#/dashboard/drill/kind/key).
 * Returns null when the list cannot be built (no result yet, unknown kind).
 */
export function buildDrill(kind: string, key: string, r: DashboardResult | null, p: PredictiveResult | null, ids: readonly string[], f: Fmt): Drill | null {
  if (kind === 'overdue') {
    const rows = overdueTasks().map((o) => ({ id: o.clientId, value: Math.round((Date.parse(todayIso()) - Date.parse(o.due)) / 86_400_000), detail: () => f.t('analytics.alert.overdueRow', { about: o.about, date: f.date(o.due) }) }));
    return { title: f.t('analytics.d.overdue'), valueKind: 'days', rows };
  }
  if (kind === 'predictive') {
    if (!p || !p.ok) return null;
    const rows: DrillRow[] = [];
    for (let k = 0; k < p.client.length; k++) rows.push({ id: ids[p.client[k]!]!, value: p.clv[k]!, detail: () => f.t('analytics.predictive.row', { n: f.num(p.expected[k]!, 2), p: f.num(p.alive[k]! * 100, 0) }) });
    return { title: f.t('analytics.d.predictive'), valueKind: 'money', rows };
  }
  if (!r) return null;
  const pc = r.perClient;
  const n = pc.client.length;
  const idOf = (k: number) => ids[pc.client[k]!] ?? '';
  const collect = (keep: (k: number) => boolean, value: (k: number) => number, detail: (k: number) => string = () => ''): DrillRow[] => {
    const rows: DrillRow[] = [];
    for (let k = 0; k < n; k++) if (keep(k)) rows.push({ id: idOf(k), value: value(k), detail: () => detail(k) });
    return rows;
  };
  const since = (k: number) => f.t('analytics.daysAgo', { days: pc.daysSince[k]! });
  const byValue = (rows: DrillRow[]) => rows.sort((a, b) => b.value - a.value);
  switch (kind) {
    case 'revenue': return { title: f.t('analytics.d.revenue'), valueKind: 'money', rows: collect((k) => pc.orders[k]! > 0 || pc.revenue[k] !== 0, (k) => pc.revenue[k]!, since) };
    case 'active': return { title: f.t('analytics.d.active'), valueKind: 'num', rows: byValue(collect((k) => pc.orders[k]! > 0, (k) => pc.orders[k]!, since)) };
    case 'avgCheck': return { title: f.t('analytics.d.avgCheck'), valueKind: 'money', rows: byValue(collect((k) => pc.orders[k]! > 0, (k) => pc.revenue[k]! / pc.orders[k]!, (k) => f.t('analytics.kpi.orders', { n: pc.orders[k]! }))) };
    case 'crr': return { title: f.t('analytics.d.crr'), valueKind: 'money', rows: collect((k) => pc.atStart[k] === 1, (k) => pc.revenue[k]!, (k) => (pc.retained[k] ? f.t('analytics.retained') : f.t('analytics.notRetained')) + ' · ' + since(k)) };
    case 'ltv': return { title: f.t('analytics.d.ltv'), valueKind: 'money', rows: byValue(collect((k) => Number.isFinite(pc.ltv[k]!), (k) => pc.ltv[k]!)) };
    case 'abcxyz': {
      const a = ABC.indexOf(key[0] as 'A'), x = XYZ.indexOf(key[1] as 'X');
      if (a < 0 || x < 0) return null;
      return { title: f.t('analytics.d.abcxyz', { cell: key }), valueKind: 'money', rows: collect((k) => pc.abc[k] === a && pc.xyz[k] === x, (k) => pc.revenue[k]!, since) };
    }
    case 'rfm': {
      const [rs, fs] = key.split('-').map(Number);
      if (!rs || !fs) return null;
      return { title: f.t('analytics.d.rfm', { r: rs, f: fs }), valueKind: 'days', rows: collect((k) => pc.r[k] === rs && pc.f[k] === fs, (k) => pc.daysSince[k]!, (k) => f.t('analytics.kpi.orders', { n: pc.orders[k]! })) };
    }
    case 'segment': {
      const s = RFM_SEGMENTS.indexOf(key as (typeof RFM_SEGMENTS)[number]);
      if (s < 0) return null;
      return { title: f.t('analytics.d.segment', { seg: f.t(SEG_KEYS[key]!) }), valueKind: 'money', rows: collect((k) => pc.seg[k] === s, (k) => pc.revenue[k]!, since) };
    }
    case 'dependency': return { title: f.t('analytics.d.dependency'), valueKind: 'pct', rows: r.alerts.dependency.map((d) => ({ id: ids[d.client]!, value: d.share, detail: () => d.critical ? f.t('analytics.alert.critical', { share: f.num(d.share, 1) }) : f.t('analytics.alert.warning', { share: f.num(d.share, 1), level: d.warning }) })) };
    case 'atrisk': return { title: f.t('analytics.d.atrisk'), valueKind: 'days', rows: r.alerts.atRiskKey.map((a) => ({ id: ids[a.client]!, value: a.daysSince, detail: () => f.t('analytics.alert.atRiskRow', { days: a.daysSince, ratio: f.num(a.ratio, 1) }) })) };
    case 'assortment': return { title: f.t('analytics.d.assortment'), valueKind: 'money', rows: r.alerts.assortment.map((a) => ({ id: ids[a.client]!, value: a.lost, detail: () => f.t('analytics.alert.assortmentRow', { was: a.dropped.map((d) => d.category).join(', '), now: a.still.join(', ') }) })) };
    case 'risk': {
      const s = RISK.indexOf(key as (typeof RISK)[number]);
      return { title: f.t(RISK_KEYS[s] ?? 'analytics.risk.atRisk'), valueKind: 'days', rows: collect((k) => pc.risk[k] === s, (k) => pc.daysSince[k]!) };
    }
    default: return null;
  }
}

/** Value as shown on screen. */
export function formatValue(v: number, kind: ValueKind, f: Fmt): string {
  if (!Number.isFinite(v)) return '';
  switch (kind) {
    case 'money': return f.money(v);
    case 'pct': return `${f.num(v, 1)} %`;
    case 'dec': return f.num(v, 2);
    default: return f.num(v);
  }
}

/** A drill-down as CSV: UTF-8 BOM, `;` for ru/mk, formula-safe cells (core/export writer). */
export function drillCsv(d: Drill, locale: string, f: Fmt): Uint8Array {
  const rows: CsvCell[][] = [[f.t('analytics.col.client'), f.t('analytics.col.id'), f.t('analytics.col.value'), f.t('analytics.col.detail')]];
  for (const r of d.rows) rows.push([clientName(r.id) || f.t('analytics.unknownClient'), r.id, Number.isFinite(r.value) ? Math.round(r.value * 100) / 100 : null, r.detail()]);
  return csvBytes(toCsv(rows, csvFormatFor(locale)));
}

export function downloadBytes(bytes: Uint8Array, name: string, type = 'text/csv;charset=utf-8'): void {
  const url = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** One transaction for the whole list; a client already planned that day is skipped. */
export function createTasksFor(ids: readonly string[], due: string, about: string) {
  return createTasksForClients(base.ctx, ids, due, about);
}

export const tomorrowIso = (): string => dayToIso(Math.floor(Date.parse(todayIso()) / 86_400_000) + 1);
