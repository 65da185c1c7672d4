import { describe, expect, it } from 'vitest';
import { clientsToVcard, contactsToVcard, foldLine, tasksToIcs } from '../../src/core/export';
import { buildClientIndex, parseVcards, planVcards } from '../../src/core/import';
import { defaultClient, type ClientId } from '../../src/core/model/client';
import { defaultContact, type ContactId } from '../../src/core/model/contact';
import type { Task, TaskId } from '../../src/core/model/task';
import { utf8 } from '../import/helpers';

const client = { ...defaultClient('cli_aaaaaaaaaaaaaaaaaaaaaaaaa' as ClientId, '', ''), name: 'Ромашка; «Тест», ООО', website: 'https://romashka.ru',
  addresses: [{ id: 'a', kind: 'legal' as const, line: 'ул. Ленина, 1', city: 'Москва', postalCode: '101000', country: 'RU' }] };
const contact = { ...defaultContact('con_bbbbbbbbbbbbbbbbbbbbbbbbb' as ContactId, client.id, '', ''), name: 'Иванов Пётр', role: 'Директор',
  phones: ['+74951234567', '8 (495) ext. 12'], emails: ['petr@romashka.ru'], birthday: '1980-03-10', notes: 'Line one\nline two, with comma; and semicolon' };
const byId = new Map([[client.id, client]]);

describe('vCard export', () => {
  it.each(['3.0', '4.0'] as const)('writes %s that our importer reads back', (v) => {
    const text = contactsToVcard([contact], byId, v);
    expect(text).toMatch(new RegExp(`^BEGIN:VCARD\r\nVERSION:${v.replace('.', '\\.')}\r\n`));
    expect(text.split('\r\n').every((l) => new TextEncoder().encode(l).length <= 75)).toBe(true);
    const cards = parseVcards(utf8(text));
    expect(cards.ok).toBe(true);
    if (!cards.ok) return;
    expect(cards.value[0]).toMatchObject({
      fn: 'Иванов Пётр', org: 'Ромашка; «Тест», ООО', title: 'Директор', bday: '1980-03-10',
      note: 'Line one\nline two, with comma; and semicolon', urls: ['https://romashka.ru'],
    });
    expect(cards.value[0]!.tels.map((t) => t.value)).toEqual(['+74951234567', '8 (495) ext. 12']);
    expect(cards.value[0]!.adrs[0]).toMatchObject({ street: 'ул. Ленина, 1', city: 'Москва', postalCode: '101000', country: 'RU' });
  });

  it('clients export: a person card has N parts, a company card has ORG', () => {
    const person = { ...defaultClient('cli_ccccccccccccccccccccccccc' as ClientId, '', ''), kind: 'person' as const, name: 'Anna Petrova', firstName: 'Anna', lastName: 'Petrova' };
    const text = clientsToVcard([person, client], '3.0');
    expect(text).toContain('N:Petrova;Anna;;;\r\n');
    expect(text).toContain('ORG:Ромашка\\; «Тест»\\, ООО\r\n');
  });
});

describe('vCard import', () => {
  it('reads 2.1 quoted-printable with soft breaks and CHARSET, grouped properties and both TYPE styles', () => {
    const cp = new Uint8Array([0xcf, 0xe5, 0xf2, 0xf0]); // "Петр" in cp1251
    const qp = [...cp].map((b) => `=${b.toString(16).toUpperCase()}`).join('');
    const text = [
      'BEGIN:VCARD', 'VERSION:2.1', `N;CHARSET=windows-1251;ENCODING=QUOTED-PRINTABLE:${qp};;;;`,
      'NOTE;ENCODING=QUOTED-PRINTABLE:first=0D=0A=', 'second', 'TEL;WORK;VOICE:+389 2 3123 456', 'item1.EMAIL;type=INTERNET;type=pref:A@B.MK',
      'item1.X-ABLabel:work', 'ORG:Firma;Sales', 'END:VCARD',
      'BEGIN:VCARD', 'VERSION:3.0', 'FN:Folded', ' Name', 'TEL;TYPE="cell,voice":070123456', 'END:VCARD',
    ].join('\r\n');
    const r = parseVcards(utf8(text));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value[0]).toMatchObject({ family: 'Петр', note: 'first\r\nsecond', org: 'Firma', department: 'Sales' });
    expect(r.value[0]!.tels[0]).toEqual({ value: '+389 2 3123 456', types: ['work', 'voice'] });
    expect(r.value[0]!.emails[0]).toEqual({ value: 'A@B.MK', types: ['internet', 'pref'] });
    expect(r.value[1]).toMatchObject({ fn: 'FoldedName' });
    expect(r.value[1]!.tels[0]!.types).toEqual(['cell', 'voice']);
    const plan = planVcards(r.value, { fileName: 'x.vcf', fileHash: 'h', defaultCountry: 'MK', index: buildClientIndex([]), now: '', by: '' });
    expect(plan.ok && plan.value.clientsToCreate.map((c) => [c.name, c.phones, c.emails])).toEqual([
      ['Firma', ['+38923123456'], ['a@b.mk']], ['FoldedName', ['+38970123456'], []],
    ]);
    expect(plan.ok && plan.value.contactsToCreate.map((c) => [c.name, c.role, c.phones])).toEqual([['Петр', 'Sales', ['+38923123456']]]);
  });

  it('a file without cards is an error value', () => {
    expect(parseVcards(utf8('hello'))).toMatchObject({ ok: false, error: { code: 'not-a-table' } });
  });
});

describe('iCalendar export', () => {
  const task = (id: string, due: string, about: string, doneAt = ''): Task => ({
    id: id as TaskId, clientId: client.id, due, about, assigneeId: '', doneAt, deletedAt: '', createdAt: '', createdBy: '', updatedAt: '', updatedBy: '',
  });

  it('one all-day VEVENT per open task, escaped and folded', () => {
    const about = 'Позвонить; обсудить договор, скидку\nи сроки — ' + 'очень длинный текст '.repeat(5);
    const ics = tasksToIcs([task('tsk_1', '2026-02-28', about), task('tsk_2', '2026-03-01', 'done', '2026-01-01')], byId, { now: new Date('2026-01-02T03:04:05Z') });
    expect(ics.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\n')).toBe(true);
    expect(ics.match(/BEGIN:VEVENT/g)).toHaveLength(1);
    expect(ics).toContain('DTSTART;VALUE=DATE:20260228\r\nDTEND;VALUE=DATE:20260301\r\n');
    expect(ics).toContain('DTSTAMP:20260102T030405Z');
    expect(ics).toContain('UID:tsk_1@kartoteka');
    const unfolded = ics.replace(/\r\n /g, '');
    expect(unfolded).toContain('SUMMARY:Ромашка\\; «Тест»\\, ООО: Позвонить\\; обсудить договор\\, скидку\\nи сроки');
    expect(ics.split('\r\n').every((l) => new TextEncoder().encode(l).length <= 75)).toBe(true);
  });

  it('folds without splitting multi-byte characters', () => {
    const line = 'X:' + 'ё'.repeat(100);
    const folded = foldLine(line);
    expect(folded.replace(/\r\n /g, '')).toBe(line);
    expect(folded.split('\r\n').every((l) => new TextEncoder().encode(l).length <= 75)).toBe(true);
  });
});
