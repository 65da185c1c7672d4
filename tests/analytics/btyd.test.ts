import { describe, it, expect } from 'vitest';
import {
  fitBgNbd, bgNbdExpectedPurchases, bgNbdExpectedPurchasesNew, bgNbdProbabilityAlive, bgNbdLogLikelihood, fitBgNbdRows,
  fitGammaGamma, gammaGammaExpectedSpend, gammaGammaLogLikelihood, predictiveClv, customerSummary,
} from '../../src/core/analytics/index';
import { rng, gammaSample, simulateBgNbd, simulateGammaGamma } from './simulate';
import { hyp2f1 } from '../../src/core/analytics/special';

// Maximum-likelihood estimates on the CDNOW 2,357-customer summary (FHL 2005, Table 1 rounded).
const CDNOW = { r: 0.242594, alpha: 4.413597, a: 0.792923, b: 2.425891 };

describe('BG/NBD predictions', () => {
  it("match Hardie's spreadsheet: E[Y(39) | x = 2, t_x = 30.43, T = 38.86] = 1.226", () => {
    expect(bgNbdExpectedPurchases(CDNOW, 39, { frequency: 2, recency: 30.43, T: 38.86 })).toBeCloseTo(1.226, 3);
  });
  it("match Hardie's spreadsheet for the unconditional E[X(t)]", () => {
    const times = [0.1429, 1.0, 3.0, 31.8571, 32.0, 78.0];
    const want = [0.0078, 0.0532, 0.1506, 1.0405, 1.0437, 1.8576];
    times.forEach((t, i) => expect(Math.abs(bgNbdExpectedPurchasesNew(CDNOW, t) - want[i]!)).toBeLessThan(1e-3));
  });
  it('agree with a Monte-Carlo posterior (importance sampling from the prior)', () => {
    const u = rng(42);
    const row = { frequency: 3, recency: 20, T: 35 };
    const t = 26;
    let sumL = 0;
    let sumAlive = 0;
    let sumE = 0;
    for (let k = 0; k < 300_000; k++) {
      const lambda = gammaSample(u, CDNOW.r) / CDNOW.alpha;
      const ga = gammaSample(u, CDNOW.a);
      const p = ga / (ga + gammaSample(u, CDNOW.b));
      const x = row.frequency;
      const alive = Math.pow(1 - p, x) * Math.pow(lambda, x) * Math.exp(-lambda * row.T);
      const dead = p * Math.pow(1 - p, x - 1) * Math.pow(lambda, x) * Math.exp(-lambda * row.recency);
      sumL += alive + dead;
      sumAlive += alive;
      // Alive at T: the individual-level E[X(t) | λ, p] = (1 − e^(−λpt)) / p (FHL 2005 eq. 7).
      sumE += (alive * (1 - Math.exp(-lambda * p * t))) / p;
    }
    expect(bgNbdProbabilityAlive(CDNOW, row)).toBeCloseTo(sumAlive / sumL, 2);
    const e = bgNbdExpectedPurchases(CDNOW, t, row);
    expect(Math.abs(e / (sumE / sumL) - 1)).toBeLessThan(0.03);
  });
  it('stays finite for heavy buyers and agrees with the direct (untransformed) series', () => {
    const direct = (t: number, x: number, tx: number, T: number): number => {
      const { r, alpha, a, b } = CDNOW;
      const aT = alpha + T;
      const num = 1 - Math.pow(aT / (aT + t), r + x) * hyp2f1(r + x, b + x, a + b + x - 1, t / (aT + t));
      const den = x > 0 ? 1 + (a / (b + x - 1)) * Math.pow(aT / (alpha + tx), r + x) : 1;
      return (((a + b + x - 1) / (a - 1)) * num) / den;
    };
    for (const [x, tx] of [[0, 0], [1, 5], [7, 30], [20, 38]] as const)
      expect(bgNbdExpectedPurchases(CDNOW, 52, { frequency: x, recency: tx, T: 38.86 })).toBeCloseTo(direct(52, x, tx, 38.86), 8);
    // 600 repeat purchases, the last one at T: the direct series overflows, the transformed one does not.
    const heavy = bgNbdExpectedPurchases(CDNOW, 520, { frequency: 600, recency: 38.86, T: 38.86 });
    expect(Number.isFinite(direct(520, 600, 38.86, 38.86))).toBe(false);
    expect(Number.isFinite(heavy)).toBe(true);
    // Never more than with no dropout at all: posterior mean rate (r + x)/(α + T) times t.
    expect(heavy).toBeLessThan((520 * (CDNOW.r + 600)) / (CDNOW.alpha + 38.86));
    expect(heavy).toBeGreaterThan(100);
  });
  it('P(alive) is 1 without repeat purchases and falls as the customer stays away', () => {
    expect(bgNbdProbabilityAlive(CDNOW, { frequency: 0, recency: 0, T: 30 })).toBe(1);
    const recent = bgNbdProbabilityAlive(CDNOW, { frequency: 5, recency: 30, T: 31 });
    const gone = bgNbdProbabilityAlive(CDNOW, { frequency: 5, recency: 5, T: 31 });
    expect(recent).toBeGreaterThan(gone);
    expect(bgNbdExpectedPurchases(CDNOW, 0, { frequency: 5, recency: 5, T: 31 })).toBe(0);
  });
});

