import type { Client, ClientId } from '../model/client';
import type { Task } from '../model/task';
import { contentLines, escapeText } from './textLines';
import { isLiveClient } from './live';

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
 * importing a newer export updates the events instead of doubling them. Done and deleted tasks, and
 * tasks whose client is missing from `clientsById` or deleted, are left out (the agenda's set).
 */
export function tasksToIcs(tasks: readonly Task[], clientsById: ReadonlyMap<ClientId, Client>, opts: { now?: Date; calendarName?: string } = {}): string {
  const stamp = utcStamp(opts.now ?? new Date());
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Kartoteka//Next contacts//EN', 'CALSCALE:GREGORIAN'];
  if (opts.calendarName) lines.push(`X-WR-CALNAME:${escapeText(opts.calendarName)}`);
  for (const t of tasks) {
    const client = clientsById.get(t.clientId);
    if (t.doneAt || t.deletedAt || !isLiveClient(client) || !/^\d{4}-\d{2}-\d{2}$/.test(t.due)) continue;
    const summary = `${client.name}: ${t.about}`;
    const desc = [t.about, client.phones[0] ? `☎ ${client.phones[0]}` : '', client.emails[0] ?? ''].filter(Boolean).join('\n');
    // UID is TEXT in RFC 5545: escaped like any other value.
    lines.push('BEGIN:VEVENT', `UID:${escapeText(t.id)}@kartoteka`, `DTSTAMP:${stamp}`,
      `DTSTART;VALUE=DATE:${basicDay(t.due)}`, `DTEND;VALUE=DATE:${basicDay(nextDay(t.due))}`,
      `SUMMARY:${escapeText(summary)}`, `DESCRIPTION:${escapeText(desc)}`, 'TRANSP:TRANSPARENT', 'END:VEVENT');
  }
  lines.push('END:VCALENDAR');
  return contentLines(lines);
}
