/**
 * Texts → dense indices (0, 1, 2… in the order first added), for the import's per-line lookups.
 *
 * Why not a `Map`: every parsed CSV cell is a fresh string, and Chromium's `Map` hashes a fresh
 * string in a runtime call. On the bench file's rows (papaparse output, five lookups a row, the
 * importer's "same as the previous row" shortcut in both), a `Map` took 270–470 ms per 385 000 rows
 * and this table 100–150 ms (Chromium 156; docs/benchmarks.md, seventh session). A null-prototype
 * object was no better than the Map.
 *
 * Open addressing with linear probing over Int32Arrays, at most half full; FNV-1a over UTF-16 code
 * units. A hash match is confirmed by comparing the texts, so collisions cost time, never a wrong
 * answer (tests/util/textIndex.test.ts compares it with a Map).
 */
export class TextIndex {
  private readonly texts: string[] = [];
  private hashes: Int32Array;
  /** Index of the text in each slot, -1 = empty. */
  private slots: Int32Array;
  private mask: number;

  constructor(capacity = 16) {
    let n = 16;
    while (n < capacity * 2) n *= 2;
    this.slots = new Int32Array(n).fill(-1);
    this.mask = n - 1;
    this.hashes = new Int32Array(Math.max(8, capacity));
  }

  get size(): number { return this.texts.length; }
  /** Texts in index order (do not change it). */
  get list(): readonly string[] { return this.texts; }

  /** The index of `s`, or -1. */
  get(s: string): number {
    const h = hashText(s);
    const texts = this.texts, hashes = this.hashes, slots = this.slots, mask = this.mask;
    for (let j = h & mask; ; j = (j + 1) & mask) {
      const i = slots[j]!;
      if (i < 0) return -1;
      if (hashes[i] === h && texts[i] === s) return i;
    }
  }

  /** The index of `s`, added at the end if it is not here yet. */
  add(s: string): number {
    const h = hashText(s);
    const texts = this.texts, hashes = this.hashes, slots = this.slots, mask = this.mask;
    let j = h & mask;
    for (; ; j = (j + 1) & mask) {
      const i = slots[j]!;
      if (i < 0) break;
      if (hashes[i] === h && texts[i] === s) return i;
    }
    return this.put(s, h, j);
  }

  /** Adds `s`, which the caller knows is not here (one probe sequence, no comparisons). */
  append(s: string): number {
    const h = hashText(s);
    let j = h & this.mask;
    while (this.slots[j]! >= 0) j = (j + 1) & this.mask;
    return this.put(s, h, j);
  }

  private put(s: string, h: number, slot: number): number {
    const i = this.texts.length;
    this.texts.push(s);
    if (i === this.hashes.length) { const a = new Int32Array(i * 2); a.set(this.hashes); this.hashes = a; }
    this.hashes[i] = h;
    this.slots[slot] = i;
    if ((i + 1) * 2 > this.slots.length) this.grow();
    return i;
  }

  private grow(): void {
    const slots = new Int32Array(this.slots.length * 2).fill(-1), mask = slots.length - 1;
    for (let i = 0; i < this.texts.length; i++) {
      let j = this.hashes[i]! & mask;
      while (slots[j]! >= 0) j = (j + 1) & mask;
      slots[j] = i;
    }
    this.slots = slots;
    this.mask = mask;
  }
}

/** A string-keyed map on a TextIndex (same reason): values by the key's index. */
export class TextMap<V> {
  private readonly keys = new TextIndex();
  private readonly values: V[] = [];

  get size(): number { return this.keys.size; }

  get(k: string): V | undefined {
    const i = this.keys.get(k);
    return i < 0 ? undefined : this.values[i];
  }

  set(k: string, v: V): void {
    this.values[this.keys.add(k)] = v;
  }
}

/** FNV-1a, 32 bits, over UTF-16 code units (a text's cells are short: this is a few ns each). */
function hashText(s: string): number {
  let h = 0x811c9dc5 | 0;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  // Linear probing wants the low bits mixed with the high ones.
  return h ^ (h >>> 15);
}
