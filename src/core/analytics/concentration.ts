/**
 * Key clients and dependence on them. A client's share = their revenue / total revenue
 * (percent; shares sum to 100). Share > 10 % → key client, > 50 % → critical dependency;
 * warning levels when a share reaches 20, 30 or 40 %. Herfindahl–Hirschman index =
 * Σ share² over percentage shares (0 … 10 000; 10 000 = a single client).
 */
import { ok, err, type Result } from '../util/result';
import { clientStats } from './clientIndex';
import type { PurchaseTable } from './table';

/** Thresholds in percent; defaults are the ones in the module header. */
export interface ConcentrationOptions {
  keyShare?: number;
  criticalShare?: number;
  warningLevels?: readonly number[];
  /** A group holding more key clients than this is flagged (default 3). */
  maxKeyClientsPerGroup?: number;
  /** Period as day numbers, fromDay ≤ day < toDay; default all lines. */
  fromDay?: number;
  toDay?: number;
}

/** One client's share and flags. */
export interface ClientShare {
  client: number;
  clientId: string;
  revenue: number;
  share: number;
  key: boolean;
  critical: boolean;
  /** Highest warning level reached (e.g. 30), or 0. */
  warning: number;
}

/** Per-group (manager, department) concentration. */
export interface GroupConcentration {
  group: number;
  revenue: number;
  /** Group's share of total revenue, %. */
  share: number;
  /** HHI of the group's clients over the group's own revenue. */
  hhi: number;
  /** Key clients of the whole base that belong to the group. */
  keyClients: string[];
  /** Clients above the key share of the group's own revenue. */
  keyClientsInGroup: string[];
  /** True when keyClients.length exceeds the per-group maximum. */
  tooManyKeyClients: boolean;
}

/** Concentration of the base, optionally per group. */
export interface ConcentrationResult {
  total: number;
  hhi: number;
  /** Clients by descending share (ties by id). */
  clients: ClientShare[];
  keyClients: number;
  criticalDependency: boolean;
  groups: GroupConcentration[];
}

/**
 * Concentration over the lines of the period (opts.fromDay/toDay). `groupOf[c]` maps
 * client c to a group index (−1: none). Fails when the total revenue is not positive.
 */
export function concentrationAnalysis(
  t: PurchaseTable,
  groupOf?: ArrayLike<number>,
  opts: ConcentrationOptions = {},
): Result<ConcentrationResult> {
  const keyShare = opts.keyShare ?? 10;
  const criticalShare = opts.criticalShare ?? 50;
  const levels = [...(opts.warningLevels ?? [20, 30, 40])].sort((a, b) => a - b);
  const maxKey = opts.maxKeyClientsPerGroup ?? 3;
  const st = clientStats(t, opts.fromDay, opts.toDay);
  const nc = t.clientIds.length;
  let total = 0;
  for (let c = 0; c < nc; c++) if (st.present[c]) total += st.revenue[c] as number;
  if (!(total > 0)) return err('total revenue is not positive');
  const clients: ClientShare[] = [];
  let hhi = 0;
  let keyClients = 0;
  let criticalDependency = false;
  for (let c = 0; c < nc; c++) {
    if (!st.present[c]) continue;
    const revenue = st.revenue[c] as number;
    const share = (revenue / total) * 100;
    hhi += share * share;
    let warning = 0;
    for (const l of levels) if (share >= l) warning = l;
    const key = share > keyShare;
    const critical = share > criticalShare;
    if (key) keyClients++;
    if (critical) criticalDependency = true;
    clients.push({ client: c, clientId: t.clientIds[c] as string, revenue, share, key, critical, warning });
  }
  clients.sort((x, y) => y.share - x.share || (x.clientId < y.clientId ? -1 : 1));
  const groups: GroupConcentration[] = [];
  if (groupOf) {
    const byGroup = new Map<number, ClientShare[]>();
    for (const cs of clients) {
      const g = groupOf[cs.client] ?? -1;
      if (g < 0) continue;
      let list = byGroup.get(g);
      if (!list) byGroup.set(g, (list = []));
      list.push(cs);
    }
    for (const [group, list] of [...byGroup].sort((a, b) => a[0] - b[0])) {
      const revenue = list.reduce((s, cs) => s + cs.revenue, 0);
      let ghhi = 0;
      const inGroup: string[] = [];
      for (const cs of list) {
        const s = revenue !== 0 ? (cs.revenue / revenue) * 100 : 0;
        ghhi += s * s;
        if (s > keyShare) inGroup.push(cs.clientId);
      }
      const key = list.filter((cs) => cs.key).map((cs) => cs.clientId);
      groups.push({
        group,
        revenue,
        share: (revenue / total) * 100,
        hhi: ghhi,
        keyClients: key,
        keyClientsInGroup: inGroup,
        tooManyKeyClients: key.length > maxKey,
      });
    }
  }
  return ok({ total, hhi, clients, keyClients, criticalDependency, groups });
}
