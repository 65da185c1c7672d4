import { describe, expect, it } from 'vitest';
import { createClient, updateClientField, setClientTag, setClientAddress, deleteClient, restoreClient } from '../../src/core/commands/clients';
import { applyBatch, undoBatch } from '../../src/core/commands/batches';
import { ClientCache, getClient } from '../../src/core/queries/clients';
import { disambiguators, parseQuery, search, searchEntry, norm } from '../../src/core/queries/search';
import { allChunks, purchasesOf } from '../../src/core/queries/purchases';
import * as peek from './peek';
import { defaultClient, newClientId, type Client, type ClientId } from '../../src/core/model/client';
import type { MemberId } from '../../src/core/model/member';
import { exchange, pair, replica, value } from './helpers';
import { makeBatch } from './batchKit';

function client(p: Partial<Client>): Client {
  return { ...defaultClient(newClientId(), '', ''), ...p };
}

describe('search', () => {
  const alfa = client({ name: 'Альфа-Трейд', legalForm: 'ООО', emails: ['info@alfa.ru'], phones: ['+79161234567'], taxId: '7709876543' });
  const ivan = client({ kind: 'person', name: 'Иван Семёнов', firstName: 'Иван', lastName: 'Семёнов', phones: ['8 (903) 555-11-22'], addresses: [{ id: 'a', kind: 'home', line: '', city: 'Казань', postalCode: '', country: 'RU' }] });
  const mk = client({ name: 'Тетекс ДООЕЛ', phones: ['+38970123456'], tags: ['экспорт'] });
  const uk = client({ name: 'Northwind Trading', phones: ['+447123456789'], emails: ['Sales@Northwind.example'] });
  const entries = [alfa, ivan, mk, uk].map(searchEntry);
  const find = (q: string) => search(entries, q);

  it('finds by name, surname, company, e-mail, tag, tax id, city; any case', () => {
    expect(find('альфа')).toEqual([alfa.id]);
    expect(find('АЛЬФА трейд')).toEqual([alfa.id]);
    expect(find('семенов')).toEqual([ivan.id]);
    expect(find('иван казань')).toEqual([ivan.id]);
    expect(find('info@alfa')).toEqual([alfa.id]);
    expect(find('sales@northwind')).toEqual([uk.id]);
    expect(find('экспорт')).toEqual([mk.id]);
    expect(find('ооо')).toEqual([alfa.id]);
    expect(find('иван москва')).toEqual([]);
    expect(find('   ')).toHaveLength(4);
  });

  it('ё and е are the same letter, whichever is typed and however it is encoded', () => {
    expect(find('Семёнов')).toEqual([ivan.id]);
    expect(find('СЕМЕНОВ')).toEqual([ivan.id]);
    expect(find('Семе\u0308нов')).toEqual([ivan.id]); // decomposed ё (NFD, e.g. pasted from macOS)
    const nfd = searchEntry(client({ name: 'Алёна'.normalize('NFD') }));
    expect(search([nfd], 'алена')).toEqual([nfd.id]);
    expect(norm('Ёлка')).toBe('елка');
  });

  it('finds a phone typed in any format', () => {
    for (const q of ['+79161234567', '+7 916 123-45-67', '8 (916) 1234567', '9161234567', '916 123 45 67', '916-123-45']) expect(find(q), q).toEqual([alfa.id]);
    for (const q of ['+7 903 555 11 22', '89035551122', '903-555-1122']) expect(find(q), q).toEqual([ivan.id]);
    for (const q of ['070 123 456', '+389 70 123 456', '00389 70 123 456', '070123456']) expect(find(q), q).toEqual([mk.id]);
    for (const q of ['07123 456789', '+44 7123 456789']) expect(find(q), q).toEqual([uk.id]);
    expect(find('7709876543')).toEqual([alfa.id]); // tax id by digits
    expect(find('+7 999 000-00-00')).toEqual([]);
  });

  it('parseQuery tells phones from words', () => {
    expect(parseQuery('+7 (916) 123-45-67').phone).toBe('161234567');
    expect(parseQuery('ООО Альфа 2').words).toEqual(['ооо', 'альфа', '2']);
    expect(parseQuery('12').phone).toBe('');
  });

  it('disambiguators tell namesakes apart by city, then phone', () => {
    const a = client({ kind: 'person', name: 'Анна Петрова', lastName: 'Петрова', phones: ['+79160000001'], addresses: [{ id: 'a', kind: 'home', line: '', city: 'Москва', postalCode: '', country: 'RU' }] });
    const b = client({ kind: 'person', name: 'Мария Петрова', lastName: 'Петрова', phones: ['+79160000002'], addresses: [{ id: 'a', kind: 'home', line: '', city: 'Самара', postalCode: '', country: 'RU' }] });
    const c = client({ name: 'Вектор', legalForm: 'ООО', phones: ['+79160000003'] });
    const d = client({ name: 'Вектор', legalForm: 'ООО', phones: ['+79160000004'] });
    const e = client({ name: 'Единственный' });
    const m = disambiguators([a, b, c, d, e]);
    expect(m.get(a.id)).toContain('Москва');
    expect(m.get(b.id)).toContain('Самара');
    expect(m.get(c.id)).toBe('+79160000003');
    expect(m.get(d.id)).toBe('+79160000004');
    expect(m.has(e.id)).toBe(false);
  });
});

