import type { Brand } from './ids';
import { isIdShape, randomId } from './ids';
import { err, ok, type Result } from '../util/result';
import { isObj, isStr, str, strArray } from './common';
import type { CustomValue } from './client';

/** A team-defined custom field shown on every client card. */
export type FieldDefId = Brand<string, 'FieldDefId'>;
export const newFieldDefId = (): FieldDefId => randomId('fld') as FieldDefId;
export const isFieldDefId = (v: unknown): v is FieldDefId => isIdShape(v, 'fld');

export type FieldType = 'text' | 'number' | 'date' | 'choice';
export const FIELD_TYPES: FieldType[] = ['text', 'number', 'date', 'choice'];

export interface FieldDef {
  id: FieldDefId;
  label: string;
  type: FieldType;
  choices: string[];
  order: number;
  archived: boolean;
}

export function validateFieldDef(raw: unknown): Result<FieldDef> {
  if (!isObj(raw) || !isFieldDefId(raw.id)) return err('field: bad id');
  const label = str(raw.label).trim();
  if (!label) return err('field: empty label');
  const type = FIELD_TYPES.includes(raw.type as FieldType) ? (raw.type as FieldType) : 'text';
  return ok({ id: raw.id, label, type, choices: strArray(raw.choices), order: typeof raw.order === 'number' ? raw.order : 0, archived: raw.archived === true });
}

/** Checks a value against its field's type before it is written. */
export function validateCustomValue(def: FieldDef, v: unknown): Result<CustomValue> {
  if (v === null || v === '') return ok(null);
  switch (def.type) {
    case 'text': return isStr(v) ? ok(v) : err('text expected');
    case 'number': return typeof v === 'number' && Number.isFinite(v) ? ok(v) : err('number expected');
    case 'date': return isStr(v) && /^\d{4}-\d{2}-\d{2}$/.test(v) ? ok(v) : err('date expected (YYYY-MM-DD)');
    case 'choice': return isStr(v) && def.choices.includes(v) ? ok(v) : err('not one of the choices');
  }
}
