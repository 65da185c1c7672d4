import type { Client, ClientId } from '../model/client';
import type { Task } from '../model/task';
import { isIsoDay } from '../model/common';
import { contentLines, escapeText } from './textLines';
import { isLiveClient } from './live';

/** 20260102T030405Z: the UTC form DTSTAMP requires. */
const utcStamp = (d: Date) => d.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
const basicDay = (iso: string) => iso.replace(/-/g, '');
/**
 * SEQUENCE must grow whenever DTSTART changes (RFC 5545 3.8.7.4), or a calendar that already has
 * the event keeps the old day. The task's last change, in seconds since 2020, grows with every edit
 * (a rescheduling too) and stays a 32-bit INTEGER until 2088; 0 when the stamp is unreadable.
 */
const EPOCH_2020 = Date.UTC(2020, 0, 1);
function sequenceOf(updatedAt: string): number {
  const ms = Date.parse(updatedAt);
  return Number.isFinite(ms) ? Math.min(2 ** 31 - 1, Math.max(0, Math.floor((ms - EPOCH_2020) / 1000))) : 0;
}
function nextDay(iso: string): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/**
 * Open next-contact tasks as an iCalendar file (RFC 5545): one all-day VEVENT per task on its due
 * day (VEVENT, not VTODO: Google Calendar and many phones ignore VTODO). UIDs are the task ids, so
 * importing a newer export never doubles an event: calendars that take updates from a file move it
 * by its SEQUENCE (Outlook, Apple, Thunderbird); Google's import skips an event it already has.
 * Done and deleted tasks, and tasks whose client is missing from `clientsById` or deleted, are left
 * out (the agenda's set): a STATUS:CANCELLED event would show as a struck-out "Canceled" in Outlook
 * for every task ever done, and Google's import would not remove the old event anyway.
 * Tasks have a due day, no time, so every event is all-day (VALUE=DATE: no time zone to get wrong).
 */
export function tasksToIcs(tasks: readonly Task[], clientsById: ReadonlyMap<ClientId, Client>, opts: { now?: Date; calendarName?: string } = {}): string {
  const stamp = utcStamp(opts.now ?? new Date());
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Kartoteka//Next contacts//EN', 'CALSCALE:GREGORIAN'];
  if (opts.calendarName) lines.push(`X-WR-CALNAME:${escapeText(opts.calendarName)}`);
  for (const t of tasks) {
    const client = clientsById.get(t.clientId);
    if (t.doneAt || t.deletedAt || !isLiveClient(client) || !isIsoDay(t.due)) continue;
    // Line breaks made one kind first: an about ending in CR joined with "\n" would read as one break.
    const about = t.about.replace(/\r\n?/g, '\n');
    const summary = [client.name, about].filter(Boolean).join(': ');
    const desc = [about, client.phones[0] ? `☎ ${client.phones[0]}` : '', client.emails[0] ?? ''].filter(Boolean).join('\n');
    // UID is TEXT in RFC 5545: escaped like any other value.
    const modified = new Date(Date.parse(t.updatedAt));
    lines.push('BEGIN:VEVENT', `UID:${escapeText(t.id)}@kartoteka`, `DTSTAMP:${stamp}`, `SEQUENCE:${sequenceOf(t.updatedAt)}`,
      ...(modified.getUTCFullYear() >= 1970 && modified.getUTCFullYear() <= 9999 ? [`LAST-MODIFIED:${utcStamp(modified)}`] : []),
      `DTSTART;VALUE=DATE:${basicDay(t.due)}`, `DTEND;VALUE=DATE:${basicDay(nextDay(t.due))}`,
      `SUMMARY:${escapeText(summary)}`, `DESCRIPTION:${escapeText(desc)}`, 'TRANSP:TRANSPARENT', 'END:VEVENT');
  }
  lines.push('END:VCALENDAR');
  return contentLines(lines);
}
