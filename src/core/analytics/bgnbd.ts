/**
 * BG/NBD model — Fader, Hardie & Lee (2005), "Counting Your Customers the Easy Way",
 * Marketing Science 24(2). While alive a customer buys as Poisson(λ), λ ~ Gamma(r, α);
 * after each purchase they drop out with probability p, p ~ Beta(a, b).
 * Fitted by maximum likelihood on the closed-form log-likelihood (paper eq. 6).
 */
import { ok, err, type Result } from '../util/result';
import { lgamma, digamma, hyp2f1 } from './special';
import { bfgs } from './optimize';

/** BG/NBD parameters: purchase rate Gamma(r, α), dropout Beta(a, b). */
export interface BgNbdParams {
  r: number;
  alpha: number;
  a: number;
  b: number;
}

/** A customer's calibration summary: repeat purchases x, time of last t_x, age T. */
export interface BtydRow {
  frequency: number;
  recency: number;
  T: number;
}

/** Fitted parameters and the maximised log-likelihood. */
export interface BgNbdFit extends BgNbdParams {
  logLikelihood: number;
}

interface Prepared {
  n: number;
  x: Float64Array;
  tx: Float64Array;
  T: Float64Array;
  /** Index of the customer's x among the distinct x values. */
  xk: Int32Array;
  xs: number[];
}

function prepare(rows: readonly BtydRow[]): Result<Prepared> {
  const n = rows.length;
  const x = new Float64Array(n);
  const tx = new Float64Array(n);
  const T = new Float64Array(n);
  const xk = new Int32Array(n);
  const xs: number[] = [];
  const pos = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const row = rows[i] as BtydRow;
    const f = row.frequency;
    if (!(f >= 0) || !(row.recency >= 0) || !(row.T >= row.recency) || !Number.isFinite(row.T))
      return err(`row ${i + 1}: need 0 ≤ frequency, 0 ≤ recency ≤ T`);
    x[i] = f;
    tx[i] = row.recency;
    T[i] = row.T;
    let k = pos.get(f);
    if (k === undefined) {
      k = xs.length;
      pos.set(f, k);
      xs.push(f);
    }
    xk[i] = k;
  }
  return ok({ n, x, tx, T, xk, xs });
}

/**
 * Sum of the per-customer log-likelihoods and (when `grad` is given) its gradient with
 * respect to (ln r, ln α, ln a, ln b). Terms that depend on x only (the lgamma and
 * digamma ones) are computed once per distinct x, since x takes few distinct values.
 */
function logLik(p: BgNbdParams, d: Prepared, grad?: number[]): number {
  const { r, alpha, a, b } = p;
  const m = d.xs.length;
  const c1 = new Float64Array(m); // lgamma(r+x) − lgamma(r) + lgamma(a+b) + lgamma(b+x) − lgamma(b) − lgamma(a+b+x)
  const c4 = new Float64Array(m); // ln a − ln(b+x−1), the log of the dropout-after-last-purchase branch weight
  const dr = new Float64Array(m);
  const da = new Float64Array(m);
  const db = new Float64Array(m);
  const lgr = lgamma(r);
  const lgab = lgamma(a + b);
  const lgb = lgamma(b);
  const psr = grad ? digamma(r) : 0;
  const psab = grad ? digamma(a + b) : 0;
  const psb = grad ? digamma(b) : 0;
  for (let k = 0; k < m; k++) {
    const x = d.xs[k] as number;
    c1[k] = lgamma(r + x) - lgr + lgab + lgamma(b + x) - lgb - lgamma(a + b + x);
    c4[k] = x > 0 ? Math.log(a) - Math.log(b + x - 1) : -Infinity;
    if (grad) {
      const psabx = digamma(a + b + x);
      dr[k] = digamma(r + x) - psr;
      da[k] = psab - psabx;
      db[k] = psab + digamma(b + x) - psb - psabx;
    }
  }
  const lnAlpha = Math.log(alpha);
  let ll = 0;
  let gr = 0;
  let gal = 0;
  let ga = 0;
  let gb = 0;
  for (let i = 0; i < d.n; i++) {
    const k = d.xk[i] as number;
    const x = d.x[i] as number;
    const rx = r + x;
    const aT = alpha + (d.T[i] as number);
    const lnAT = Math.log(aT);
    const l3 = -rx * lnAT;
    let w4 = 0;
    let lnAtx = 0;
    let atx = 1;
    let li: number;
    if (x > 0) {
      atx = alpha + (d.tx[i] as number);
      lnAtx = Math.log(atx);
      const l4 = (c4[k] as number) - rx * lnAtx;
      // log(e^l3 + e^l4) without overflow.
      if (l3 >= l4) {
        const e = Math.exp(l4 - l3);
        li = l3 + Math.log1p(e);
        w4 = e / (1 + e);
      } else {
        const e = Math.exp(l3 - l4);
        li = l4 + Math.log1p(e);
        w4 = 1 / (1 + e);
      }
    } else {
      li = l3;
    }
    ll += (c1[k] as number) + r * lnAlpha + li;
    if (grad) {
      const w3 = 1 - w4;
      gr += (dr[k] as number) + lnAlpha - w3 * lnAT - w4 * lnAtx;
      gal += r / alpha - w3 * (rx / aT) - w4 * (rx / atx);
      ga += (da[k] as number) + w4 / a;
      gb += (db[k] as number) - (x > 0 ? w4 / (b + x - 1) : 0);
    }
  }
  if (grad) {
    // Chain rule to log-parameters: ∂/∂ln θ = θ ∂/∂θ.
    grad[0] = gr * r;
    grad[1] = gal * alpha;
    grad[2] = ga * a;
    grad[3] = gb * b;
  }
  return ll;
}

