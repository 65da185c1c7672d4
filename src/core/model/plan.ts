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
