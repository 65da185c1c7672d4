import type * as Y from 'yjs';
import type { Client, ClientId, ClientMark } from '../model/client';
import type { MemberId } from '../model/member';
import type { PurchaseChunk } from '../model/purchase';
import { isoToDay } from '../util/day';
import { allChunks } from './purchases';
import { storeOf } from './store';

/** A client is a key account by volume when its share of the last 12 months' sales is above this. */
export const VOLUME_SHARE = 0.1;
/** A manager holding more key clients than this is warned: key accounts need time. */
export const KEY_LIMIT = 3;

export interface Shares { total: number; byClient: Map<string, number> }

/** Sales per client over the `days` up to and including `today` (returns subtract), straight from the chunk columns. */
export function salesShares(chunks: readonly PurchaseChunk[], today: string, days = 365): Shares {
  const end = isoToDay(today), start = end - days + 1;
  const byClient = new Map<string, number>();
  let total = 0;
  for (const c of chunks) {
    const sums = new Float64Array(c.clients.length);
    for (let i = 0; i < c.n; i++) {
      const d = c.day[i]!;
      if (d < start || d > end) continue;
      sums[c.client[i]!]! += c.amount[i]!;
    }
    for (let k = 0; k < sums.length; k++) {
      if (sums[k] === 0) continue;
      const id = c.clients[k]!;
      byClient.set(id, (byClient.get(id) ?? 0) + sums[k]!);
      total += sums[k]!;
    }
  }
  return { total, byClient };
}

const cache = new WeakMap<Y.Doc, { day: string; v: Shares | null }>();

/**
 * Sales shares of a doc, recomputed only when its batches change (purchases live only in
 * batches) or the day changes — not on every edit: decoding a million lines takes ~100 ms.
 */
export function cachedShares(doc: Y.Doc, today: string): Shares {
  let c = cache.get(doc);
  if (!c) {
    const entry: { day: string; v: Shares | null } = { day: '', v: null };
    c = entry;
    cache.set(doc, entry);
    storeOf(doc).subscribe((_kind, changed) => { if (changed === null) entry.v = null; });
  }
  if (!c.v || c.day !== today) { c.v = salesShares(allChunks(doc), today); c.day = today; }
  return c.v;
}

export const shareOf = (s: Shares, id: ClientId): number => (s.total > 0 ? Math.max(0, s.byClient.get(id) ?? 0) / s.total : 0);

export interface KeyInfo { client: Client; share: number; volume: boolean; marks: ClientMark[]; key: boolean }

export function keyInfo(c: Client, s: Shares): KeyInfo {
  const share = shareOf(s, c.id);
  const volume = share > VOLUME_SHARE;
  const marks = c.marks ?? [];
  return { client: c, share, volume, marks, key: volume || c.isKey || marks.length > 0 };
}

/** Key clients (by volume, by the "key" checkbox or by any manual mark), biggest share first. */
export function keyAccounts(clients: Iterable<Client>, s: Shares): KeyInfo[] {
  const out: KeyInfo[] = [];
  for (const c of clients) {
    if (c.deletedAt) continue;
    const k = keyInfo(c, s);
    if (k.key) out.push(k);
  }
  return out.sort((a, b) => b.share - a.share || a.client.name.localeCompare(b.client.name));
}

/** Managers holding more than KEY_LIMIT key clients, with their count. */
export function overloadedManagers(keys: readonly KeyInfo[]): { managerId: MemberId; count: number }[] {
  const by = new Map<MemberId, number>();
  for (const k of keys) if (k.client.managerId) by.set(k.client.managerId, (by.get(k.client.managerId) ?? 0) + 1);
  return [...by].filter(([, n]) => n > KEY_LIMIT).map(([managerId, count]) => ({ managerId, count })).sort((a, b) => b.count - a.count);
}

/** The win-back list: clients marked lost (not deleted), most recently lost first. */
export function lostClients(clients: Iterable<Client>): Client[] {
  const out: Client[] = [];
  for (const c of clients) if (c.lostAt && !c.deletedAt) out.push(c);
  return out.sort((a, b) => (b.lostAt ?? '').localeCompare(a.lostAt ?? ''));
}

/** Clients this client recommended. */
export function referralsOf(clients: Iterable<Client>, id: ClientId): Client[] {
  const out: Client[] = [];
  for (const c of clients) if (c.referredBy === id && !c.deletedAt) out.push(c);
  return out.sort((a, b) => a.name.localeCompare(b.name));
}
