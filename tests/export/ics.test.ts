import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tasksToIcs } from '../../src/core/export';
import { defaultClient, type Client, type ClientId } from '../../src/core/model/client';
import type { Task, TaskId } from '../../src/core/model/task';

/** iCalendar export checked against RFC 5545 by reading the bytes back, as a strict reader would. */

const NOW = new Date('2026-03-04T05:06:07.890Z');
const client = (id: string, over: Partial<Client> = {}): Client => ({ ...defaultClient(`cli_${id.padEnd(25, 'a')}` as ClientId, '', ''), name: 'Firma', ...over });
const task = (id: string, clientId: ClientId, over: Partial<Task> = {}): Task => ({
  id: `tsk_${id.padEnd(25, 't')}` as TaskId, clientId, due: '2026-03-10', about: 'Call back', assigneeId: '', doneAt: '', deletedAt: '',
  createdAt: '2026-03-01T10:00:00.000Z', createdBy: '', updatedAt: '2026-03-01T10:00:00.000Z', updatedBy: '', ...over,
});

interface Prop { name: string; params: string; value: string }
interface Component { name: string; props: Prop[]; children: Component[] }

const unescapeText = (v: string) => v.replace(/\\([\\;,nN])/g, (_, c: string) => (c === 'n' || c === 'N' ? '\n' : c));

/** Reads an .ics text strictly: CRLF only, ≤ 75 octets and whole UTF-8 characters per physical line, balanced BEGIN/END. */
function readIcs(text: string): Component {
  const bytes = new TextEncoder().encode(text);
  expect(text.endsWith('\r\n')).toBe(true);
  const physical = text.slice(0, -2).split('\r\n');
  for (const l of physical) {
    expect(l).not.toMatch(/[\r\n]/);
    // eslint-disable-next-line no-control-regex -- control characters are what must not be there
    expect(l).not.toMatch(/[\u0000-\u0008\u000a-\u001f\u007f]/);
    const b = new TextEncoder().encode(l);
    expect(b.length, l).toBeLessThanOrEqual(75);
    // Each physical line decodes on its own: no UTF-8 sequence is cut by a fold.
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(b)).not.toThrow();
  }
  expect(bytes.length).toBeGreaterThan(0);
  const logical: string[] = [];
  for (const l of physical) {
    if (l.startsWith(' ') || l.startsWith('\t')) { expect(logical.length).toBeGreaterThan(0); logical[logical.length - 1] += l.slice(1); } else logical.push(l);
  }
  const root: Component = { name: '', props: [], children: [] };
  const stack = [root];
  for (const l of logical) {
    const m = /^([A-Za-z0-9-]+)((?:;[^:]*)?):(.*)$/.exec(l);
    expect(m, l).not.toBeNull();
    const [, name, params, value] = m!;
    const top = stack[stack.length - 1]!;
    if (name === 'BEGIN') { const c: Component = { name: value!, props: [], children: [] }; top.children.push(c); stack.push(c); } else if (name === 'END') {
      expect(top.name).toBe(value);
      stack.pop();
    } else top.props.push({ name: name!, params: params!, value: value! });
  }
  expect(stack).toHaveLength(1);
  expect(root.children.map((c) => c.name)).toEqual(['VCALENDAR']);
  return root.children[0]!;
}
const prop = (c: Component, name: string) => c.props.filter((p) => p.name === name);
const one = (c: Component, name: string) => { const ps = prop(c, name); expect(ps, name).toHaveLength(1); return ps[0]!; };

/** The checks every VCALENDAR and VEVENT we write must pass. */
function checkCalendar(cal: Component): Component[] {
  expect(one(cal, 'VERSION').value).toBe('2.0');
  expect(one(cal, 'PRODID').value).toMatch(/^-\/\/.+\/\/.+\/\/[A-Z]{2}$/);
  expect(one(cal, 'CALSCALE').value).toBe('GREGORIAN');
  const events = cal.children;
  expect(events.every((e) => e.name === 'VEVENT')).toBe(true);
  for (const e of events) {
    expect(one(e, 'DTSTAMP').value).toMatch(/^\d{8}T\d{6}Z$/);
    const start = one(e, 'DTSTART'), end = one(e, 'DTEND');
    expect([start.params, end.params]).toEqual([';VALUE=DATE', ';VALUE=DATE']);
    const day = (v: string) => Date.UTC(+v.slice(0, 4), +v.slice(4, 6) - 1, +v.slice(6, 8));
    expect(day(end.value) - day(start.value)).toBe(86_400_000);
    expect(one(e, 'SEQUENCE').value).toMatch(/^\d+$/);
    expect(Number(one(e, 'SEQUENCE').value)).toBeLessThanOrEqual(2 ** 31 - 1);
    one(e, 'SUMMARY');
  }
  expect(new Set(events.map((e) => one(e, 'UID').value)).size).toBe(events.length);
  return events;
}

