/**
 * The dashboard's link to the analytics worker. Sends copies of the stored purchase chunks
 * a few at a time (the main thread only copies bytes; decoding a million lines into the table
 * happens in the worker), then the client directory, then asks for analyses with small
 * {analysis, period, filters} requests.
 * After changes to the base (base.rev) it rebuilds at most every ~2 s; when the purchase
 * chunks are the same objects as last time only the client attributes are resent.
 * One instance for the app: drill-down pages reuse the last result without recomputing.
 */
import { base } from '../../state/base.svelte';
import { rawChunks, clientDirectory, attrsTransfer, type AnalyticsFilters } from '../../../core/queries/analyticsInput';
import { isoToDay, todayIso } from '../../../core/util/day';
import type { AnalyticsRequest, AnalyticsResponse, DashboardResult, DayPeriod, PredictiveResult } from '../../../workers/analytics.messages';

export type PeriodPreset = '3m' | '6m' | '12m' | '24m' | 'ytd' | 'all' | 'custom';
export const PRESETS: PeriodPreset[] = ['3m', '6m', '12m', '24m', 'ytd', 'all', 'custom'];
const THROTTLE_MS = 2000;
/** Bytes of chunk copies per message, and main-thread time before yielding between messages. */
const SEND_BYTES = 2 << 20;
const SLICE_MS = 8;

type Req = { type: 'run'; analysis: 'dashboard' | 'predictive'; period: DayPeriod; filters: AnalyticsFilters; options: { activeWindowDays: number; horizonWeeks?: number } };

class AnalyticsEngine {
  status = $state<'idle' | 'building' | 'computing' | 'ready' | 'failed'>('idle');
  error = $state('');
  result = $state.raw<DashboardResult | null>(null);
  predictive = $state.raw<PredictiveResult | null>(null);
  predictiveBusy = $state(false);
  /** Bumped when a new table arrives in the worker (clientIds and filter choices change). */
  dataRev = $state(0);
  preset = $state<PeriodPreset>('12m');
  customFrom = $state('');
  customTo = $state('');
  filters = $state<AnalyticsFilters>({});
  horizonWeeks = $state(12);
  /** Figures of the last build, for the footer and the benchmark. */
  stats = $state<{ lines: number; clients: number; buildMs: number; sendMs: number; computeMs: number }>({ lines: 0, clients: 0, buildMs: 0, sendMs: 0, computeMs: 0 });
  categories = $state.raw<string[]>([]);
  segments = $state.raw<string[]>([]);
  tags = $state.raw<string[]>([]);

  clientIds: string[] = [];
  private minDay = 0;
  private worker: Worker | null = null;
  private seq = 0;
  private pending = new Map<number, 'dashboard' | 'predictive' | 'load'>();
  private latest = { dashboard: 0, predictive: 0 };
  private refs: Uint8Array[] = [];
  private loaded = false;
  private clientsRev = -1;
  private lastBuild = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private building = false;
  private again = false;
  private wantPredictive = false;

  /** The period the controls describe, as half-open days. */
  period(): DayPeriod {
    const today = isoToDay(todayIso());
    const toDay = today + 1;
    // The same calendar day `months` back (clamped to the month's length), plus one: [from, today].
    const back = (months: number) => {
      const iso = todayIso();
      let y = Number(iso.slice(0, 4)), m = Number(iso.slice(5, 7)) - months;
      while (m < 1) { m += 12; y--; }
      let d = Number(iso.slice(8, 10));
      let day = NaN;
      while (Number.isNaN(day) && d > 0) { day = isoToDay(`${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`); d--; }
      return day + 1;
    };
    switch (this.preset) {
      case '3m': return { fromDay: back(3), toDay };
      case '6m': return { fromDay: back(6), toDay };
      case '12m': return { fromDay: back(12), toDay };
      case '24m': return { fromDay: back(24), toDay };
      case 'ytd': return { fromDay: isoToDay(`${todayIso().slice(0, 4)}-01-01`), toDay };
      case 'all': return { fromDay: Math.min(this.minDay, today), toDay };
      case 'custom': {
        const f = isoToDay(this.customFrom), t = isoToDay(this.customTo);
        if (Number.isNaN(f) || Number.isNaN(t) || t < f) return { fromDay: back(12), toDay };
        return { fromDay: f, toDay: t + 1 };
      }
    }
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const w = new Worker(new URL('../../../workers/analytics.worker.ts', import.meta.url), { type: 'module', name: 'analytics' });
    w.onmessage = (ev: MessageEvent<AnalyticsResponse>) => this.onMessage(ev.data);
    w.onerror = (e) => { this.status = 'failed'; this.error = e.message || 'worker error'; };
    this.worker = w;
    return w;
  }

