/**
 * `f` computed once per object and remembered for as long as the object lives (WeakMap). For
 * pure functions of immutable inputs: stored chunks are never edited, so their decodings can
 * be kept with them.
 */
export function memoPerObject<K extends object, V>(f: (k: K) => V): (k: K) => V {
  const seen = new WeakMap<K, V>();
  return (k) => {
    if (seen.has(k)) return seen.get(k) as V;
    const v = f(k);
    seen.set(k, v);
    return v;
  };
}
