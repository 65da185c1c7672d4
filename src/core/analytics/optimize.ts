/**
 * Small unconstrained minimisers for the model fits. Parameters are optimised on the log
 * scale by the callers, which keeps them positive without constraints.
 */

/** Result of a minimisation. */
export interface MinimizeResult {
  x: number[];
  fx: number;
  iterations: number;
  converged: boolean;
}

/**
 * Nelder–Mead simplex (standard coefficients 1, 2, ½, ½). Derivative-free, so it is used
 * where a gradient is not worth writing (Gamma-Gamma, 3 parameters).
 */
export function nelderMead(
  f: (x: number[]) => number,
  x0: number[],
  opts: { step?: number; maxIter?: number; tol?: number } = {},
): MinimizeResult {
  const n = x0.length;
  const step = opts.step ?? 0.5;
  const maxIter = opts.maxIter ?? 5000;
  const tol = opts.tol ?? 1e-12;
  const pts: number[][] = [x0.slice()];
  for (let i = 0; i < n; i++) {
    const p = x0.slice();
    p[i] = (p[i] as number) + step;
    pts.push(p);
  }
  const val = pts.map((p) => f(p));
  const order = (): void => {
    const ix = val.map((_, i) => i).sort((i, j) => (val[i] as number) - (val[j] as number));
    const p2 = ix.map((i) => pts[i] as number[]);
    const v2 = ix.map((i) => val[i] as number);
    for (let i = 0; i <= n; i++) {
      pts[i] = p2[i] as number[];
      val[i] = v2[i] as number;
    }
  };
  const comb = (a: number[], b: number[], t: number): number[] => a.map((ai, i) => ai + t * ((b[i] as number) - ai));
  let it = 0;
  let converged = false;
  for (; it < maxIter; it++) {
    order();
    const best = val[0] as number;
    const worst = val[n] as number;
    let spread = 0;
    for (let i = 1; i <= n; i++)
      for (let j = 0; j < n; j++) spread = Math.max(spread, Math.abs((pts[i] as number[])[j]! - (pts[0] as number[])[j]!));
    if (Math.abs(worst - best) <= tol * (Math.abs(best) + tol) && spread < 1e-9) {
      converged = true;
      break;
    }
    const centroid = new Array<number>(n).fill(0);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) centroid[j]! += (pts[i] as number[])[j]! / n;
    const worstP = pts[n] as number[];
    const xr = comb(centroid, worstP, -1);
    const fr = f(xr);
    if (fr < best) {
      const xe = comb(centroid, worstP, -2);
      const fe = f(xe);
      if (fe < fr) {
        pts[n] = xe;
        val[n] = fe;
      } else {
        pts[n] = xr;
        val[n] = fr;
      }
    } else if (fr < (val[n - 1] as number)) {
      pts[n] = xr;
      val[n] = fr;
    } else {
      const outside = fr < worst;
      const xc = outside ? comb(centroid, xr, 0.5) : comb(centroid, worstP, 0.5);
      const fc = f(xc);
      if (fc < (outside ? fr : worst)) {
        pts[n] = xc;
        val[n] = fc;
      } else {
        for (let i = 1; i <= n; i++) {
          pts[i] = comb(pts[0] as number[], pts[i] as number[], 0.5);
          val[i] = f(pts[i] as number[]);
        }
      }
    }
  }
  order();
  return { x: pts[0] as number[], fx: val[0] as number, iterations: it, converged };
}

/**
 * BFGS quasi-Newton with a backtracking (Armijo) line search. Used for the BG/NBD fit,
 * whose analytic gradient makes it converge in a few dozen likelihood evaluations —
 * the difference between ~100 ms and a second on 25 000 customers.
 * `fg` returns the value and writes the gradient into `g`.
 */
export function bfgs(
  fg: (x: number[], g: number[]) => number,
  x0: number[],
  opts: { maxIter?: number; gtol?: number; ftol?: number } = {},
): MinimizeResult {
  const n = x0.length;
  const maxIter = opts.maxIter ?? 500;
  const gtol = opts.gtol ?? 1e-9;
  const ftol = opts.ftol ?? 0;
  let flat = 0;
  let x = x0.slice();
  let g = new Array<number>(n).fill(0);
  let fx = fg(x, g);
  // Inverse Hessian approximation, starts as identity.
  let H: number[][] = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
  let it = 0;
  let converged = false;
  const gNew = new Array<number>(n).fill(0);
  for (; it < maxIter; it++) {
    const gmax = Math.max(...g.map((v) => Math.abs(v)));
    if (!(gmax > gtol)) {
      converged = gmax === gmax;
      break;
    }
    const d = H.map((row) => -row.reduce((s, h, j) => s + h * (g[j] as number), 0));
    let slope = d.reduce((s, di, i) => s + di * (g[i] as number), 0);
    if (slope >= 0) {
      // Not a descent direction (H lost positive definiteness): restart on steepest descent.
      H = H.map((row, i) => row.map((_, j) => (i === j ? 1 : 0)));
      for (let i = 0; i < n; i++) d[i] = -(g[i] as number);
      slope = -d.reduce((s, di) => s + di * di, 0);
    }
    let t = 1;
    let xn: number[] = x;
    let fn = Infinity;
    for (let ls = 0; ls < 60; ls++) {
      xn = x.map((xi, i) => xi + t * (d[i] as number));
      fn = fg(xn, gNew);
      if (fn === fn && fn <= fx + 1e-4 * t * slope) break;
      t *= 0.5;
    }
    if (!(fn <= fx)) break;
    const s = xn.map((xi, i) => xi - (x[i] as number));
    const y = gNew.map((gi, i) => gi - (g[i] as number));
    const sy = s.reduce((acc, si, i) => acc + si * (y[i] as number), 0);
    const improvement = fx - fn;
    x = xn;
    fx = fn;
    g = gNew.slice();
    if (sy > 1e-18) {
      const Hy = H.map((row) => row.reduce((acc, h, j) => acc + h * (y[j] as number), 0));
      const yHy = y.reduce((acc, yi, i) => acc + yi * (Hy[i] as number), 0);
      const rho = 1 / sy;
      H = H.map((row, i) =>
        row.map(
          (h, j) =>
            h -
            rho * ((Hy[i] as number) * (s[j] as number) + (s[i] as number) * (Hy[j] as number)) +
            (rho * rho * yHy + rho) * (s[i] as number) * (s[j] as number),
        ),
      );
    }
    if (improvement <= 1e-15 * Math.abs(fx) && Math.max(...s.map((v) => Math.abs(v))) < 1e-12) {
      converged = true;
      break;
    }
    // A flat ridge (e.g. BG/NBD's a, b → ∞ when nobody seems to drop out) never meets gtol:
    // stop once several steps in a row improve the objective by less than ftol (relative),
    // as scipy's L-BFGS-B does with its factr/ftol criterion.
    flat = improvement <= ftol * Math.max(1, Math.abs(fx)) ? flat + 1 : 0;
    if (ftol > 0 && flat >= 5) {
      converged = true;
      break;
    }
  }
  return { x, fx, iterations: it, converged };
}
