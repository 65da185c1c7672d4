import { dateColumnFormat, type DateFormat } from '../../../core/import/dates';

/** What the first rows of a file say about its date column. */
export type HeadDates =
  | { kind: 'ambiguous'; candidates: DateFormat[] }
  | { kind: 'decided'; format: DateFormat }
  | { kind: 'unknown' };

/**
 * Reads the date column's order from the rows on screen. A file whose first rows are ambiguous is
 * ambiguous for the planner too unless later rows tell; a file whose first rows decide one order
 * cannot be ambiguous later (the planner reads these rows as well).
 */
export function headDates(values: readonly string[]): HeadDates {
  const r = dateColumnFormat(values);
  if (r.ok) return { kind: 'decided', format: r.value };
  return r.error.kind === 'ambiguous' ? { kind: 'ambiguous', candidates: r.error.candidates } : { kind: 'unknown' };
}

/**
 * The date order to plan with, from the order remembered (the user's answer or the saved mapping's)
 * and what the rows say: a remembered order is shown as the question's answer when the rows are
 * ambiguous (it must then be one of the candidates), and not forced on rows that decide their own
 * order (a saved "month first" would turn every 31/01/2024 into an error).
 */
export function dateOrderFor(remembered: DateFormat | undefined, head: HeadDates | null, candidates: readonly DateFormat[] | null): DateFormat | undefined {
  if (!remembered) return undefined;
  if (candidates) return candidates.includes(remembered) ? remembered : undefined;
  return head?.kind === 'decided' ? undefined : remembered;
}
