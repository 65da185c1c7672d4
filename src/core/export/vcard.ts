import type { Client, ClientId } from '../model/client';
import type { Contact } from '../model/contact';
import { contentLines, escapeText } from './textLines';

export type VcardVersion = '3.0' | '4.0';

/** One card's content, independent of where it came from (a contact person or a person client). */
export interface VcardEntry {
  uid: string;
  fullName: string;
  family: string;
  given: string;
  org: string;
  title: string;
  phones: string[];
  emails: string[];
  address: { line: string; city: string; postalCode: string; country: string } | null;
  url: string;
  birthday: string; // YYYY-MM-DD or ''
  note: string;
}

function card(e: VcardEntry, v: VcardVersion): string[] {
  const lines = ['BEGIN:VCARD', `VERSION:${v}`];
  if (v === '4.0') lines.push('KIND:individual');
  lines.push(`FN:${escapeText(e.fullName)}`);
  lines.push(`N:${[e.family || (e.given ? '' : e.fullName), e.given, '', '', ''].map(escapeText).join(';')}`);
  if (e.org) lines.push(`ORG:${escapeText(e.org)}`);
  if (e.title) lines.push(`TITLE:${escapeText(e.title)}`);
  for (const p of e.phones) {
    // 4.0 prefers tel: URIs, which need a global number; a number kept as typed stays text.
    lines.push(v === '4.0' && /^\+\d+$/.test(p) ? `TEL;VALUE=uri;TYPE=voice:tel:${p}` : `TEL;TYPE=${v === '4.0' ? 'voice' : 'VOICE'}:${escapeText(p)}`);
  }
  for (const m of e.emails) lines.push(v === '4.0' ? `EMAIL:${escapeText(m)}` : `EMAIL;TYPE=INTERNET:${escapeText(m)}`);
  if (e.address) {
    const a = e.address;
    lines.push(`ADR;TYPE=${v === '4.0' ? 'work' : 'WORK'}:${['', '', a.line, a.city, '', a.postalCode, a.country].map(escapeText).join(';')}`);
  }
  if (e.url) lines.push(`URL:${e.url}`);
  if (e.birthday) lines.push(`BDAY:${v === '4.0' ? e.birthday.replace(/-/g, '') : e.birthday}`);
  if (e.note) lines.push(`NOTE:${escapeText(e.note)}`);
  lines.push(`UID:${v === '4.0' ? `urn:kartoteka:${e.uid}` : e.uid}`);
  lines.push('END:VCARD');
  return lines;
}

/** vCard text for entries (CRLF, folded at 75 octets, text escaped). */
export function toVcards(entries: readonly VcardEntry[], version: VcardVersion): string {
  return contentLines(entries.flatMap((e) => card(e, version)));
}

/** Contact persons as vCards, with their company as ORG. Deleted ones are left out. */
export function contactsToVcard(contacts: readonly Contact[], clientsById: ReadonlyMap<ClientId, Client>, version: VcardVersion): string {
  return toVcards(contacts.filter((c) => !c.deletedAt).map((c) => {
    const client = clientsById.get(c.clientId);
    const a = client?.addresses[0];
    return {
      uid: c.id, fullName: c.name, family: '', given: '', org: client?.name ?? '', title: c.role, phones: c.phones, emails: c.emails,
      address: a ? { line: a.line, city: a.city, postalCode: a.postalCode, country: a.country } : null,
      url: client?.website ?? '', birthday: c.birthday, note: c.notes,
    };
  }), version);
}

/** Clients as vCards: a person with their names, a company as an organisation card. */
export function clientsToVcard(clients: readonly Client[], version: VcardVersion): string {
  return toVcards(clients.filter((c) => !c.deletedAt && !c.erasedAt && !c.mergedInto).map((c) => {
    const a = c.addresses[0];
    const person = c.kind === 'person';
    return {
      uid: c.id, fullName: c.name, family: person ? c.lastName : '', given: person ? c.firstName : '', org: person ? '' : c.name, title: '',
      phones: c.phones, emails: c.emails, address: a ? { line: a.line, city: a.city, postalCode: a.postalCode, country: a.country } : null,
      url: c.website, birthday: '', note: c.notes,
    };
  }), version);
}