/** BG/NBD log-likelihood of the rows under the given parameters (paper eq. 6, summed). */
export function bgNbdLogLikelihood(params: BgNbdParams, rows: readonly BtydRow[]): Result<number> {
  const d = prepare(rows);
  if (!d.ok) return d;
  return ok(logLik(params, d.value));
}

/**
 * Maximum-likelihood BG/NBD fit. Optimises on log-parameters with BFGS and the analytic
 * gradient; starts at r = a = b = 1 and α = mean T (α is a time scale, so this start is
 * unit-free). Fails on empty or invalid input and when the optimiser does not reach a
 * finite optimum.
 */
export function fitBgNbdRows(rows: readonly BtydRow[]): Result<BgNbdFit> {
  const pd = prepare(rows);
  if (!pd.ok) return pd;
  const d = pd.value;
  if (d.n === 0) return err('no customers to fit');
  let meanT = 0;
  for (let i = 0; i < d.n; i++) meanT += d.T[i] as number;
  meanT = Math.max(meanT / d.n, 1e-6);
  const toParams = (th: number[]): BgNbdParams => ({
    r: Math.exp(th[0] as number),
    alpha: Math.exp(th[1] as number),
    a: Math.exp(th[2] as number),
    b: Math.exp(th[3] as number),
  });
  // The objective is the mean negative log-likelihood, so the gradient tolerance does not
  // depend on how many customers there are.
  const inv = 1 / d.n;
  const res = bfgs(
    (th, g) => {
      const v = -logLik(toParams(th), d, g) * inv;
      for (let j = 0; j < 4; j++) g[j] = -(g[j] as number) * inv;
      return Number.isFinite(v) ? v : Infinity;
    },
    [0, Math.log(meanT), 0, 0],
    { gtol: 1e-9, ftol: 1e-12, maxIter: 1000 },
  );
  if (!Number.isFinite(res.fx)) return err('BG/NBD fit did not converge');
  const p = toParams(res.x);
  return ok({ ...p, logLikelihood: logLik(p, d) });
}

/**
 * P(alive | x, t_x, T) (Fader, Hardie & Lee 2005, eq. 11; see also their 2008 note):
 * 1 / (1 + [x > 0] · a/(b + x − 1) · ((α + T)/(α + t_x))^(r + x)).
 */
export function bgNbdProbabilityAlive(params: BgNbdParams, row: BtydRow): number {
  const { r, alpha, a, b } = params;
  const x = row.frequency;
  if (x <= 0) return 1;
  const logRatio = (r + x) * (Math.log(alpha + row.T) - Math.log(alpha + row.recency));
  return 1 / (1 + Math.exp(Math.log(a / (b + x - 1)) + logRatio));
}

/**
 * Expected purchases in the next `t` time units for a customer with history (x, t_x, T)
 * (paper eq. 10):
 *   E[Y(t) | x, t_x, T] = (a + b + x − 1)/(a − 1) · [1 − ((α+T)/(α+T+t))^(r+x) ·
 *     ₂F₁(r + x, b + x; a + b + x − 1; t/(α+T+t))] / (1 + [x > 0] · a/(b+x−1) · ((α+T)/(α+t_x))^(r+x)).
 *
 * Evaluated through Euler's transformation ₂F₁(A, B; C; z) = (1 − z)^(C−A−B) ₂F₁(C−A, C−B; C; z),
 * which turns (1 − z)^(r+x) ₂F₁(r+x, b+x; a+b+x−1; z) into (1 − z)^(a−1) ₂F₁(a+b−1−r, a−1; a+b+x−1; z):
 * the direct series grows like (1 − z)^(−x) before the tiny power cancels it, which
 * overflows for heavy buyers; the transformed series stays near 1.
 */
export function bgNbdExpectedPurchases(params: BgNbdParams, t: number, row: BtydRow): number {
  if (t <= 0) return 0;
  const { r, alpha, a, b } = params;
  const x = row.frequency;
  const aT = alpha + row.T;
  const z = t / (aT + t);
  const hyp = hyp2f1(a + b - 1 - r, a - 1, a + b + x - 1, z);
  const num = 1 - Math.exp((a - 1) * Math.log(aT / (aT + t))) * hyp;
  const lead = (a + b + x - 1) / (a - 1);
  const den = x > 0 ? 1 + (a / (b + x - 1)) * Math.exp((r + x) * Math.log(aT / (alpha + row.recency))) : 1;
  return (lead * num) / den;
}

/**
 * Unconditional expected purchases of a new customer in (0, t] (paper eq. 9):
 *   E[X(t)] = (a + b − 1)/(a − 1) · [1 − (α/(α+t))^r · ₂F₁(r, b; a + b − 1; t/(α+t))].
 */
export function bgNbdExpectedPurchasesNew(params: BgNbdParams, t: number): number {
  if (t <= 0) return 0;
  const { r, alpha, a, b } = params;
  const hyp = hyp2f1(r, b, a + b - 1, t / (alpha + t));
  return ((a + b - 1) / (a - 1)) * (1 - Math.exp(r * Math.log(alpha / (alpha + t))) * hyp);
}
