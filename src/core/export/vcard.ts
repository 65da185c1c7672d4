import type { Client, ClientId } from '../model/client';
import type { Contact } from '../model/contact';
import { contentLines, escapeText, uriValue } from './textLines';
import { isLiveClient } from './live';

export type VcardVersion = '3.0' | '4.0';

/** One card's content, independent of where it came from (a contact person or a person client). */
export interface VcardEntry {
  uid: string;
  /** 'org' for a company's own card (vCard 4.0 KIND; its N is empty). Default: 'individual'. */
  kind?: 'individual' | 'org';
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

/** 4.0's UID is a URI: the id percent-encoded (a lone surrogate, which encodeURIComponent throws on, as U+FFFD). */
const uidUri = (id: string): string =>
  encodeURIComponent(id.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD'));

/**
 * Every value written goes through `escapeText` (text) or `uriValue` (URIs): a value is user or
 * imported data, and one raw line break in it ends the content line — or starts a new card.
 */
function card(e: VcardEntry, v: VcardVersion): string[] {
  const org = e.kind === 'org';
  const lines = ['BEGIN:VCARD', `VERSION:${v}`];
  if (v === '4.0') lines.push(`KIND:${org ? 'org' : 'individual'}`);
  lines.push(`FN:${escapeText(e.fullName)}`);
  // RFC 6350 6.2.2: an organisation has no personal name (3.0 requires N, so it is written empty).
  const n = org ? ['', '', '', '', ''] : [e.family || (e.given ? '' : e.fullName), e.given, '', '', ''];
  lines.push(`N:${n.map(escapeText).join(';')}`);
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
  const url = uriValue(e.url);
  if (url) lines.push(`URL:${url}`);
  // Anything but a day is not a BDAY value: left out rather than written raw.
  if (/^\d{4}-\d{2}-\d{2}$/.test(e.birthday)) lines.push(`BDAY:${v === '4.0' ? e.birthday.replace(/-/g, '') : e.birthday}`);
  if (e.note) lines.push(`NOTE:${escapeText(e.note)}`);
  lines.push(`UID:${v === '4.0' ? `urn:kartoteka:${uidUri(e.uid)}` : escapeText(e.uid)}`);
  lines.push('END:VCARD');
  return lines;
}

/** vCard text for entries (CRLF, folded at 75 octets, text escaped). */
export function toVcards(entries: readonly VcardEntry[], version: VcardVersion): string {
  return contentLines(entries.flatMap((e) => card(e, version)));
}

/**
 * Contact persons as vCards, with their company as ORG. Deleted ones, and those whose client is
 * missing from `clientsById` or deleted, are left out: the UI does not show them either.
 */
export function contactsToVcard(contacts: readonly Contact[], clientsById: ReadonlyMap<ClientId, Client>, version: VcardVersion): string {
  const entries: VcardEntry[] = [];
  for (const c of contacts) {
    const client = clientsById.get(c.clientId);
    if (c.deletedAt || !isLiveClient(client)) continue;
    const a = client.addresses[0];
    entries.push({
      uid: c.id, fullName: c.name, family: '', given: '', org: client.name, title: c.role, phones: c.phones, emails: c.emails,
      address: a ? { line: a.line, city: a.city, postalCode: a.postalCode, country: a.country } : null,
      url: client.website, birthday: c.birthday, note: c.notes,
    });
  }
  return toVcards(entries, version);
}

/** Clients as vCards: a person with their names, a company as an organisation card. */
export function clientsToVcard(clients: readonly Client[], version: VcardVersion): string {
  return toVcards(clients.filter((c) => !c.deletedAt && !c.erasedAt && !c.mergedInto).map((c) => {
    const a = c.addresses[0];
    const person = c.kind === 'person';
    return {
      uid: c.id, kind: person ? 'individual' : 'org', fullName: c.name, family: person ? c.lastName : '', given: person ? c.firstName : '',
      org: person ? '' : c.name, title: '',
      phones: c.phones, emails: c.emails, address: a ? { line: a.line, city: a.city, postalCode: a.postalCode, country: a.country } : null,
      url: c.website, birthday: '', note: c.notes,
    };
  }), version);
}
