/**
 * Seeded simulators shared by the analytics tests and the benchmark: data drawn from
 * known BG/NBD and Gamma-Gamma parameters, so fits can be checked for recovery.
 */

/** mulberry32: tiny, fast, good enough for simulation; deterministic per seed. */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function normal(u: () => number): number {
  // Box–Muller; 1 − u() keeps the log argument in (0, 1].
  return Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
}

/** Gamma(shape, scale = 1) by Marsaglia & Tsang (2000), with the shape < 1 boost. */
export function gammaSample(u: () => number, shape: number): number {
  if (shape < 1) return gammaSample(u, shape + 1) * Math.pow(1 - u(), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = normal(u);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const w = 1 - u();
    if (Math.log(w) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
  }
}

/** Simulates BG/NBD customers: λ ~ Gamma(r, rate α), p ~ Beta(a, b), dropout after each repeat purchase. */
export function simulateBgNbd(
  params: { r: number; alpha: number; a: number; b: number },
  n: number,
  maxT: number,
  seed: number,
): { frequency: number; recency: number; T: number; purchases: number[] }[] {
  const u = rng(seed);
  const out = [];
  for (let i = 0; i < n; i++) {
    const lambda = gammaSample(u, params.r) / params.alpha;
    const ga = gammaSample(u, params.a);
    const p = ga / (ga + gammaSample(u, params.b));
    // Staggered acquisition, as in CDNOW's 12-week cohort: T between 0.7·maxT and maxT.
    const T = maxT * (0.7 + 0.3 * u());
    let t = 0;
    const purchases: number[] = [];
    for (;;) {
      t += -Math.log(1 - u()) / lambda;
      if (t > T) break;
      purchases.push(t);
      if (u() < p) break;
    }
    out.push({ frequency: purchases.length, recency: purchases.length ? (purchases[purchases.length - 1] as number) : 0, T, purchases });
  }
  return out;
}

/** Simulates Gamma-Gamma mean spends z̄ for given repeat counts: ν ~ Gamma(q, rate v), z ~ Gamma(p, rate ν). */
export function simulateGammaGamma(
  params: { p: number; q: number; v: number },
  frequencies: readonly number[],
  seed: number,
): { frequency: number; monetaryValue: number }[] {
  const u = rng(seed);
  return frequencies.map((x) => {
    const nu = gammaSample(u, params.q) / params.v;
    let sum = 0;
    for (let k = 0; k < x; k++) sum += gammaSample(u, params.p) / nu;
    return { frequency: x, monetaryValue: x > 0 ? sum / x : 0 };
  });
}
