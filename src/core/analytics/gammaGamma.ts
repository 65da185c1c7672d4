/**
 * Gamma-Gamma spend model — Fader, Hardie & Lee (2005), "RFM and CLV: Using Iso-Value
 * Curves for Customer Base Analysis", JMR 42(4), and Fader & Hardie (2013), "The
 * Gamma-Gamma Model of Monetary Value". A customer's transaction values are
 * Gamma(p, ν), ν ~ Gamma(q, γ); `v` below is γ, the name lifetimes uses.
 */
import { ok, err, type Result } from '../util/result';
import { lgamma } from './special';
import { nelderMead } from './optimize';

/** Gamma-Gamma parameters (lifetimes naming: p, q, v = γ). */
export interface GammaGammaParams {
  p: number;
  q: number;
  v: number;
}

/** Input row: number of repeat purchases and their mean value (z̄). */
export interface SpendRow {
  frequency: number;
  monetaryValue: number;
}

/** Fitted parameters, the maximised log-likelihood and the number of customers used. */
export interface GammaGammaFit extends GammaGammaParams {
  logLikelihood: number;
  customers: number;
}

interface SpendData {
  x: Float64Array;
  z: Float64Array;
  lnZ: Float64Array;
  /** Index of the customer's x among the distinct x values `xs`. */
  xk: Int32Array;
  xs: number[];
}

function prepare(xsIn: readonly number[], zsIn: readonly number[]): SpendData {
  const n = xsIn.length;
  const x = Float64Array.from(xsIn);
  const z = Float64Array.from(zsIn);
  const lnZ = z.map(Math.log);
  const xk = new Int32Array(n);
  const xs: number[] = [];
  const pos = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const v = x[i] as number;
    let k = pos.get(v);
    if (k === undefined) {
      k = xs.length;
      pos.set(v, k);
      xs.push(v);
    }
    xk[i] = k;
  }
  return { x, z, lnZ, xk, xs };
}

/**
 * Sum over customers of ln f(z̄ | x) where (Fader & Hardie 2013, eq. 3)
 *   f(z̄ | p, q, γ; x) = Γ(px + q) / (Γ(px) Γ(q)) · γ^q · z̄^(px−1) · x^(px) / (γ + x z̄)^(px+q).
 * The lgamma terms depend on x only and are computed once per distinct x.
 */
function logLik(p: number, q: number, v: number, d: SpendData): number {
  const lgq = lgamma(q);
  const qlnv = q * Math.log(v);
  const cx = d.xs.map((x) => {
    const px = p * x;
    return lgamma(px + q) - lgamma(px) - lgq + qlnv + px * Math.log(x);
  });
  let ll = 0;
  for (let i = 0; i < d.x.length; i++) {
    const xi = d.x[i] as number;
    const px = p * xi;
    ll += (cx[d.xk[i] as number] as number) + (px - 1) * (d.lnZ[i] as number) - (px + q) * Math.log(v + xi * (d.z[i] as number));
  }
  return ll;
}

/** Gamma-Gamma log-likelihood of the rows with frequency > 0 and positive spend. */
export function gammaGammaLogLikelihood(params: GammaGammaParams, rows: readonly SpendRow[]): number {
  const xs: number[] = [];
  const zs: number[] = [];
  for (const r of rows) {
    if (r.frequency > 0 && r.monetaryValue > 0 && Number.isFinite(r.monetaryValue)) {
      xs.push(r.frequency);
      zs.push(r.monetaryValue);
    }
  }
  return logLik(params.p, params.q, params.v, prepare(xs, zs));
}

/**
 * Maximum-likelihood Gamma-Gamma fit over the rows with frequency > 0 (one-time buyers
 * carry no repeat spend). Rows with a non-positive mean value are skipped too, because
 * the model's spend is strictly positive. Nelder–Mead on log-parameters from p = q = v = 1.
 */
export function fitGammaGammaRows(rows: readonly SpendRow[]): Result<GammaGammaFit> {
  const xs: number[] = [];
  const zs: number[] = [];
  for (const r of rows) {
    if (r.frequency > 0 && r.monetaryValue > 0 && Number.isFinite(r.monetaryValue)) {
      xs.push(r.frequency);
      zs.push(r.monetaryValue);
    }
  }
  if (xs.length === 0) return err('no customers with repeat purchases and positive spend');
  const d = prepare(xs, zs);
  const inv = 1 / xs.length;
  const f = (th: number[]): number => {
    const v = -logLik(Math.exp(th[0] as number), Math.exp(th[1] as number), Math.exp(th[2] as number), d) * inv;
    return Number.isFinite(v) ? v : Infinity;
  };
  // A second simplex from the first optimum guards against Nelder–Mead's premature collapse.
  let res = nelderMead(f, [0, 0, 0], { step: 1 });
  res = nelderMead(f, res.x, { step: 0.1 });
  if (!Number.isFinite(res.fx)) return err('Gamma-Gamma fit did not converge');
  const p = Math.exp(res.x[0] as number);
  const q = Math.exp(res.x[1] as number);
  const v = Math.exp(res.x[2] as number);
  return ok({ p, q, v, logLikelihood: logLik(p, q, v, d), customers: xs.length });
}

/**
 * E[Z | p, q, γ; x, z̄] = p(γ + x z̄) / (p x + q − 1): the conditional expected average
 * transaction value (Fader & Hardie 2013, eq. 5). Defined for p x + q > 1; with x = 0 this
 * is the population mean p γ / (q − 1).
 */
export function gammaGammaExpectedSpend(params: GammaGammaParams, frequency: number, monetaryValue: number): number {
  const { p, q, v } = params;
  const x = frequency > 0 ? frequency : 0;
  const z = frequency > 0 ? monetaryValue : 0;
  return (p * (v + x * z)) / (p * x + q - 1);
}
