import type { Client, ClientId } from '../model/client';
import type { Contact } from '../model/contact';
import type { PurchaseLine } from '../model/purchase';
import { toCsv, type CsvCell, type CsvFormat } from './csvWriter';
import { customerId, isLiveClient } from './live';

/**
 * Entity tables for export. Headers are English and match what `suggestMapping` recognises,
 * so an exported file imports back with no manual mapping.
 */
export function clientsCsv(clients: readonly Client[], fmt: CsvFormat): string {
  const rows: CsvCell[][] = [[
    'Customer ID', 'Name', 'Legal form', 'First name', 'Last name', 'Tax ID', 'Phone', 'Email', 'Website',
    'Segment', 'Address', 'City', 'Postal code', 'Country', 'Notes',
  ]];
  for (const c of clients) {
    if (c.deletedAt || c.erasedAt || c.mergedInto) continue; // merged losers live on in their survivor
    const a = c.addresses[0];
    // The source id when the client came from another system, else ours: either links back on re-import.
    rows.push([customerId(c), c.name, c.legalForm, c.firstName, c.lastName, c.taxId, c.phones.join(', '), c.emails.join(', '), c.website,
      c.segment, a?.line ?? '', a?.city ?? '', a?.postalCode ?? '', a?.country ?? '', c.notes]);
  }
  return toCsv(rows, fmt);
}

/** Contacts of clients the UI shows (see `isLiveClient`), with the same Customer ID as `clientsCsv`. */
export function contactsCsv(contacts: readonly Contact[], clientsById: ReadonlyMap<ClientId, Client>, fmt: CsvFormat): string {
  const rows: CsvCell[][] = [['Customer ID', 'Customer name', 'Contact name', 'Contact title', 'Phone', 'Email', 'Birthday', 'Notes']];
  for (const p of contacts) {
    const client = clientsById.get(p.clientId);
    if (p.deletedAt || !isLiveClient(client)) continue;
    rows.push([customerId(client), client.name, p.name, p.role, p.phones.join(', '), p.emails.join(', '), p.birthday, p.notes]);
  }
  return toCsv(rows, fmt);
}

/** Customer ID as in `clientsCsv` (so a re-import links the lines by it); a line of a client not given keeps our id. */
export function purchasesCsv(lines: Iterable<PurchaseLine>, clientsById: ReadonlyMap<ClientId, Client>, fmt: CsvFormat): string {
  const rows: CsvCell[][] = [['Customer ID', 'Customer name', 'Order date', 'Order ID', 'Product', 'Category', 'Quantity', 'Sales', 'Cost']];
  for (const l of lines) {
    const client = clientsById.get(l.clientId);
    rows.push([client ? customerId(client) : l.clientId, client?.name ?? '', l.date, l.orderId, l.product, l.category, l.qty, l.amount, Number.isNaN(l.cost) ? null : l.cost]);
  }
  return toCsv(rows, fmt);
}
