import { isClientId, type Client, type ClientId } from '../model/client';
import { resolveWith } from '../queries/aliases';
import type { Contact } from '../model/contact';
import type { PurchaseLine } from '../model/purchase';
import { toCsv, type CsvCell, type CsvFormat } from './csvWriter';
import { customerId, isLiveClient } from './live';

/**
 * Entity tables for export. Headers are English and match what `suggestMapping` recognises,
 * so an exported file imports back with no manual mapping.
 */

/**
 * One column per phone ("Phone", "Phone 2", …): the import reads one number per cell (several
 * phone columns map to the client's phones), so "a, b" in one cell lost b as an "extension".
 */
function phoneColumns(title: string, lists: readonly (readonly string[])[]): { header: string[]; cells: (l: readonly string[]) => string[] } {
  const n = lists.reduce((m, l) => Math.max(m, l.length), 1); // no spread: 200 000 contacts overflow the stack
  const header = Array.from({ length: n }, (_, i) => (i ? `${title} ${i + 1}` : title));
  return { header, cells: (l) => Array.from({ length: n }, (_, i) => l[i] ?? '') };
}

export function clientsCsv(clients: readonly Client[], fmt: CsvFormat): string {
  const live = clients.filter((c) => !c.deletedAt && !c.erasedAt && !c.mergedInto); // merged losers live on in their survivor
  const phones = phoneColumns('Phone', live.map((c) => c.phones));
  const rows: CsvCell[][] = [[
    'Customer ID', 'Name', 'Legal form', 'First name', 'Last name', 'Tax ID', ...phones.header, 'Email', 'Website',
    'Segment', 'Address', 'City', 'Postal code', 'Country', 'Notes',
  ]];
  for (const c of live) {
    const a = c.addresses[0];
    // The source id when the client came from another system, else ours: either links back on re-import.
    rows.push([customerId(c), c.name, c.legalForm, c.firstName, c.lastName, c.taxId, ...phones.cells(c.phones), c.emails.join(', '), c.website,
      c.segment, a?.line ?? '', a?.city ?? '', a?.postalCode ?? '', a?.country ?? '', c.notes]);
  }
  return toCsv(rows, fmt);
}

/**
 * Contacts of clients the UI shows (see `isLiveClient`), with the same Customer ID as `clientsCsv`.
 * The person's own columns say "Contact …": a bare "Phone" or "Notes" next to "Customer name" reads
 * (to a person and to `suggestMapping`) as the client's.
 */
export function contactsCsv(contacts: readonly Contact[], clientsById: ReadonlyMap<ClientId, Client>, fmt: CsvFormat): string {
  const shown = contacts.filter((p) => !p.deletedAt && isLiveClient(clientsById.get(p.clientId)));
  const phones = phoneColumns('Contact phone', shown.map((p) => p.phones));
  const rows: CsvCell[][] = [['Customer ID', 'Customer name', 'Contact name', 'Contact title', ...phones.header, 'Contact email', 'Contact birthday', 'Contact notes']];
  for (const p of shown) {
    const client = clientsById.get(p.clientId)!;
    rows.push([customerId(client), client.name, p.name, p.role, ...phones.cells(p.phones), p.emails.join(', '), p.birthday, p.notes]);
  }
  return toCsv(rows, fmt);
}

/**
 * Customer ID as in `clientsCsv` (so a re-import links the lines by it); a line of a client not given keeps our id.
 * Pass every client, merged and deleted ones too: a merged client's lines then go to its survivor.
 */
export function purchasesCsv(lines: Iterable<PurchaseLine>, clientsById: ReadonlyMap<ClientId, Client>, fmt: CsvFormat): string {
  const rows: CsvCell[][] = [['Customer ID', 'Customer name', 'Order date', 'Order ID', 'Product', 'Category', 'Quantity', 'Sales', 'Cost']];
  // Chunks are immutable: a merged client's lines keep the loser's id, and a re-import of them would
  // bring the loser back. They go out under the survivor's, resolved as every reader resolves merges.
  const merges = new Map<ClientId, ClientId>();
  for (const c of clientsById.values()) if (isClientId(c.mergedInto) && c.mergedInto !== c.id) merges.set(c.id, c.mergedInto);
  for (const l of lines) {
    const client = clientsById.get(merges.has(l.clientId) ? resolveWith(merges, l.clientId) : l.clientId);
    rows.push([client ? customerId(client) : l.clientId, client?.name ?? '', l.date, l.orderId, l.product, l.category, l.qty, l.amount, Number.isNaN(l.cost) ? null : l.cost]);
  }
  return toCsv(rows, fmt);
}