describe('getClient', () => {
  it('turns the stored layout into a plain validated record', () => {
    const { doc, ctx } = replica();
    const id = value(createClient(ctx, { name: 'A', tags: ['b', 'a'] }));
    value(updateClientField(ctx, id, 'notes', 'x'));
    value(setClientAddress(ctx, id, { id: 'a1', kind: 'office', line: 'l', city: 'c', postalCode: '', country: 'RU' }));
    const c = getClient(doc, id)!;
    expect(c.tags).toEqual(['a', 'b']);
    expect(c.addresses).toHaveLength(1);
    expect('history' in c).toBe(false);
  });
  it('a record a peer corrupted reads as null, not a crash', () => {
    const { doc } = replica();
    peek.tamper.record(doc, 'clients', 'cli_0123456789abcdef', { id: 'cli_0123456789abcdef', name: 7, kind: { evil: true }, tags: 'x' });
    expect(getClient(doc, 'cli_0123456789abcdef' as ClientId)).toMatchObject({ name: '', kind: 'company', tags: [] });
    peek.tamper.record(doc, 'clients', 'cli_1123456789abcdef', { id: 'garbage' });
    expect(getClient(doc, 'cli_1123456789abcdef' as ClientId)).toBeNull();
  });
});

describe('ClientCache', () => {
  it('updates per changed client on local edits', () => {
    const { doc, ctx } = replica();
    const a = value(createClient(ctx, { name: 'A' }));
    const b = value(createClient(ctx, { name: 'B' }));
    const cache = new ClientCache(doc);
    const seen: (ClientId[] | null)[] = [];
    cache.subscribe((ch) => seen.push(ch ? [...ch] : null));
    const r0 = cache.rev;
    const before = cache.byId.get(b);
    value(updateClientField(ctx, a, 'notes', 'n'));
    expect(seen).toEqual([[a]]);
    expect(cache.byId.get(a)!.notes).toBe('n');
    expect(cache.byId.get(b)).toBe(before); // untouched client: same object, not re-read
    expect(cache.rev).toBe(r0 + 1);
    value(setClientTag(ctx, b, 'VIP', true));
    expect(cache.byId.get(b)!.tags).toEqual(['VIP']);
    value(deleteClient(ctx, a));
    expect(cache.live().map((c) => c.id)).toEqual([b]);
    value(restoreClient(ctx, a));
    expect(cache.live()).toHaveLength(2);
    const c = value(createClient(ctx, { name: 'C' }));
    expect(seen.at(-1)).toEqual([c]);
    expect(cache.byId.size).toBe(3);
  });

  it('updates on remote updates, including an import batch', () => {
    const [x, y] = pair();
    const cache = new ClientCache(y.doc);
    const id = value(createClient(x.ctx, { name: 'Remote' }));
    exchange(x.doc, y.doc);
    expect(cache.byId.get(id)!.name).toBe('Remote');
    value(updateClientField(x.ctx, id, 'name', 'Renamed'));
    exchange(x.doc, y.doc);
    expect(cache.byId.get(id)!.name).toBe('Renamed');
    const b = makeBatch('cache', 3, 5);
    value(applyBatch(x.ctx, b));
    exchange(x.doc, y.doc);
    expect(cache.live()).toHaveLength(4);
    value(undoBatch(x.ctx, b.id));
    exchange(x.doc, y.doc);
    expect(cache.live().map((c) => c.name)).toEqual(['Renamed']);
  });
});

describe('purchases', () => {
  it('purchasesOf returns one client’s lines newest first; undone batches are not read', () => {
    const { doc, ctx } = replica('' as MemberId);
    const b = makeBatch('p', 2, 12, 2);
    value(applyBatch(ctx, b));
    const mine = purchasesOf(allChunks(doc), b.clientIds[0]!);
    expect(mine.length).toBe(12);
    expect(mine.every((l) => l.clientId === b.clientIds[0])).toBe(true);
    expect([...mine].sort((p, q) => q.date.localeCompare(p.date))).toEqual(mine);
    value(undoBatch(ctx, b.id));
    expect(allChunks(doc)).toEqual([]);
  });
  it('a malformed chunk from a peer is skipped, not fatal', () => {
    const { doc, ctx } = replica();
    const b = makeBatch('pp', 1, 3);
    value(applyBatch(ctx, b));
    peek.tamper.pushChunk(doc, b.id, new Uint8Array([1, 2, 3]));
    peek.tamper.pushChunk(doc, b.id, new Uint8Array(0));
    expect(allChunks(doc).length).toBe(1);
  });
});
