/**
 * Typed messages between the dashboard and the analytics worker.
 *
 * Flow: `chunks` (copies of the stored purchase chunks, a few per message, buffers transferred)
 * then `build` with the client directory → the worker decodes them into the table → `loaded`
 * (the table's client ids and categories, for drill-downs and filters); then small `run`
 * requests {analysis, period, filters} → `result` | `failed`. `attrs` replaces only the client
 * directory (a client edit does not resend a million lines). Decoding happens in the worker so
 * the main thread only copies bytes.
 * Every request carries an `id`, echoed back; the UI ignores answers to superseded requests.
 * Results name clients by index into the table's `clientIds`, which the UI keeps.
 */
import type { AnalyticsFilters, ClientDirectory } from '../core/queries/analyticsInput';
import type { CohortRow } from '../core/analytics/cohort';

/** Half-open day range [fromDay, toDay) (days since 1970-01-01). */
export interface DayPeriod { fromDay: number; toDay: number }

export type AnalysisKind = 'dashboard' | 'predictive';

export interface RunOptions {
  /** Days without a purchase after which a client no longer counts as active (CRR). */
  activeWindowDays: number;
  /** Predictive horizon in weeks. */
  horizonWeeks?: number;
}

export type AnalyticsRequest =
  | { type: 'chunks'; id: number; reset: boolean; chunks: Uint8Array[] }
  | { type: 'build'; id: number; rev: number; dir: ClientDirectory }
  | { type: 'attrs'; id: number; dir: ClientDirectory }
  | { type: 'run'; id: number; analysis: AnalysisKind; period: DayPeriod; filters: AnalyticsFilters; options: RunOptions };

export const ABC = ['A', 'B', 'C'] as const;
export const XYZ = ['X', 'Y', 'Z'] as const;
/** Dormant status codes of `PerClient.risk`. */
export const RISK = ['active', 'at risk', 'insufficient history'] as const;

/**
 * Per-client figures for the period, columnar, clients with a line in the period sorted by
 * revenue (largest first). Codes: abc/xyz index into ABC/XYZ; seg into RFM_SEGMENTS (255 = none);
 * r/f/m 1–5 (0 = none); risk into RISK.
 */
export interface PerClient {
  client: Int32Array;
  revenue: Float64Array;
  orders: Int32Array;
  lastDay: Int32Array;
  share: Float64Array;
  abc: Uint8Array;
  xyz: Uint8Array;
  seg: Uint8Array;
  r: Uint8Array;
  f: Uint8Array;
  m: Uint8Array;
  ltv: Float64Array;
  risk: Uint8Array;
  daysSince: Int32Array;
  /** 1 when the client was active at the period start and again at its end (CRR's E − N ∩ S). */
  retained: Uint8Array;
  /** 1 when active at the period start (CRR's S). */
  atStart: Uint8Array;
}

export interface Kpis {
  revenue: number;
  previousRevenue: number;
  activeClients: number;
  orders: number;
  avgCheck: number;
  crr: number | null;
  S: number;
  E: number;
  N: number;
  ltv: number;
  ltvFactors: { S: number; C: number; P: number; T: number };
  hhi: number;
}

export interface TrendPoint { month: string; revenue: number; clients: number }

export interface DependencyAlert { client: number; share: number; warning: number; critical: boolean }
export interface AtRiskAlert { client: number; daysSince: number; ratio: number; revenue: number }
export interface AssortmentAlert { client: number; lost: number; dropped: { category: string; previousRevenue: number }[]; still: string[] }

export interface DashboardResult {
  period: DayPeriod;
  basis: 'revenue' | 'margin';
  kpis: Kpis;
  perClient: PerClient;
  trend: TrendPoint[];
  /** Cells in ABC×XYZ order AX, AY, AZ, BX, … with count and value. */
  abcXyz: { cell: string; count: number; value: number }[];
  /** rfm[r-1][f-1] = { count, revenue }. */
  rfm: { count: number; revenue: number }[][];
  segments: { segment: string; count: number }[];
  pareto: { rankShare: number; cumulativeShare: number }[];
  cohorts: CohortRow[];
  topShares: { client: number; share: number }[];
  alerts: { dependency: DependencyAlert[]; atRiskKey: AtRiskAlert[]; assortment: AssortmentAlert[] };
  ms: number;
}

export interface PredictiveResult {
  ok: boolean;
  error?: string;
  params?: { r: number; alpha: number; a: number; b: number; p?: number; q?: number; v?: number };
  horizonWeeks: number;
  /** Clients with at least one purchase before the period end, sorted by CLV (largest first). */
  client: Int32Array;
  expected: Float64Array;
  alive: Float64Array;
  clv: Float64Array;
  totalExpected: number;
  totalClv: number;
  ms: number;
}

export type AnalyticsResponse =
  | { type: 'loaded'; id: number; rev: number; lines: number; clients: number; ms: number; clientIds: string[]; categories: string[]; minDay: number | null }
  | { type: 'result'; id: number; analysis: 'dashboard'; result: DashboardResult }
  | { type: 'result'; id: number; analysis: 'predictive'; result: PredictiveResult }
  | { type: 'failed'; id: number; error: string };

/** Narrowing for the worker side: messages are data, checked before use. */
export function isAnalyticsRequest(v: unknown): v is AnalyticsRequest {
  if (typeof v !== 'object' || v === null) return false;
  const m = v as Record<string, unknown>;
  if (typeof m.id !== 'number') return false;
  if (m.type === 'chunks') return typeof m.reset === 'boolean' && Array.isArray(m.chunks) && m.chunks.every((c) => c instanceof Uint8Array);
  if (m.type === 'build' || m.type === 'attrs') return isDirectory(m.dir) && (m.type === 'attrs' || typeof m.rev === 'number');
  if (m.type !== 'run') return false;
  const p = m.period as Record<string, unknown> | null;
  return (m.analysis === 'dashboard' || m.analysis === 'predictive') && typeof p === 'object' && p !== null
    && typeof p.fromDay === 'number' && typeof p.toDay === 'number' && typeof m.filters === 'object' && m.filters !== null
    && typeof m.options === 'object' && m.options !== null;
}

function isDirectory(v: unknown): v is ClientDirectory {
  if (typeof v !== 'object' || v === null) return false;
  const d = v as Record<string, unknown>;
  const a = d.attrs as Record<string, unknown> | null;
  if (!Array.isArray(d.ids) || typeof a !== 'object' || a === null) return false;
  const n = d.ids.length;
  const i32 = (x: unknown, len: number) => x instanceof Int32Array && x.length === len;
  const u8 = (x: unknown) => x instanceof Uint8Array && x.length === n;
  return i32(a.segment, n) && i32(a.manager, n) && i32(a.tagOffsets, n + 1) && a.tagList instanceof Int32Array && u8(a.isKey) && u8(a.missing)
    && Array.isArray(a.segments) && Array.isArray(a.managers) && Array.isArray(a.tags);
}

/** Buffers of a result to transfer back (typed arrays of the per-client columns). */
export function resultTransfer(r: DashboardResult | PredictiveResult): ArrayBuffer[] {
  const cols = 'perClient' in r ? Object.values(r.perClient) : [r.client, r.expected, r.alive, r.clv];
  return [...new Set(cols.map((c: ArrayBufferView) => c.buffer as ArrayBuffer))];
}
