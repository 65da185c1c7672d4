/** Minimal typed event emitter; a listener that throws must not stop the others or the sync. */
export class Emitter<E extends object> {
  private readonly listeners = new Map<keyof E, Set<(v: never) => void>>();

  on<K extends keyof E>(event: K, fn: (value: E[K]) => void): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(fn as (v: never) => void);
    return () => set.delete(fn as (v: never) => void);
  }

  emit<K extends keyof E>(event: K, value: E[K]): void {
    for (const fn of this.listeners.get(event) ?? []) {
      try {
        (fn as (v: E[K]) => void)(value);
      } catch (e) {
        console.error('sync listener failed', e);
      }
    }
  }

  clear(): void {
    this.listeners.clear();
  }
}
