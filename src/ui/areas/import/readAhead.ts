import { planFile, type PipelineProgress, type PlanRequest, type PlanRun } from './actions';

/** Smallest file read ahead: below it a dry run takes a moment anyway. */
export const READ_AHEAD_FROM = 1 << 20;

/**
 * The dry run of a big file, started as soon as its mapping is shown, with the settings shown.
 * A person checks the mapping for a few seconds, and a million lines take a few seconds to plan:
 * "Check the file" with the same settings takes over the run in flight (its progress bar starts
 * where the run is). Any other settings drop it. Nothing is written either way: a dry run only plans.
 */
/** A held run's latest progress, and who is shown it once the run is taken over. */
interface Seen { last: PipelineProgress | null; show: ((p: PipelineProgress) => void) | null }

export class ReadAhead {
  private held: { key: string; file: Blob; run: PlanRun; seen: Seen } | null = null;

  /** Keeps a dry run going for exactly these settings (starts one, or replaces one for other settings). */
  want(req: PlanRequest): void {
    if (req.file.size < READ_AHEAD_FROM) { this.drop(); return; }
    const key = keyOf(req);
    if (this.held && this.held.file === req.file && this.held.key === key) return;
    this.drop();
    const seen: Seen = { last: null, show: null };
    const run = planFile(req, (p) => { seen.last = p; seen.show?.(p); });
    this.held = { key, file: req.file, run, seen };
  }

  /** The run in flight for these settings, now reporting to `onProgress`; null if there is none. */
  take(req: PlanRequest, onProgress: (p: PipelineProgress) => void): PlanRun | null {
    const h = this.held;
    this.held = null;
    if (!h) return null;
    if (h.file !== req.file || h.key !== keyOf(req)) { h.run.cancel(); return null; }
    h.seen.show = onProgress;
    if (h.seen.last) onProgress(h.seen.last);
    return h.run;
  }

  /** Stops the run held (settings changed, another file, the wizard closed). */
  drop(): void {
    this.held?.run.cancel();
    this.held = null;
  }
}

// Everything a dry run depends on besides the file's bytes.
const keyOf = (r: PlanRequest): string => JSON.stringify([r.fileName, r.csv, r.entity, Object.entries(r.mapping).sort(), r.dateFormat ?? null]);
