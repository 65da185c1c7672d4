import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { TextIndex, TextMap } from '../../src/core/util/textIndex';

// The import's per-line lookups go through TextIndex instead of a Map: it must answer exactly as a
// Map of first-seen indices would, for any texts (collisions and table growth included).

/** Texts likely to repeat and to share prefixes, as a file's cells do; plus any strings. */
const text = fc.oneof(fc.constantFrom('', 'a', 'A', 'ORD-1', 'ORD-10', 'Product 1', 'Категория', '\u0000', '__proto__', 'constructor', '0', '01'), fc.string({ maxLength: 12 }), fc.nat(3000).map((n) => `K${n}`));

describe('TextIndex', () => {
  it('gives every text the index a Map of first-seen order gives it', () => {
    fc.assert(fc.property(fc.array(fc.tuple(fc.constantFrom('add', 'get', 'append'), text), { maxLength: 3000 }), fc.nat(64), (ops, capacity) => {
      const t = new TextIndex(capacity), m = new Map<string, number>();
      for (const [op, s] of ops) {
        if (op === 'get') expect(t.get(s)).toBe(m.get(s) ?? -1);
        else if (op === 'append' && !m.has(s)) { m.set(s, m.size); expect(t.append(s)).toBe(m.size - 1); }
        else { if (!m.has(s)) m.set(s, m.size); expect(t.add(s)).toBe(m.get(s)); }
      }
      expect(t.size).toBe(m.size);
      expect(t.list).toEqual([...m.keys()]);
    }), { numRuns: 200 });
  });

  it('keeps 100 000 distinct texts apart through many growths', () => {
    const t = new TextIndex();
    const wrong: number[] = [];
    for (let i = 0; i < 100_000; i++) if (t.add(`CUST-${i}`) !== i) wrong.push(i);
    for (let i = 0; i < 100_000; i++) if (t.get(`CUST-${i}`) !== i || t.add(`CUST-${i}`) !== i) wrong.push(i);
    expect(wrong).toEqual([]);
    expect(t.get('CUST-100000')).toBe(-1);
    expect(t.size).toBe(100_000);
  });
});

describe('TextMap', () => {
  it('behaves as a Map<string, V> for get and set', () => {
    fc.assert(fc.property(fc.array(fc.tuple(text, fc.option(fc.integer()))), (pairs) => {
      const t = new TextMap<number | null>(), m = new Map<string, number | null>();
      for (const [k, v] of pairs) {
        expect(t.get(k)).toBe(m.get(k));
        t.set(k, v); m.set(k, v);
      }
      expect(t.size).toBe(m.size);
      for (const [k, v] of m) expect(t.get(k)).toBe(v);
    }));
  });
});
