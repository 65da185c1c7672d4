import type * as Y from 'yjs';
import type { ClientId } from '../model/client';
import { type Interaction, validateInteraction } from '../model/interaction';
import type { Plan } from '../model/plan';
import type { PurchaseLine } from '../model/purchase';
import { clientHistory, type HistoryEntry } from './clients';
import { plansOf } from './plans';
import { storeOf } from './store';

export function interactionsOf(doc: Y.Doc, clientId: ClientId): Interaction[] {
  return storeOf(doc).liveOfClient('interactions', clientId, validateInteraction);
}

/** A purchase on the timeline: the lines of one order (or, without an order number, of one day). */
export interface PurchaseGroup { orderId: string; lines: number; amount: number; products: string[] }

export type TimelineItem =
  | { kind: 'interaction'; day: string; at: string; interaction: Interaction }
  | { kind: 'purchase'; day: string; at: string; purchase: PurchaseGroup }
  | { kind: 'plan'; day: string; at: string; plan: Plan }
  | { kind: 'change'; day: string; at: string; change: HistoryEntry };

/** Groups purchase lines per order (lines without an order number: per day). */
export function groupPurchases(lines: readonly PurchaseLine[]): { day: string; group: PurchaseGroup }[] {
  const by = new Map<string, { day: string; group: PurchaseGroup }>();
  for (const l of lines) {
    const key = l.orderId ? `o:${l.orderId}` : `d:${l.date}`;
    let g = by.get(key);
    if (!g) { g = { day: l.date, group: { orderId: l.orderId, lines: 0, amount: 0, products: [] } }; by.set(key, g); }
    if (l.date > g.day) g.day = l.date;
    g.group.lines++;
    g.group.amount += l.amount;
    const name = l.product || l.category;
    if (name && !g.group.products.includes(name)) g.group.products.push(name);
  }
  return [...by.values()];
}

/**
 * A client's timeline, newest first: logged contacts, purchases (one entry per order or day),
 * plans (on the day they were entered) and field changes from the history.
 */
export function clientTimeline(doc: Y.Doc, clientId: ClientId, purchases: readonly PurchaseLine[]): TimelineItem[] {
  const out: TimelineItem[] = [];
  for (const i of interactionsOf(doc, clientId)) out.push({ kind: 'interaction', day: i.date, at: i.createdAt, interaction: i });
  for (const g of groupPurchases(purchases)) out.push({ kind: 'purchase', day: g.day, at: '', purchase: g.group });
  for (const p of plansOf(doc, clientId)) out.push({ kind: 'plan', day: (p.createdAt || p.date).slice(0, 10), at: p.createdAt, plan: p });
  for (const h of clientHistory(doc, clientId)) out.push({ kind: 'change', day: h.at.slice(0, 10), at: h.at, change: h });
  return out.sort((a, b) => b.day.localeCompare(a.day) || b.at.localeCompare(a.at));
}
