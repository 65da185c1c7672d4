import { base } from './base.svelte';

/** What the browser grants this base: persistent or evictable, space used and available. */
class StorageHealth {
  persisted = $state(false);
  usage = $state(0);
  quota = $state(0);
  records = $state(0);

  async refresh(): Promise<void> {
    const s = navigator.storage;
    if (s?.persisted) this.persisted = await s.persisted();
    if (s?.estimate) { const e = await s.estimate(); this.usage = e.usage ?? 0; this.quota = e.quota ?? 0; }
    this.records = (await base.persistence?.recordCount()) ?? 0;
  }
  /** Asked once the user has put something in the base (browsers grant it more readily then). */
  async askPersist(): Promise<void> {
    if (navigator.storage?.persist) this.persisted = await navigator.storage.persist();
  }
  async compact(): Promise<void> { await base.persistence?.compact(); await this.refresh(); }
}

export const storage = new StorageHealth();
