/// <reference lib="webworker" />
/**
 * Analytics worker: receives copies of the stored purchase chunks, decodes them into the
 * columnar table (so the main thread never does), keeps it with the client attributes, and
 * answers small {analysis, period, filters} requests. All logic lives in
 * analytics.compute.ts (pure, tested in Node) and src/core/analytics.
 * Filtered tables are cached per filter key, so changing only the period reuses the
 * analyses' per-table caches (client index).
 */
import { dayRange, type PurchaseTable } from '../core/analytics/table';
import { alignAttrs, applyFilters, tableFromRaw, type AnalyticsFilters, type ClientAttrs } from '../core/queries/analyticsInput';
import { computeDashboard, computePredictive } from './analytics.compute';
import { isAnalyticsRequest, resultTransfer, type AnalyticsResponse } from './analytics.messages';

declare const self: DedicatedWorkerGlobalScope;

let table: PurchaseTable | null = null;
let attrs: ClientAttrs | null = null;
let incoming: Uint8Array[] = [];
const filtered = new Map<string, PurchaseTable>();

function post(msg: AnalyticsResponse, transfer: Transferable[] = []): void {
  self.postMessage(msg, transfer);
}

function filteredTable(f: AnalyticsFilters): PurchaseTable {
  const key = JSON.stringify([f.segment ?? '', f.manager ?? '', f.tag ?? '', f.category ?? '']);
  let t = filtered.get(key);
  if (!t) {
    t = applyFilters(table!, attrs!, f);
    if (filtered.size > 8) filtered.clear();
    filtered.set(key, t);
  }
  return t;
}

self.onmessage = (ev: MessageEvent<unknown>) => {
  const msg = ev.data;
  if (!isAnalyticsRequest(msg)) return;
  const { id } = msg;
  try {
    if (msg.type === 'chunks') {
      if (msg.reset) incoming = [];
      incoming.push(...msg.chunks);
      return;
    }
    if (msg.type === 'build') {
      const t0 = performance.now();
      // Malformed chunks (from a peer or a file) are skipped by the decoder, never fatal.
      table = tableFromRaw(incoming);
      incoming = []; // the table holds what is needed; the bytes can go
      attrs = alignAttrs(msg.dir, table.clientIds);
      filtered.clear();
      post({ type: 'loaded', id, rev: msg.rev, lines: table.n, clients: table.clientIds.length, ms: performance.now() - t0, clientIds: table.clientIds, categories: table.categories, minDay: dayRange(table)?.fromDay ?? null });
      return;
    }
    if (msg.type === 'attrs') { if (table) attrs = alignAttrs(msg.dir, table.clientIds); filtered.clear(); return; }
    if (!table || !attrs) { post({ type: 'failed', id, error: 'no data loaded' }); return; }
    const t = filteredTable(msg.filters);
    if (msg.analysis === 'dashboard') {
      const result = computeDashboard(t, attrs, msg.period, msg.options);
      post({ type: 'result', id, analysis: 'dashboard', result }, resultTransfer(result));
    } else {
      const result = computePredictive(t, msg.period, msg.options);
      post({ type: 'result', id, analysis: 'predictive', result }, resultTransfer(result));
    }
  } catch (e) {
    post({ type: 'failed', id, error: e instanceof Error ? e.message : String(e) });
  }
};
