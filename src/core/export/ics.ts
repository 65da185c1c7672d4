import type { Client, ClientId } from '../model/client';
import type { Task } from '../model/task';
import { contentLines, escapeText } from './textLines';

/** 20260102T030405Z: the UTC form DTSTAMP requires. */
const utcStamp = (d: Date) => d.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
const basicDay = (iso: string) => iso.replace(/-/g, '');
function nextDay(iso: string): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/**
 * Open next-contact tasks as an iCalendar file (RFC 5545): one all-day VEVENT per task on its due
 * day (VEVENT, not VTODO: Google Calendar and many phones ignore VTODO). UIDs are the task ids, so
 * importing a newer export updates the events instead of doubling them. Done and deleted tasks are
 * left out.
 */
export function tasksToIcs(tasks: readonly Task[], clientsById: ReadonlyMap<ClientId, Client>, opts: { now?: Date; calendarName?: string } = {}): string {
  const stamp = utcStamp(opts.now ?? new Date());
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Kartoteka//Next contacts//EN', 'CALSCALE:GREGORIAN'];
  if (opts.calendarName) lines.push(`X-WR-CALNAME:${escapeText(opts.calendarName)}`);
  for (const t of tasks) {
    if (t.doneAt || t.deletedAt || !/^\d{4}-\d{2}-\d{2}$/.test(t.due)) continue;
    const client = clientsById.get(t.clientId);
    const summary = client ? `${client.name}: ${t.about}` : t.about;
    const desc = [t.about, client?.phones[0] ? `☎ ${client.phones[0]}` : '', client?.emails[0] ?? ''].filter(Boolean).join('\n');
    lines.push('BEGIN:VEVENT', `UID:${t.id}@kartoteka`, `DTSTAMP:${stamp}`,
      `DTSTART;VALUE=DATE:${basicDay(t.due)}`, `DTEND;VALUE=DATE:${basicDay(nextDay(t.due))}`,
      `SUMMARY:${escapeText(summary)}`, `DESCRIPTION:${escapeText(desc)}`, 'TRANSP:TRANSPARENT', 'END:VEVENT');
  }
  lines.push('END:VCALENDAR');
  return contentLines(lines);
}
