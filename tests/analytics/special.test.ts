import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { lgamma, digamma, hyp2f1, lbeta } from '../../src/core/analytics/special';
import { nelderMead, bfgs } from '../../src/core/analytics/optimize';

describe('lgamma', () => {
  // Reference values: ln Γ from factorials and closed forms, and from published tables.
  const cases: [number, number][] = [
    [1, 0],
    [2, 0],
    [3, Math.log(2)],
    [10, Math.log(362880)],
    [0.5, 0.5 * Math.log(Math.PI)],
    [1.5, Math.log(Math.sqrt(Math.PI) / 2)],
    [-0.5, Math.log(2 * Math.sqrt(Math.PI))],
    [0.1, 2.252712651734206],
    [100, 359.1342053695754],
    [1e-5, 11.512919692895828],
    [171.5, 709.1431630309282],
  ];
  for (const [x, want] of cases) {
    it(`lgamma(${x})`, () => {
      expect(lgamma(x)).toBeCloseTo(want, 9);
    });
  }
  it('is +Infinity at the poles', () => {
    expect(lgamma(0)).toBe(Infinity);
    expect(lgamma(-3)).toBe(Infinity);
  });
  it('satisfies Γ(x+1) = xΓ(x)', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.01, max: 50, noNaN: true }), (x) => {
        expect(lgamma(x + 1)).toBeCloseTo(lgamma(x) + Math.log(x), 9);
      }),
    );
  });
  it('lbeta(a, b) = ln(Γ(a)Γ(b)/Γ(a+b))', () => {
    expect(lbeta(2, 3)).toBeCloseTo(Math.log(1 / 12), 12);
  });
});

describe('digamma', () => {
  const EULER = 0.5772156649015329;
  it('matches known values', () => {
    expect(digamma(1)).toBeCloseTo(-EULER, 12);
    expect(digamma(0.5)).toBeCloseTo(-EULER - 2 * Math.LN2, 12);
    expect(digamma(10)).toBeCloseTo(2.251752589066721, 12);
    expect(digamma(-0.5)).toBeCloseTo(0.03648997397857652, 10);
  });
  it('is the derivative of lgamma', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.05, max: 80, noNaN: true }), (x) => {
        const h = 1e-5 * Math.max(1, x);
        expect(digamma(x)).toBeCloseTo((lgamma(x + h) - lgamma(x - h)) / (2 * h), 5);
      }),
    );
  });
});

describe('hyp2f1', () => {
  it('matches closed forms', () => {
    // ₂F₁(1, 1; 2; z) = −ln(1 − z)/z and ₂F₁(a, b; b; z) = (1 − z)^(−a).
    for (const z of [0.01, 0.3, 0.7, 0.95]) {
      expect(hyp2f1(1, 1, 2, z)).toBeCloseTo(-Math.log(1 - z) / z, 10);
      expect(hyp2f1(2.5, 1.7, 1.7, z)).toBeCloseTo(Math.pow(1 - z, -2.5), 8);
    }
  });
  it('rejects |z| ≥ 1', () => {
    expect(hyp2f1(1, 1, 2, 1)).toBeNaN();
  });
});

describe('optimisers', () => {
  const rosen = (x: number[]): number => 100 * (x[1]! - x[0]! ** 2) ** 2 + (1 - x[0]!) ** 2;
  it('Nelder–Mead finds the Rosenbrock minimum', () => {
    const r = nelderMead(rosen, [-1.2, 1]);
    expect(r.converged).toBe(true);
    expect(r.x[0]).toBeCloseTo(1, 4);
    expect(r.x[1]).toBeCloseTo(1, 4);
  });
  it('BFGS finds the Rosenbrock minimum with the analytic gradient', () => {
    const r = bfgs(
      (x, g) => {
        g[0] = -400 * x[0]! * (x[1]! - x[0]! ** 2) - 2 * (1 - x[0]!);
        g[1] = 200 * (x[1]! - x[0]! ** 2);
        return rosen(x);
      },
      [-1.2, 1],
    );
    expect(r.converged).toBe(true);
    expect(r.x[0]).toBeCloseTo(1, 6);
    expect(r.x[1]).toBeCloseTo(1, 6);
  });
  it('BFGS stops on a flat ridge once the objective stops improving (ftol), instead of running to maxIter', () => {
    // f = 1 + exp(−x0) + (x1 − 2)²: the infimum is at x0 → ∞ (as BG/NBD's ln a, ln b on a base
    // where nobody drops out); the gradient never reaches gtol in a useful number of steps.
    const f = (x: number[], g: number[]) => { g[0] = -Math.exp(-x[0]!); g[1] = 2 * (x[1]! - 2); return 1 + Math.exp(-x[0]!) + (x[1]! - 2) ** 2; };
    const without = bfgs(f, [0, 0], { gtol: 1e-30, maxIter: 5000 });
    const withFtol = bfgs(f, [0, 0], { gtol: 1e-30, ftol: 1e-12, maxIter: 5000 });
    expect(without.iterations).toBeGreaterThan(1000);
    expect(withFtol.converged).toBe(true);
    expect(withFtol.iterations).toBeLessThan(200);
    expect(withFtol.fx).toBeCloseTo(1, 9);
    expect(withFtol.x[1]).toBeCloseTo(2, 6);
  });
});
