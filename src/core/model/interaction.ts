import type { Brand } from './ids';
import { isIdShape, randomId } from './ids';
import type { ClientId } from './client';
import { isClientId } from './client';
import type { MemberId } from './member';
import { err, ok, type Result } from '../util/result';
import { isIsoDay, isObj, stampedFrom, str, type Stamped } from './common';

/** A logged contact with a client: what happened and what came of it. */
export type InteractionId = Brand<string, 'InteractionId'>;
export const newInteractionId = (): InteractionId => randomId('int') as InteractionId;
export const isInteractionId = (v: unknown): v is InteractionId => isIdShape(v, 'int');

/** Values are only ever ADDED here (older peers read unknown kinds as 'note'). */
export const INTERACTION_KINDS = ['call', 'meeting', 'email', 'message', 'note', 'return', 'complaint'] as const;
export type InteractionKind = (typeof INTERACTION_KINDS)[number];

export interface Interaction extends Stamped {
  id: InteractionId;
  clientId: ClientId;
  kind: InteractionKind;
  date: string; // YYYY-MM-DD
  memberId: MemberId | '';
  text: string;
  result: string;
  batchId: string; // '' unless imported
  deletedAt: string;
}

export function validateInteraction(raw: unknown): Result<Interaction> {
  if (!isObj(raw) || !isInteractionId(raw.id)) return err('interaction: bad id');
  if (!isClientId(raw.clientId)) return err('interaction: bad client id');
  if (!isIsoDay(raw.date)) return err('interaction: bad date');
  const kind = (INTERACTION_KINDS as readonly string[]).includes(str(raw.kind)) ? (raw.kind as InteractionKind) : 'note';
  return ok({
    ...stampedFrom(raw), id: raw.id, clientId: raw.clientId, kind, date: raw.date,
    memberId: str(raw.memberId) as MemberId | '', text: str(raw.text), result: str(raw.result),
    batchId: str(raw.batchId), deletedAt: str(raw.deletedAt),
  });
}
