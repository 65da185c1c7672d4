import { flat, historyLog } from '../schema/layout';
import { fkey } from '../schema/flat';
import {
  CLIENT_MARKS, LOST_REASONS, LOYALTY_MARKS, type ClientId, type ClientMark, type LostReason, type LoyaltyMark, isClientId,
} from '../model/client';
import { storeOf } from '../queries/store';
import type { HistoryEntry } from '../queries/clients';
import { err, ok, type Result } from '../util/result';
import { run, type Ctx } from './context';

/**
 * Client marks of the work area. Each mark is one overlay key (`mark:X` / `loyalty:X` → true/false,
 * `referredBy`, `lostAt`, `lostReason`, `lostNote`), so two laptops setting different marks
 * offline both keep theirs. Every change is also appended to the history.
 */
function change(ctx: Ctx, id: ClientId, field: string, from: unknown, to: unknown): void {
  const col = flat(ctx.doc, 'clients');
  col.set(fkey(id, field), to);
  historyLog<HistoryEntry>(ctx.doc).push([{ clientId: id, at: ctx.now(), by: ctx.me, field, from: from ?? null, to: to ?? null }]);
}

function stamp(ctx: Ctx, id: ClientId): void {
  const col = flat(ctx.doc, 'clients');
  col.set(fkey(id, 'updatedAt'), ctx.now());
  col.set(fkey(id, 'updatedBy'), ctx.me);
}

const markKey = (mark: ClientMark | LoyaltyMark): string | null =>
  (CLIENT_MARKS as readonly string[]).includes(mark) ? `mark:${mark}` : (LOYALTY_MARKS as readonly string[]).includes(mark) ? `loyalty:${mark}` : null;

/** Sets or clears a manual mark: key-account (potential, prestige, innovator, demanding) or loyalty (adherent, advocate). */
export function setClientMark(ctx: Ctx, id: ClientId, mark: ClientMark | LoyaltyMark, on: boolean): Result<boolean> {
  const key = markKey(mark);
  if (!key) return err('unknown mark');
  return run(ctx, 'setClientMark', () => {
    const cur = storeOf(ctx.doc).merged('clients', id);
    if (!cur) return err('no such client');
    const was = cur[key] === true;
    if (was === on) return ok(false);
    change(ctx, id, key, was, on);
    stamp(ctx, id);
    return ok(true);
  });
}

/** Who recommended this client ('' clears it). A client cannot recommend itself. */
export function setReferredBy(ctx: Ctx, id: ClientId, referrer: ClientId | ''): Result<boolean> {
  if (referrer !== '' && !isClientId(referrer)) return err('bad referrer');
  if (referrer === id) return err('a client cannot refer itself');
  return run(ctx, 'setReferredBy', () => {
    const s = storeOf(ctx.doc);
    const cur = s.merged('clients', id);
    if (!cur) return err('no such client');
    if (referrer && !s.has('clients', referrer)) return err('no such referrer');
    if ((cur.referredBy ?? '') === referrer) return ok(false);
    change(ctx, id, 'referredBy', cur.referredBy ?? '', referrer);
    stamp(ctx, id);
    return ok(true);
  });
}

/** Marks a client lost with the questionnaire answer (reason + free text). Re-marking updates the reason. */
export function markLost(ctx: Ctx, id: ClientId, reason: LostReason, note = ''): Result<boolean> {
  if (!(LOST_REASONS as readonly string[]).includes(reason)) return err('unknown reason');
  const n = note.trim();
  if (reason === 'other' && !n) return err('say what the other reason is');
  return run(ctx, 'markLost', () => {
    const cur = storeOf(ctx.doc).merged('clients', id);
    if (!cur) return err('no such client');
    let changed = false;
    if (!cur.lostAt) { change(ctx, id, 'lostAt', '', ctx.now()); changed = true; }
    if ((cur.lostReason ?? '') !== reason) { change(ctx, id, 'lostReason', cur.lostReason ?? '', reason); changed = true; }
    if ((cur.lostNote ?? '') !== n) { change(ctx, id, 'lostNote', cur.lostNote ?? '', n); changed = true; }
    if (changed) stamp(ctx, id);
    return ok(changed);
  });
}

/** The client came back (won back): clears the lost mark; the reason stays in the history. */
export function markWonBack(ctx: Ctx, id: ClientId): Result<boolean> {
  return run(ctx, 'markWonBack', () => {
    const cur = storeOf(ctx.doc).merged('clients', id);
    if (!cur) return err('no such client');
    if (!cur.lostAt) return ok(false);
    change(ctx, id, 'lostAt', cur.lostAt, '');
    if (cur.lostReason) change(ctx, id, 'lostReason', cur.lostReason, '');
    if (cur.lostNote) change(ctx, id, 'lostNote', cur.lostNote, '');
    stamp(ctx, id);
    return ok(true);
  });
}