describe('iCalendar structure', () => {
  it('any client name and task text: CRLF, folded at 75 octets between characters, escaped, read back the same', () => {
    const unit = fc.constantFrom('a', 'Ж', 'ѓ', '€', '😀', '👩‍👩‍👧', ' ', '\\', ';', ',', ':', '"', '\n', '\r\n', '\r', 'e\u0301') as fc.Arbitrary<string>;
    const text = fc.string({ unit, minLength: 0, maxLength: 120 });
    fc.assert(fc.property(text, text, fc.string({ unit, maxLength: 40 }), (name, about, calName) => {
      const c = client('p', { name, phones: ['+38970123456'], emails: ['a@alfa.mk'] });
      const ics = tasksToIcs([task('1', c.id, { about })], new Map([[c.id, c]]), { now: NOW, calendarName: calName });
      const cal = readIcs(ics);
      const [ev] = checkCalendar(cal);
      const plain = (s: string) => s.replace(/\r\n|\r/g, '\n');
      expect(unescapeText(one(ev!, 'SUMMARY').value)).toBe([plain(name), plain(about)].filter(Boolean).join(': '));
      expect(unescapeText(one(ev!, 'DESCRIPTION').value)).toBe([plain(about), '☎ +38970123456', 'a@alfa.mk'].filter(Boolean).join('\n'));
      if (calName) expect(unescapeText(one(cal, 'X-WR-CALNAME').value)).toBe(plain(calName));
    }), { numRuns: 400 });
  });

  it('a long Cyrillic line is folded into ≤ 75-octet lines without cutting a letter', () => {
    const c = client('c', { name: 'Ж'.repeat(200) });
    const ics = tasksToIcs([task('c', c.id)], new Map([[c.id, c]]), { now: NOW });
    const [ev] = checkCalendar(readIcs(ics));
    expect(unescapeText(one(ev!, 'SUMMARY').value)).toBe(`${'Ж'.repeat(200)}: Call back`);
    expect(ics.split('\r\n').filter((l) => l.startsWith(' ')).length).toBeGreaterThanOrEqual(5);
  });

  it('an empty agenda is still a well-formed calendar', () => {
    const cal = readIcs(tasksToIcs([], new Map(), { now: NOW }));
    expect(checkCalendar(cal)).toEqual([]);
  });

  it('DTSTAMP is the export time in UTC; all-day events end the next day (month, year and leap-day ends)', () => {
    const c = client('d');
    const ics = tasksToIcs(['2026-01-31', '2026-12-31', '2028-02-28', '2028-02-29'].map((due, i) => task(`d${i}`, c.id, { due })), new Map([[c.id, c]]), { now: NOW });
    const evs = checkCalendar(readIcs(ics));
    expect(evs.map((e) => [one(e, 'DTSTART').value, one(e, 'DTEND').value])).toEqual([
      ['20260131', '20260201'], ['20261231', '20270101'], ['20280228', '20280229'], ['20280229', '20280301']]);
    expect(one(evs[0]!, 'DTSTAMP').value).toBe('20260304T050607Z');
  });
});

describe('what goes in and how it updates', () => {
  const c = client('u', { name: 'Alfa', phones: ['+38970123456'] });
  const byId = new Map([[c.id, c]]);

  it('a task without text is titled with the client alone (no dangling ": ")', () => {
    const [ev] = checkCalendar(readIcs(tasksToIcs([task('e', c.id, { about: '' })], byId, { now: NOW })));
    expect(one(ev!, 'SUMMARY').value).toBe('Alfa');
  });

  it('a rescheduled task keeps its UID and gets a higher SEQUENCE (RFC 5545 3.8.7.4), with LAST-MODIFIED in UTC', () => {
    const before = task('r', c.id, { due: '2026-03-10', updatedAt: '2026-03-01T10:00:00.000Z' });
    const after = { ...before, due: '2026-03-12', updatedAt: '2026-03-02T08:30:00.000Z' };
    const [a] = checkCalendar(readIcs(tasksToIcs([before], byId, { now: NOW })));
    const [b] = checkCalendar(readIcs(tasksToIcs([after], byId, { now: new Date('2026-03-05T00:00:00Z') })));
    expect(one(b!, 'UID').value).toBe(one(a!, 'UID').value);
    expect(Number(one(b!, 'SEQUENCE').value)).toBeGreaterThan(Number(one(a!, 'SEQUENCE').value));
    expect(one(b!, 'LAST-MODIFIED').value).toBe('20260302T083000Z');
  });

  it('a task without a readable stamp gets SEQUENCE 0 and no LAST-MODIFIED', () => {
    const [ev] = checkCalendar(readIcs(tasksToIcs([task('s', c.id, { updatedAt: '' })], byId, { now: NOW })));
    expect([one(ev!, 'SEQUENCE').value, prop(ev!, 'LAST-MODIFIED')]).toEqual(['0', []]);
  });

  it('done and deleted tasks, and days that do not exist, are left out', () => {
    const ics = tasksToIcs([task('o', c.id), task('d', c.id, { doneAt: '2026-03-02T00:00:00Z' }), task('x', c.id, { deletedAt: '2026-03-02T00:00:00Z' }),
      task('f', c.id, { due: '2026-02-30' }), task('g', c.id, { due: '2026-3-1' })], byId, { now: NOW });
    expect(checkCalendar(readIcs(ics)).map((e) => one(e, 'DTSTART').value)).toEqual(['20260310']);
  });
});
