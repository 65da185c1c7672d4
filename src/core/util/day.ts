/** Calendar days as integers (days since 1970-01-01, UTC): cheap to store, compare and bucket. */
const MS_DAY = 86_400_000;

export function isoToDay(iso: string): number {
  // Accepts YYYY-MM-DD (time part ignored); returns NaN for anything else.
  const y = Number(iso.slice(0, 4));
  const m = Number(iso.slice(5, 7));
  const d = Number(iso.slice(8, 10));
  if (!Number.isInteger(y) || !Number.isInteger(m) || !Number.isInteger(d) || iso[4] !== '-' || iso[7] !== '-') return NaN;
  const t = Date.UTC(y, m - 1, d);
  const back = new Date(t);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== m - 1 || back.getUTCDate() !== d) return NaN;
  return Math.round(t / MS_DAY);
}

export function dayToIso(day: number): string {
  return new Date(day * MS_DAY).toISOString().slice(0, 10);
}

export function todayIso(now: Date = new Date()): string {
  // The user's local calendar day, not UTC: "today" on the agenda is the day on the wall.
  const y = now.getFullYear();
  const m = String(now.getMonth() + 1).padStart(2, '0');
  const d = String(now.getDate()).padStart(2, '0');
  return `${y}-${m}-${d}`;
}
