/**
 * Historical LTV = S × C × P × T (the "average check × frequency × margin × lifetime"
 * formula used in CRM practice), per client, per caller-defined group and for the base.
 *
 * - S, average check = revenue / orders.
 * - C, purchases per month = orders / observed months, where observed months run from the
 *   client's first purchase to the end of the analysed period (at least one month), so a
 *   client who started last week is not credited with a whole year of absence.
 * - P, margin share = (revenue − cost) / revenue when every line has a known cost, else 1.
 * - T, average active lifetime in months = (last − first purchase day + 1) / 30.44, at
 *   least 1 month; for groups and the base it is the mean of the clients' T.
 * Groups and the base aggregate S, C and P from sums (revenue, orders, observed months),
 * not by averaging client ratios, so large and small clients weigh in by their volume.
 */
import { DAYS_PER_MONTH } from './calendar';
import { clientStats } from './clientIndex';
import { allCostsKnown, type PurchaseTable } from './table';

/** The four factors and their product. */
export interface LtvFactors {
  S: number;
  C: number;
  P: number;
  T: number;
  ltv: number;
  clients: number;
}

/** LTV per client (NaN fields for clients without lines), per group and for the base. */
export interface LtvResult {
  perClient: { S: Float64Array; C: Float64Array; P: Float64Array; T: Float64Array; ltv: Float64Array };
  groups: Map<number, LtvFactors>;
  base: LtvFactors;
  marginKnown: boolean;
}

interface Acc {
  rev: number;
  mar: number;
  ord: number;
  obs: number;
  tSum: number;
  n: number;
}

function finish(a: Acc, useMargin: boolean): LtvFactors {
  const S = a.ord > 0 ? a.rev / a.ord : 0;
  const C = a.obs > 0 ? a.ord / a.obs : 0;
  const P = useMargin && a.rev !== 0 ? a.mar / a.rev : 1;
  const T = a.n > 0 ? a.tSum / a.n : 0;
  return { S, C, P, T, ltv: S * C * P * T, clients: a.n };
}

/**
 * Computes LTV factors from the lines before `periodEndDay` (exclusive), which closes the
 * observation window;
 * `groupOf[c]` (optional) assigns client c to a group, −1 for none.
 */
export function ltvAnalysis(t: PurchaseTable, periodEndDay: number, groupOf?: ArrayLike<number>): LtvResult {
  const st = clientStats(t, -2147483648, periodEndDay);
  const useMargin = allCostsKnown(t, -2147483648, periodEndDay);
  const nc = t.clientIds.length;
  const S = new Float64Array(nc).fill(NaN);
  const C = new Float64Array(nc).fill(NaN);
  const P = new Float64Array(nc).fill(NaN);
  const T = new Float64Array(nc).fill(NaN);
  const ltv = new Float64Array(nc).fill(NaN);
  const base: Acc = { rev: 0, mar: 0, ord: 0, obs: 0, tSum: 0, n: 0 };
  const groups = new Map<number, Acc>();
  for (let c = 0; c < nc; c++) {
    if (!st.present[c]) continue;
    const rev = st.revenue[c] as number;
    const ord = st.orders[c] as number;
    const first = st.firstDay[c] as number;
    const obs = Math.max(1, (periodEndDay - first) / DAYS_PER_MONTH);
    const life = Math.max(1, ((st.lastDay[c] as number) - first + 1) / DAYS_PER_MONTH);
    const own = finish({ rev, mar: st.margin[c] as number, ord, obs, tSum: life, n: 1 }, useMargin);
    S[c] = own.S;
    C[c] = own.C;
    P[c] = own.P;
    T[c] = own.T;
    ltv[c] = own.ltv;
    const accs = [base];
    const g = groupOf ? (groupOf[c] ?? -1) : -1;
    if (g >= 0) {
      let a = groups.get(g);
      if (!a) {
        a = { rev: 0, mar: 0, ord: 0, obs: 0, tSum: 0, n: 0 };
        groups.set(g, a);
      }
      accs.push(a);
    }
    for (const a of accs) {
      a.rev += rev;
      a.mar += st.margin[c] as number;
      a.ord += ord;
      a.obs += obs;
      a.tSum += life;
      a.n++;
    }
  }
  const out = new Map<number, LtvFactors>();
  for (const [g, a] of groups) out.set(g, finish(a, useMargin));
  return { perClient: { S, C, P, T, ltv }, groups: out, base: finish(base, useMargin), marginKnown: useMargin };
}
