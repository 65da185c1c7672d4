import type { MemberId } from './member';

/** Every record carries who created and last changed it (ISO time, member id). */
export interface Stamped {
  createdAt: string;
  createdBy: MemberId | '';
  updatedAt: string;
  updatedBy: MemberId | '';
}

export const isStr = (v: unknown): v is string => typeof v === 'string';
export const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
export const isBool = (v: unknown): v is boolean => typeof v === 'boolean';
export const isObj = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
export const strArray = (v: unknown): string[] => (Array.isArray(v) ? v.filter(isStr) : []);
export const str = (v: unknown, dflt = ''): string => (isStr(v) ? v : dflt);

export const ISO_DAY_RE = /^\d{4}-\d{2}-\d{2}$/;
export function isIsoDay(v: unknown): v is string {
  if (!isStr(v) || !ISO_DAY_RE.test(v)) return false;
  const d = new Date(v + 'T00:00:00Z');
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
}

export function stampedFrom(raw: Record<string, unknown>): Stamped {
  return {
    createdAt: str(raw.createdAt),
    createdBy: str(raw.createdBy) as MemberId | '',
    updatedAt: str(raw.updatedAt),
    updatedBy: str(raw.updatedBy) as MemberId | '',
  };
}
