import { DECIDE_ROWS, ImportPlanner } from './plan';
import type { PlanOptions } from './planTypes';

/**
 * The lead's rows until the file's hash is known. The planner needs the hash from its first row
 * on (batch id; ids of clients named without a source id), and WebCrypto computes it off the
 * worker. The lead waits for it a moment first (pipeline.ts), but a file over 256 MB is hashed in
 * JS, slowly, and a busy machine can delay any hash: rows held as strings meanwhile cost memory
 * (the bench's lead once held 320 000) and were planned in one go when the hash came.
 *
 * A purchases file's rows go meanwhile to a tail-mode planner (split.ts: it links no client, so
 * it needs no hash), once its formats can be decided as one pass decides them: from the first
 * DECIDE_ROWS rows. When the hash comes, the real planner takes that head in (`mergeHead`) and
 * reads on. The plan is the one-pass plan (tests/import/hashGate.test.ts). Other files wait as raw
 * rows (they are small, and only purchases are planned in parts).
 */
export class HashGate {
  private early: [string[], number][] = [];
  private head: ImportPlanner | null = null;
  /** The real planner, once the hash is known. */
  planner: ImportPlanner | null = null;
  /** `headOptions`: a tail-mode planner's options (`tail: true`), or null to hold raw rows. */
  constructor(private readonly headOptions: PlanOptions | null) {}

  add(f: string[], row: number): void {
    if (this.planner) { this.planner.add(f, row); return; }
    if (this.head) { this.head.add(f, row); return; }
    this.early.push([f, row]);
    if (this.headOptions && this.early.length >= DECIDE_ROWS) {
      this.head = new ImportPlanner(this.headOptions);
      for (const [g, r] of this.early) this.head.add(g, r);
      this.early = [];
    }
  }

  /** Rows held as strings (bounded by the caller while the hash is slow). */
  get held(): number { return this.early.length; }

  /**
   * The hash is known: the planner `make` builds takes in everything read so far and reads on.
   * False only if the head could not be joined (a bug: the caller fails the import).
   */
  open(make: () => ImportPlanner): boolean {
    const p = make();
    if (this.head && !p.mergeHead(this.head)) return false;
    for (const [f, row] of this.early) p.add(f, row);
    this.head = null;
    this.early = [];
    this.planner = p;
    return true;
  }
}
