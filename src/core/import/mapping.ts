import { ALIASES, FIELDS, normaliseName, type Entity, type TargetField } from './aliases';
import { hashBytes } from '../model/ids';

/** The suggestion for one column: its target field (or null = not imported) and how sure we are (0..1). */
export interface ColumnSuggestion {
  column: string;
  index: number;
  field: TargetField | null;
  score: number;
}

/** What the user confirmed: column name → target field. Columns not listed are not imported. */
export type Mapping = Record<string, TargetField>;

/** Fields that may take several columns (a client has several phones and e-mails). */
const MULTI = new Set<TargetField>(['phone', 'email', 'clientPhone', 'clientEmail', 'notes']);

function aliasScore(norm: string, alias: string): number {
  const [text, w] = alias.split(':') as [string, string | undefined];
  const weight = w ? Number(w) : 1;
  if (norm === text) return weight;
  // "ACCOUNTID", "InvoiceNo" written together: compare without spaces.
  if (norm.replace(/ /g, '') === text.replace(/ /g, '')) return 0.95 * weight;
  // "Home City" contains "city": a hint, not a certainty.
  const tokens = ` ${norm} `;
  if (text.length >= 3 && tokens.includes(` ${text} `)) return 0.6 * weight;
  return 0;
}

/**
 * Suggests a target field for every column from its header name (Russian, Macedonian, English;
 * snake_case, camelCase and spaces normalised). Each field is given to the best-scoring column only,
 * except phones / e-mails / notes, which may come from several columns.
 */
export function suggestMapping(header: readonly string[], entity: Entity): ColumnSuggestion[] {
  const aliases = ALIASES[entity];
  const pairs: { index: number; field: TargetField; score: number }[] = [];
  header.forEach((h, index) => {
    const norm = normaliseName(h);
    for (const field of FIELDS[entity]) {
      let score = 0;
      for (const a of aliases[field] ?? []) score = Math.max(score, aliasScore(norm, a));
      if (score > 0) pairs.push({ index, field, score });
    }
  });
  pairs.sort((a, b) => b.score - a.score || a.index - b.index);
  const out: ColumnSuggestion[] = header.map((column, index) => ({ column, index, field: null, score: 0 }));
  const taken = new Set<TargetField>();
  for (const p of pairs) {
    const slot = out[p.index]!;
    if (slot.field || (taken.has(p.field) && !MULTI.has(p.field))) continue;
    slot.field = p.field;
    slot.score = p.score;
    taken.add(p.field);
  }
  return out;
}

/** The mapping the suggestions amount to (columns without a field left out). */
export function mappingFromSuggestions(s: readonly ColumnSuggestion[]): Mapping {
  const m: Mapping = {};
  for (const c of s) if (c.field) m[c.column] = c.field;
  return m;
}

/**
 * A stable signature of a source's shape (normalised column names in order), so the UI can save
 * a mapping template per source ("our 1C export", "the shop's Excel") and offer it next time.
 */
export function mappingKey(header: readonly string[]): string {
  const text = header.map(normaliseName).join('\u001f');
  return hashBytes(new TextEncoder().encode(text)).slice(0, 16);
}
