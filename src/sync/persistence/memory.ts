import * as Y from 'yjs';
import type { PersistError, Persistence, PersistResult } from './types';

const OK: PersistResult = { ok: true };

/**
 * In-memory persistence: a shared Map stands in for a disk so tests (and the contract suite)
 * can "close the laptop" and reopen. `failNext` simulates a full disk.
 */
export class MemoryPersistence implements Persistence {
  static disks = new Map<string, Uint8Array[]>();
  failWith: PersistError | null = null;
  private doc: Y.Doc | null = null;
  /** Like a real disk: once an update failed to store, the disk misses it until a compaction succeeds. */
  private lastError: PersistError | null = null;
  private readonly listeners = new Set<(e: PersistError) => void>();
  private fail(e: PersistError): PersistResult {
    this.lastError = e;
    for (const l of this.listeners) l(e);
    return { ok: false, error: e };
  }
  private readonly onUpdate = (u: Uint8Array, origin: unknown) => {
    if (origin === this) return;
    if (this.failWith) { this.fail(this.failWith); return; }
    this.disk().push(u);
  };

  constructor(private readonly name: string) {}
  private disk(): Uint8Array[] {
    let d = MemoryPersistence.disks.get(this.name);
    if (!d) { d = []; MemoryPersistence.disks.set(this.name, d); }
    return d;
  }
  async open(doc: Y.Doc): Promise<PersistResult> {
    this.doc = doc;
    const stored = this.disk();
    if (stored.length) Y.transact(doc, () => { for (const u of stored) Y.applyUpdate(doc, u); }, this);
    doc.on('update', this.onUpdate);
    return OK;
  }
  async flush(): Promise<PersistResult> { return this.lastError ? { ok: false, error: this.lastError } : OK; }
  async compact(): Promise<PersistResult> {
    if (!this.doc) return OK;
    if (this.failWith) return this.fail(this.failWith); // a full disk refuses the snapshot too
    MemoryPersistence.disks.set(this.name, [Y.encodeStateAsUpdate(this.doc)]);
    this.lastError = null;
    return OK;
  }
  async recordCount(): Promise<number> { return this.disk().length; }
  onError(fn: (e: PersistError) => void): () => void { this.listeners.add(fn); return () => this.listeners.delete(fn); }
  async close(): Promise<void> { this.doc?.off('update', this.onUpdate); this.doc = null; }
  async destroy(): Promise<void> { await this.close(); MemoryPersistence.disks.delete(this.name); }
}
