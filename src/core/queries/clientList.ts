import type { Client, ClientId } from '../model/client';
import { matches, norm, parseQuery, type Query, type SearchEntry } from './search';

export type ListSort = 'name' | 'segment' | 'updated';
export interface ListFilter { query: string; segment: string; manager: string; tag: string; sortBy: ListSort }

export interface ListSource {
  /** Every client in the cache (deleted ones are skipped here). */
  all(): Iterable<Client>;
  get(id: ClientId): Client | undefined;
  entry(id: ClientId): SearchEntry | undefined;
}

/** Up to this many changed clients are moved one by one (binary search + splice); more are merged. */
const SPLICE_MAX = 32;

const sameFilter = (a: ListFilter, b: ListFilter): boolean =>
  a.query === b.query && a.segment === b.segment && a.manager === b.manager && a.tag === b.tag && a.sortBy === b.sortBy;

/**
 * The clients page's list: live clients sorted, then filtered and searched. Kept up to date
 * per changed client — a remote edit in a 20 000-client base moves one row (binary search and
 * splice) instead of re-sorting and re-scanning twenty thousand, which took ~60–100 ms per
 * edit on the receiving laptop. Typing narrows: a query that extends the previous one scans
 * only the previous matches.
 *
 * Order: sort key in code-unit order (keys are normalised lower-case names, see search.norm:
 * ё sorts as е, Latin before Cyrillic; Intl.Collator on 20 000 names costs ~0.5 s), ties by id,
 * so the order is the same however the list was reached. "updated" is newest first.
 */
export class ClientListView {
  private sorted: Client[] = [];
  private sortBy: ListSort = 'name';
  private readonly keyOf = new Map<ClientId, string>();
  private readonly normCache = new WeakMap<Client, { name: string; seg: string }>();
  private pending: Set<ClientId> | 'all' = 'all';
  private last: { f: ListFilter; out: Client[] } | null = null;

  constructor(private readonly src: ListSource) {}

  /** The cache changed these clients (null: all of them). */
  changed(ids: ReadonlySet<ClientId> | null): void {
    if (this.pending === 'all') return;
    if (ids === null) { this.pending = 'all'; return; }
    for (const id of ids) this.pending.add(id);
  }

  /** The filtered, sorted list; the same array as last time when nothing changed. */
  list(f: ListFilter): Client[] {
    const pending = this.pending;
    this.pending = new Set();
    const resort = pending === 'all' || f.sortBy !== this.sortBy;
    if (resort) this.rebuild(f.sortBy);
    else if (pending.size <= SPLICE_MAX) for (const id of pending) this.move(id);
    else this.sorted = this.mergeIn(this.sorted, pending, () => true);
    const last = this.last;
    const dataChanged = resort || pending.size > 0;
    let out: Client[];
    if (last && sameFilter(last.f, f)) {
      if (!dataChanged) return last.out;
      out = resort ? this.scan(this.sorted, f) : this.patch(last.out, pending as Set<ClientId>, f);
    } else {
      const narrow = last && !dataChanged && last.f.segment === f.segment && last.f.manager === f.manager && last.f.tag === f.tag
        && last.f.sortBy === f.sortBy && last.f.query !== '' && f.query.startsWith(last.f.query)
        && !parseQuery(f.query).phone && !parseQuery(last.f.query).phone;
      out = this.scan(narrow ? last.out : this.sorted, f);
    }
    this.last = { f: { ...f }, out };
    return out;
  }

  private key(c: Client, by: ListSort): string {
    if (by === 'updated') return c.updatedAt;
    let k = this.normCache.get(c);
    if (!k) { k = { name: norm(c.name), seg: norm(c.segment) }; this.normCache.set(c, k); }
    return by === 'segment' ? `${k.seg}\u0000${k.name}` : k.name;
  }

  /** Negative when (ka, a) comes before (kb, b) in the current order. */
  private cmp(ka: string, a: ClientId, kb: string, b: ClientId): number {
    const r = ka < kb ? -1 : ka > kb ? 1 : a < b ? -1 : a > b ? 1 : 0;
    return this.sortBy === 'updated' ? -r : r;
  }