describe('BG/NBD fit', () => {
  it('recovers known parameters from simulated data', () => {
    const truth = { r: 0.6, alpha: 6, a: 0.9, b: 3 };
    const sim = simulateBgNbd(truth, 20_000, 52, 1234);
    const fit = fitBgNbd(sim);
    expect(Math.abs(fit.r / truth.r - 1)).toBeLessThan(0.08);
    expect(Math.abs(fit.alpha / truth.alpha - 1)).toBeLessThan(0.12);
    expect(Math.abs(fit.a / truth.a - 1)).toBeLessThan(0.25);
    expect(Math.abs(fit.b / truth.b - 1)).toBeLessThan(0.3);
    // The optimum is a maximum: the true parameters cannot score higher.
    const llTruth = bgNbdLogLikelihood(truth, sim);
    expect(llTruth.ok && llTruth.value).toBeLessThanOrEqual(fit.logLikelihood + 1e-6);
  });
  it('fails as a value on bad rows and empty input', () => {
    expect(fitBgNbdRows([]).ok).toBe(false);
    expect(fitBgNbdRows([{ frequency: 1, recency: 5, T: 3 }]).ok).toBe(false);
    expect(() => fitBgNbd([])).toThrow(RangeError);
  });
});

describe('Gamma-Gamma', () => {
  it('recovers known parameters from simulated spend', () => {
    const truth = { p: 6.25, q: 3.74, v: 15.45 };
    const u = rng(9);
    const freqs = Array.from({ length: 20_000 }, () => 1 + Math.floor(u() * 8));
    const rows = simulateGammaGamma(truth, freqs, 77);
    const fit = fitGammaGamma(rows);
    // p and v trade off against each other (their product sets the scale), so across seeds
    // they wander ±10 %; q and the mean spend pv/(q − 1) are pinned down much more tightly.
    expect(Math.abs(fit.q / truth.q - 1)).toBeLessThan(0.05);
    expect(Math.abs((fit.p * fit.v) / (fit.q - 1) / ((truth.p * truth.v) / (truth.q - 1)) - 1)).toBeLessThan(0.02);
    expect(Math.abs(fit.p / truth.p - 1)).toBeLessThan(0.15);
    expect(Math.abs(fit.v / truth.v - 1)).toBeLessThan(0.2);
    expect(fit.customers).toBe(20_000);
    // The optimiser reached the maximum: the true parameters do not score higher.
    expect(gammaGammaLogLikelihood(truth, rows)).toBeLessThanOrEqual(fit.logLikelihood + 1e-6);
  });
  it('ignores one-time buyers and computes the conditional expected spend', () => {
    const rows = simulateGammaGamma({ p: 6, q: 4, v: 15 }, Array.from({ length: 3000 }, (_, i) => i % 4), 5);
    expect(fitGammaGamma(rows).customers).toBe(2250);
    const gg = { p: 6, q: 4, v: 15 };
    // p(γ + x z̄)/(px + q − 1) = 6 · (15 + 2 · 20) / 15 = 22.
    expect(gammaGammaExpectedSpend(gg, 2, 20)).toBeCloseTo(22, 12);
    expect(gammaGammaExpectedSpend(gg, 0, 0)).toBeCloseTo(30, 12); // population mean pγ/(q − 1)
    expect(() => fitGammaGamma([{ frequency: 0, monetaryValue: 0 }])).toThrow(RangeError);
  });
});

describe('predictive CLV', () => {
  const gg = { p: 6, q: 4, v: 15 };
  const row = { frequency: 2, recency: 30.43, T: 38.86, monetaryValue: 20 };
  const L = 30.4375 / 7;
  it('without discounting equals expected purchases over the horizon × expected spend', () => {
    const clv = predictiveClv(CDNOW, gg, row, { months: 12, monthlyDiscountRate: 0, unitsPerMonth: L });
    expect(clv).toBeCloseTo(bgNbdExpectedPurchases(CDNOW, 12 * L, row) * 22, 9);
  });
  it('discounts each month at its end', () => {
    const one = predictiveClv(CDNOW, gg, row, { months: 1, monthlyDiscountRate: 0.1, unitsPerMonth: L });
    expect(one).toBeCloseTo((bgNbdExpectedPurchases(CDNOW, L, row) * 22) / 1.1, 9);
    const d = predictiveClv(CDNOW, gg, row, { months: 12, monthlyDiscountRate: 0.01, unitsPerMonth: L });
    expect(d).toBeLessThan(predictiveClv(CDNOW, gg, row, { months: 12, monthlyDiscountRate: 0, unitsPerMonth: L }));
  });
});

describe('customerSummary', () => {
  it('merges same-day transactions, counts repeat days, measures from the first day', () => {
    const tx = [
      { customerId: 'a', date: '2024-01-01', amount: 10 },
      { customerId: 'a', date: '2024-01-01', amount: 5 },
      { customerId: 'a', date: '2024-01-08', amount: 20 },
      { customerId: 'b', date: '2024-01-29', amount: 7 },
      { customerId: 'a', date: '2024-01-15', amount: 12 },
      { customerId: 'a', date: '2024-01-15', amount: 18 },
      { customerId: 'a', date: '2024-02-01', amount: 999 }, // after calibration end
    ];
    expect(customerSummary(tx, '2024-01-29', 'week')).toEqual([
      { customerId: 'a', frequency: 2, recency: 2, T: 4, monetaryValue: 25 },
      { customerId: 'b', frequency: 0, recency: 0, T: 0, monetaryValue: 0 },
    ]);
    expect(customerSummary(tx, '2024-01-29', 'day')[0]).toEqual({ customerId: 'a', frequency: 2, recency: 14, T: 28, monetaryValue: 25 });
    expect(() => customerSummary(tx, '2024-13-01', 'day')).toThrow(RangeError);
  });
});
