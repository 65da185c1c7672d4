import type { Brand } from './ids';
import { isIdShape, randomId } from './ids';
import { err, ok, type Result } from '../util/result';
import { isObj, str } from './common';

/** A person on the team. Members are never deleted (history refers to them); they are deactivated. */
export type MemberId = Brand<string, 'MemberId'>;
export interface Member {
  id: MemberId;
  name: string;
  colour: string; // #rrggbb
  active: boolean;
  createdAt: string;
}

export const MEMBER_COLOURS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#17becf', '#8c564b', '#e377c2'];
export const newMemberId = (): MemberId => randomId('mem') as MemberId;
export const isMemberId = (v: unknown): v is MemberId => isIdShape(v, 'mem');

const COLOUR_RE = /^#[0-9a-f]{6}$/i;

export function validateMember(raw: unknown): Result<Member> {
  if (!isObj(raw)) return err('member: not an object');
  if (!isMemberId(raw.id)) return err('member: bad id');
  const name = str(raw.name).trim();
  if (!name) return err('member: empty name');
  const colour = str(raw.colour);
  return ok({
    id: raw.id,
    name,
    colour: COLOUR_RE.test(colour) ? colour : MEMBER_COLOURS[0]!,
    active: raw.active !== false,
    createdAt: str(raw.createdAt),
  });
}