  /** First index in `arr` whose item is not before (k, id). */
  private lowerBound(arr: readonly Client[], k: string, id: ClientId): number {
    let lo = 0, hi = arr.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const m = arr[mid]!;
      if (this.cmp(this.keyOf.get(m.id)!, m.id, k, id) < 0) lo = mid + 1; else hi = mid;
    }
    return lo;
  }

  private rebuild(by: ListSort): void {
    this.sortBy = by;
    this.keyOf.clear();
    const live: Client[] = [];
    for (const c of this.src.all()) {
      if (c.deletedAt) continue;
      live.push(c);
      this.keyOf.set(c.id, this.key(c, by));
    }
    live.sort((a, b) => this.cmp(this.keyOf.get(a.id)!, a.id, this.keyOf.get(b.id)!, b.id));
    this.sorted = live;
  }

  /** Takes one changed client out of the sorted list and puts its new version in place. */
  private move(id: ClientId): void {
    const old = this.keyOf.get(id);
    if (old !== undefined) {
      const i = this.lowerBound(this.sorted, old, id);
      if (this.sorted[i]?.id === id) this.sorted.splice(i, 1);
      this.keyOf.delete(id);
    }
    const c = this.src.get(id);
    if (!c || c.deletedAt) return;
    const k = this.key(c, this.sortBy);
    this.sorted.splice(this.lowerBound(this.sorted, k, id), 0, c);
    this.keyOf.set(id, k);
  }

  private passes(c: Client, f: ListFilter, q: Query, searching: boolean): boolean {
    if (f.segment && c.segment !== f.segment) return false;
    if (f.manager && c.managerId !== f.manager) return false;
    if (f.tag && !c.tags.includes(f.tag)) return false;
    if (searching) { const e = this.src.entry(c.id); if (!e || !matches(e, q)) return false; }
    return true;
  }

  private scan(from: readonly Client[], f: ListFilter): Client[] {
    const q = parseQuery(f.query);
    const searching = q.phone !== '' || q.words.length > 0;
    if (!searching && !f.segment && !f.manager && !f.tag) return from.slice();
    const out: Client[] = [];
    for (const c of from) if (this.passes(c, f, q, searching)) out.push(c);
    return out;
  }

  /** The previous result with the changed clients taken out and, where they pass, put back. */
  private patch(prev: readonly Client[], ids: ReadonlySet<ClientId>, f: ListFilter): Client[] {
    const q = parseQuery(f.query);
    const searching = q.phone !== '' || q.words.length > 0;
    // keyOf already holds the new keys (the sorted list was updated first); gone clients have none.
    const keep = (c: Client) => this.keyOf.has(c.id) && this.passes(c, f, q, searching);
    if (ids.size > SPLICE_MAX) return this.mergeIn(prev, ids, keep, false);
    const out = prev.filter((c) => !ids.has(c.id));
    for (const id of ids) {
      const k = this.keyOf.get(id);
      if (k === undefined) continue; // deleted or gone
      const c = this.src.get(id)!;
      if (keep(c)) out.splice(this.lowerBound(out, k, id), 0, c);
    }
    return out;
  }

  /**
   * Many changes at once (an import, a first sync arriving in slices): drop the changed ids,
   * sort just the changed clients that `keep`, and merge the two sorted runs — O(n + k log k)
   * instead of re-sorting the whole list. `rekey`: compute the changed clients' keys (the sorted
   * list) or take them from keyOf (filtered results, after the sorted list was updated).
   */
  private mergeIn(prev: readonly Client[], ids: ReadonlySet<ClientId>, keep: (c: Client) => boolean, rekey = true): Client[] {
    const add: Client[] = [];
    for (const id of ids) {
      if (rekey) this.keyOf.delete(id);
      const c = this.src.get(id);
      if (!c || c.deletedAt) continue;
      if (rekey) this.keyOf.set(id, this.key(c, this.sortBy));
      if (keep(c)) add.push(c);
    }
    const k = (c: Client) => this.keyOf.get(c.id)!;
    add.sort((a, b) => this.cmp(k(a), a.id, k(b), b.id));
    const out: Client[] = [];
    let j = 0;
    for (const c of prev) {
      if (ids.has(c.id)) continue;
      const kc = k(c);
      while (j < add.length && this.cmp(k(add[j]!), add[j]!.id, kc, c.id) < 0) out.push(add[j++]!);
      out.push(c);
    }
    while (j < add.length) out.push(add[j++]!);
    return out;
  }
}