  private onMessage(m: AnalyticsResponse): void {
    const kind = this.pending.get(m.id);
    this.pending.delete(m.id);
    if (m.type === 'loaded') {
      this.clientIds = m.clientIds;
      this.categories = [...m.categories].sort();
      this.minDay = m.minDay ?? isoToDay(todayIso());
      this.stats = { ...this.stats, lines: m.lines, clients: m.clients, buildMs: m.ms };
      this.dataRev++;
      return;
    }
    if (m.type === 'failed') {
      if (kind === 'predictive') { this.predictiveBusy = false; return; }
      if (m.id === this.latest.dashboard) { this.status = 'failed'; this.error = m.error; }
      return;
    }
    if (m.analysis === 'dashboard') {
      if (m.id !== this.latest.dashboard) return; // superseded
      this.result = m.result;
      this.stats = { ...this.stats, computeMs: m.result.ms };
      this.status = 'ready';
    } else {
      if (m.id !== this.latest.predictive) return;
      this.predictive = m.result;
      this.predictiveBusy = false;
    }
  }

  /** Opens the dashboard: builds the table the first time, else recomputes if needed. */
  start(): void {
    if (this.status === 'idle') void this.build();
  }

  /** The base changed: rebuild, at most every THROTTLE_MS while the user works. */
  changed(): void {
    if (this.status === 'idle') return;
    clearTimeout(this.timer);
    const wait = Math.max(200, THROTTLE_MS - (performance.now() - this.lastBuild));
    this.timer = setTimeout(() => void this.build(), wait);
  }

  private async build(): Promise<void> {
    if (this.building) { this.again = true; return; }
    this.building = true;
    try {
      do {
        this.again = false;
        await this.buildOnce();
      } while (this.again);
    } catch (e) {
      this.status = 'failed';
      this.error = e instanceof Error ? e.message : String(e);
    } finally {
      this.building = false;
      this.lastBuild = performance.now();
    }
  }

  private async buildOnce(): Promise<void> {
    const raw = rawChunks(base.doc);
    const same = this.loaded && raw.length === this.refs.length && raw.every((r, i) => r === this.refs[i]);
    const w = this.ensureWorker();
    if (same && this.clientsRev === base.clientsRev) return; // nothing analytics reads changed (e.g. a task was added)
    if (!this.result) this.status = 'building';
    performance.mark('analytics:directory-start');
    const dir = clientDirectory(base.cache.byId.values());
    performance.measure('analytics:directory', 'analytics:directory-start');
    this.clientsRev = base.clientsRev;
    this.setChoices(dir.attrs.segments, dir.attrs.tags);
    if (same) {
      w.postMessage({ type: 'attrs', id: ++this.seq, dir } satisfies AnalyticsRequest, attrsTransfer(dir.attrs));
    } else {
      const t0 = performance.now();
      await this.sendChunks(w, raw);
      const id = ++this.seq;
      this.pending.set(id, 'load');
      w.postMessage({ type: 'build', id, rev: base.rev, dir } satisfies AnalyticsRequest, attrsTransfer(dir.attrs));
      this.refs = raw;
      this.loaded = true;
      this.stats = { ...this.stats, sendMs: performance.now() - t0 };
    }
    // Requests are answered in order: the worker builds first, so `loaded` arrives before the result.
    this.run();
  }

  /** Copies of the chunks in messages of ~2 MB, yielding between them (never one long task). */
  private async sendChunks(w: Worker, raw: readonly Uint8Array[]): Promise<void> {
    let batch: Uint8Array[] = [], bytes = 0, first = true, t = performance.now();
    const flush = () => {
      // slice(): the stored bytes are views into Yjs' update buffers; copy just the chunk and transfer the copy.
      w.postMessage({ type: 'chunks', id: ++this.seq, reset: first, chunks: batch } satisfies AnalyticsRequest, batch.map((b) => b.buffer as ArrayBuffer));
      first = false; batch = []; bytes = 0;
    };
    for (const r of raw) {
      batch.push(r.slice());
      bytes += r.byteLength;
      if (bytes >= SEND_BYTES) flush();
      if (performance.now() - t > SLICE_MS) { await new Promise((res) => setTimeout(res, 0)); t = performance.now(); }
    }
    if (batch.length || first) flush();
  }

  private setChoices(segments: string[], tags: string[]): void {
    this.segments = [...segments].sort();
    this.tags = [...tags].sort();
  }

  private send(analysis: 'dashboard' | 'predictive'): void {
    const id = ++this.seq;
    this.pending.set(id, analysis);
    this.latest[analysis] = id;
    const req: Req = {
      type: 'run', analysis, period: this.period(), filters: { ...this.filters },
      options: { activeWindowDays: base.settings.activeWindowDays || 365, horizonWeeks: this.horizonWeeks },
    };
    this.ensureWorker().postMessage({ ...req, id } satisfies AnalyticsRequest);
  }

  /** Recomputes with the current period and filters (after a control changed). */
  run(): void {
    if (!this.loaded) return;
    this.status = 'computing';
    this.send('dashboard');
    if (this.wantPredictive) this.runPredictive();
  }

  /** The predictive models take seconds: only computed when their panel is open. */
  runPredictive(): void {
    this.wantPredictive = true;
    this.predictiveBusy = true;
    this.send('predictive');
  }

  setFilter(k: keyof AnalyticsFilters, v: string): void {
    this.filters = { ...this.filters, [k]: v || undefined };
    this.run();
  }
}

export const engine = new AnalyticsEngine();
