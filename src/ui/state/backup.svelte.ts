import { base } from './base.svelte';
import { SCHEMA_VERSION } from '../../core/schema/version';
import { createBackup, restoreBackup, type BackupError } from '../../sync/backup';
import type { Result } from '../../core/util/result';

const LAST = 'kartoteka.lastBackup';
const SNOOZE = 'kartoteka.backupSnooze';
const WEEK = 7 * 86_400_000;

/** Backups of this laptop's base, and the gentle reminder to make one. */
class Backups {
  last = $state(localStorage.getItem(LAST) ?? '');
  snoozedUntil = $state(Number(localStorage.getItem(SNOOZE) ?? 0));

  async save(passphrase: string): Promise<Result<Blob, BackupError>> {
    const r = await createBackup(base.doc, passphrase, SCHEMA_VERSION);
    if (!r.ok) return r;
    this.last = new Date().toISOString();
    localStorage.setItem(LAST, this.last);
    return { ok: true, value: new Blob([r.value as Uint8Array<ArrayBuffer>], { type: 'application/octet-stream' }) };
  }

  restore(bytes: Uint8Array, passphrase: string) {
    return restoreBackup(base.doc, bytes, passphrase, SCHEMA_VERSION);
  }

  /** Due when the base has clients and the last backup is older than a week (or never made). */
  due(now = Date.now()): boolean {
    if (now < this.snoozedUntil) return false;
    void base.clientsRev; // re-evaluate when clients change
    if (base.cache.byId.size === 0) return false;
    return !this.last || now - Date.parse(this.last) > WEEK;
  }

  snooze(): void {
    this.snoozedUntil = Date.now() + 86_400_000;
    localStorage.setItem(SNOOZE, String(this.snoozedUntil));
  }
}

export const backups = new Backups();

export function download(blob: Blob, name: string): void {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}
