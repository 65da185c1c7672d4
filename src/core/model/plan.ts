import type { Brand } from './ids';
import { isIdShape, randomId } from './ids';
import type { ClientId } from './client';
import { isClientId } from './client';
import { err, ok, type Result } from '../util/result';
import { isIsoDay, isNum, isObj, stampedFrom, str, type Stamped } from './common';

/** A future purchase a client is expected to make (also a deal on the pipeline board). */
export type PlanId = Brand<string, 'PlanId'>;
export const newPlanId = (): PlanId => randomId('pln') as PlanId;
export const isPlanId = (v: unknown): v is PlanId => isIdShape(v, 'pln');

export const DEFAULT_STAGES = ['lead', 'offer', 'negotiation', 'won', 'lost'] as const;

export interface Plan extends Stamped {
  id: PlanId;
  clientId: ClientId;
  what: string;
  amount: number;
  date: string; // expected month/day
  probability: number; // 0..1
  stage: string;
  deletedAt: string;
}

export function validatePlan(raw: unknown): Result<Plan> {
  if (!isObj(raw) || !isPlanId(raw.id)) return err('plan: bad id');
  if (!isClientId(raw.clientId)) return err('plan: bad client id');
  if (!isIsoDay(raw.date)) return err('plan: bad date');
  const p = isNum(raw.probability) ? Math.min(1, Math.max(0, raw.probability)) : 0.5;
  return ok({
    ...stampedFrom(raw), id: raw.id, clientId: raw.clientId, what: str(raw.what),
    amount: isNum(raw.amount) ? raw.amount : 0, date: raw.date, probability: p,
    stage: str(raw.stage, 'lead'), deletedAt: str(raw.deletedAt),
  });
}

/**
 * A pipeline stage (the list lives in settings `pipelineStages`). Plans keep the stage id, so a
 * stage can be renamed without touching its deals. `label` '' = the built-in stage's translated name.
 */
export interface Stage { id: string; label: string; outcome: 'open' | 'won' | 'lost' }

export const defaultStages = (): Stage[] =>
  DEFAULT_STAGES.map((id) => ({ id, label: '', outcome: id === 'won' ? 'won' : id === 'lost' ? 'lost' : 'open' }));

const STAGE_ID_RE = /^[a-z0-9_-]{1,40}$/i;

/** Reads a stage list from the doc or the UI: null when it is not a usable list. */
export function validateStages(raw: unknown): Stage[] | null {
  if (!Array.isArray(raw) || raw.length === 0 || raw.length > 30) return null;
  const out: Stage[] = [];
  const seen = new Set<string>();
  for (const s of raw) {
    if (!isObj(s) || typeof s.id !== 'string' || !STAGE_ID_RE.test(s.id) || seen.has(s.id)) return null;
    seen.add(s.id);
    const outcome = s.outcome === 'won' || s.outcome === 'lost' ? s.outcome : 'open';
    out.push({ id: s.id, label: str(s.label).trim().slice(0, 60), outcome });
  }
  return out.some((s) => s.outcome === 'open') ? out : null;
}
