import { err, ok, type Result } from '../util/result';
import { batchIdFor, type BatchId } from '../model/batch';
import { defaultClient, isClientId, type Client, type ClientId } from '../model/client';
import type { Contact, ContactId } from '../model/contact';
import { deterministicId, hashBytes } from '../model/ids';
import type { InteractionId, InteractionKind } from '../model/interaction';
import { CHUNK_ROWS, type PurchaseLine } from '../model/purchase';
import { ChunkBuilder, clientsAtFits, JsonLists, Remap, withClients, type LineColumns } from '../model/purchaseEncode';
import { chunkLines, decodeChunk } from '../model/purchase';
import { isoToDay } from '../util/day';
import { TextIndex, TextMap } from '../util/textIndex';
import type { TargetField } from './aliases';
import { emptyKeys, indexClient, lookupClient, normName, type MatchedBy } from './clientIndex';
import { CLIENT_KEYS, LINK_KEYS, contactFromRow, importedContactId, keepBothClientId, readClient, type Columns, type IncomingClient, type IncomingContact, type RowContext } from './clientRow';
import { isSolidChar } from './csv';
import { parseDate } from './dates';
import { decideFormats, sameFormats, type ColumnFormats } from './formats';
import { mappingKey } from './mapping';
import { absorb, absorbContact, changedFields, contactKey } from './merge';
import { parseNumber, plainNumber, type DecimalSeparator } from './numbers';
import type { RowError } from './problem';
import type { DuplicatePolicy, ImportPlan, PlanOptions, PlanProblem } from './planTypes';
import type { FirstSeen, PlannedTail, TailChunk } from './split';

/** What a tail-mode planner hands over (split.ts adds where its part of the file starts). */
export type TailPart = Omit<PlannedTail, 'start' | 'records' | 'parseErrors' | 'chunks'> & { lines: LineColumns };

export type { DuplicatePolicy, ImportPlan, PlanOptions, PlanProblem, DuplicateMatch } from './planTypes';

/** Rows buffered to decide column formats before streaming the rest. */
export const DECIDE_ROWS = 5000;

/** Column indices per target field of a file's header under a mapping. */
export function columnsOf(header: readonly string[], mapping: PlanOptions['mapping']): Columns {
  const cols: Columns = {};
  header.forEach((h, i) => { const f = mapping[h]; if (f) (cols[f] ??= []).push(i); });
  return cols;
}

/** The formats a planner decides from a file's first DECIDE_ROWS data rows. */
export function planFormats(rows: readonly (readonly string[])[], o: Pick<PlanOptions, 'header' | 'mapping' | 'dateFormat' | 'decimal' | 'defaultCountry'>): Result<ColumnFormats, PlanProblem> {
  return decideFormats(rows, columnsOf(o.header, o.mapping), o.header, { date: o.dateFormat, decimal: o.decimal, country: o.defaultCountry });
}

/** Key of the plan's batch: the source shape and the confirmed mapping (another mapping is another batch). */
export function planKey(header: readonly string[], mapping: PlanOptions['mapping']): string {
  const m = Object.entries(mapping).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => `${k}=${v}`).join('\u001f');
  return `${mappingKey(header)}:${hashBytes(new TextEncoder().encode(m)).slice(0, 16)}`;
}

const KIND_WORDS: [RegExp, InteractionKind][] = [
  [/call|phone|звон|позив|телефон/iu, 'call'],
  [/meet|встреч|средб|визит|visit/iu, 'meeting'],
  [/mail|письм|пошт|писмо/iu, 'email'],
  [/message|chat|sms|сообщ|порак|telegram|whatsapp|viber/iu, 'message'],
];
/** A number column as the per-line path reads it: index (-1 = not mapped) and decimal separator (once decided). */
interface NumCol { field: TargetField; col: number; decimal: DecimalSeparator | undefined }

const kindOf = (s: string): InteractionKind => KIND_WORDS.find(([re]) => re.test(s))?.[1] ?? 'note';

/**
 * Builds an ImportPlan row by row without writing anything. Feed rows with `add` (in file order,
 * streaming is fine) and call `finish`. Purchases may stream out as encoded chunks through `onChunk`.
 */
export class ImportPlanner {
  readonly batchId: BatchId;
  private readonly cols: Columns;
  private readonly plan: ImportPlan;
  private readonly buffer: { f: string[]; row: number }[] = [];
  private formats: ColumnFormats | null = null;
  private problem: PlanProblem | null = null;
  private readonly newKeys = emptyKeys();
  private readonly created = new Map<ClientId, Client>();
  /**
   * Source ids this plan gave clients that have none stored (a row with an id linked to them by a
   * weaker key): another id then passes them over (`lookupClient`), as if the id were stored.
   */
  private readonly claimed = new Map<ClientId, string>();
  private readonly updates = new Map<ClientId, Partial<Client>>();
  /** Contact persons this plan creates, by id (a later row of the same person adds to them). */
  private readonly contacts = new Map<string, Contact>();
  // TextMaps, not Maps: every key is a fresh cell string (util/textIndex.ts says why). The value is
  // the key's client as an index into `linked` (-1: the key names no client), so a line hands its
  // chunk a number and the client's id is not hashed again per line.
  private readonly linkCache = new TextMap<number>();
  private readonly linkCacheByKeys = new TextMap<number>();
  /** Clients the link keys resolved to, by link number (one entry per key: two keys may name one client). */
  private readonly linked: ClientId[] = [];
  private readonly errorRows = new Set<number>();
  /** Columns that name the client in a purchases/interactions file (the link cache key). */
  private readonly linkCols: number[] = [];
  private readonly extCol: number;
  /** First column of each mapped field (the hot path reads one cell per field). */
  private readonly first: Partial<Record<TargetField, number>> = {};
  /** Columns the per-line path reads, resolved once (named fields: no keyed lookup per cell). */
  private readonly at: { date: number; orderId: number; product: number; category: number };
  private readonly nums: { qty: NumCol; amount: NumCol; unitPrice: NumCol; discount: NumCol; cost: NumCol };
  /** Dates repeat (every line of a day): parse each distinct cell once, with its day number for the chunk. */
  private dateCache = new TextMap<{ r: Result<string>; day: number }>();
  /** The previous line's date cell and its entry: a file sorted by date repeats it line after line. */
  private lastDateCell: string | null = null;
  private lastDateEntry: { r: Result<string>; day: number } | undefined = undefined;
  private lines: PurchaseLine[] = [];
  /** With `onChunk`, lines go straight into columns: no object or ISO string per line. */
  private readonly chunk: { builder: ChunkBuilder; sink: NonNullable<PlanOptions['onChunk']> } | null;
  /** Whether this planner ends chunks itself (every CHUNK_ROWS lines and at `finish`). */
  private readonly chunksHere: boolean;
  private lineCount = 0;
  /** Tail mode: each link key's first row, in file order (its provisional client is `\u0000<index>`). */
  private readonly firstSeen: FirstSeen[] = [];
  /** Tail mode with `tailChunks`: the part's chunks so far. */
  private readonly tailChunks: TailChunk[] = [];
  /** newClientId of the last client asked about (matchExisting and create both need it). */
  private memo: { inc: IncomingClient; id: ClientId } | null = null;
  /** Clients handed out by `sendAhead` (their count), and whether one of them changed since. */
  private sentAhead = 0;
  /** Interactions of this file by content, for the id of a repeated one (interactions files are small). */
  private readonly interactionSeen = new Map<string, number>();
  private changedAfterSent = false;

  constructor(private readonly o: PlanOptions) {
    this.cols = columnsOf(o.header, o.mapping);
    for (const k of ['clientExternalId', 'clientTaxId', 'clientEmail', 'clientPhone', 'clientName'] as const) this.linkCols.push(...(this.cols[k] ?? []));
    this.extCol = this.cols.clientExternalId?.[0] ?? -1;
    for (const [field, idx] of Object.entries(this.cols) as [TargetField, number[]][]) if (idx[0] !== undefined) this.first[field] = idx[0];
    const col = (field: TargetField) => this.first[field] ?? -1;
    this.at = { date: col('date'), orderId: col('orderId'), product: col('product'), category: col('category') };
    const num = (field: TargetField): NumCol => ({ field, col: col(field), decimal: undefined });
    this.nums = { qty: num('qty'), amount: num('amount'), unitPrice: num('unitPrice'), discount: num('discount'), cost: num('cost') };
    this.batchId = batchIdFor(o.fileHash, planKey(o.header, o.mapping));
    // A tail part without `tailChunks` (the hash gate's head) keeps its lines as one growing set of
    // columns, for the lead to chunk; a tail part with it chunks them here, as the lead does.
    this.chunksHere = !o.tail || !!o.tailChunks;
    this.chunk = !this.chunksHere ? { builder: new ChunkBuilder(1 << 16), sink: () => {} } : o.onChunk || o.tailChunks ? { builder: new ChunkBuilder(), sink: o.onChunk ?? (() => {}) } : null;
    this.plan = {
      entity: o.entity, batchId: this.batchId, fileName: o.fileName, fileHash: o.fileHash, rowsRead: 0,
      alreadyImported: o.index.batchIds.has(this.batchId),
      clientsToCreate: [], clientsToUpdate: [], contactsToCreate: [], purchases: [], interactions: [],
      duplicates: [], rowErrors: [], warnings: [], formats: { date: null, decimal: {} },
      counts: { create: 0, update: 0, skip: 0, error: 0, newClientsFromPurchases: 0 },
    };
    for (const e of o.parseErrors ?? []) this.rowError(e);
    this.plan.rowsRead = this.errorRows.size;
    this.problem = this.checkMapping();
    if (o.formats) this.useFormats(o.formats);
  }

  private checkMapping(): PlanProblem | null {
    const has = (f: TargetField) => (this.cols[f]?.length ?? 0) > 0;
    if (this.o.entity === 'clients') {
      return has('name') || has('firstName') || has('lastName') || has('externalId') || has('email') || has('contactName')
        ? null : { kind: 'missing-field', message: 'Map a name, ID or e-mail column to import clients.' };
    }
    const link = ['clientExternalId', 'clientName', 'clientTaxId', 'clientEmail', 'clientPhone'] as const;
    if (!link.some(has)) return { kind: 'missing-field', message: 'Map a column that names the client (ID, name, tax ID, e-mail or phone).' };
    if (!has('date')) return { kind: 'missing-field', message: 'Map the date column.' };
    if (this.o.entity === 'purchases' && !has('amount') && !has('unitPrice')) return { kind: 'missing-field', message: 'Map the amount column, or the unit price (and quantity).' };
    return null;
  }

  private rowError(e: RowError): void {
    this.plan.rowErrors.push(e);
    this.errorRows.add(e.row);
  }

  /** Adds one data row (`row` = Excel row number). */
  add(fields: string[], row: number): void {
    if (this.problem) return;
    this.plan.rowsRead++;
    if (this.plan.alreadyImported) { this.plan.counts.skip++; return; }
    if (!this.formats) {
      this.buffer.push({ f: fields, row });
      if (this.buffer.length >= DECIDE_ROWS) this.drain();
      return;
    }
    this.process(fields, row);
  }

  private drain(): void {
    const d = planFormats(this.buffer.map((b) => b.f), this.o);
    if (!d.ok) { this.problem = d.error; this.buffer.length = 0; return; }
    this.useFormats(d.value);
    for (const b of this.buffer) this.process(b.f, b.row);
    this.buffer.length = 0;
  }

  private useFormats(f: ColumnFormats): void {
    // A decision the column's own values did not make is shown with the plan's warnings (once: a
    // tail part's planner leaves them to the lead, which decided the same formats).
    if (!this.o.tail && this.formats === null) {
      for (const n of f.notes) this.plan.warnings.push({ row: 1, column: n.column, value: '', reason: n.note });
    }
    this.formats = f;
    this.plan.formats = { date: f.date, decimal: f.decimal };
    for (const nc of Object.values(this.nums)) nc.decimal = f.decimal[nc.field];
  }

  private ctx(row: number): RowContext {
    return { header: this.o.header, defaultCountry: this.o.defaultCountry, row, warnings: this.plan.warnings };
  }

  private process(f: string[], row: number): void {
    if (this.o.entity === 'clients') this.clientRow(f, row);
    else this.lineRow(f, row);
  }

  // ---- clients files ----

  private clientRow(f: string[], row: number): void {
    const inc = readClient(f, this.cols, CLIENT_KEYS, this.ctx(row));
    if (!inc.fields.name) inc.fields.name = inc.fields.emails?.[0] ?? inc.contact?.name ?? inc.fields.externalId ?? '';
    if (!inc.fields.name) {
      this.rowError({ row, column: this.colName('name'), value: '', reason: 'no name, ID or e-mail: nothing to call the client' });
      return;
    }
    if (!inc.keys.name) inc.keys.name = normName(inc.fields.name);
    const clientId = this.placeClient(inc, row);
    if (clientId && inc.contact) {
      const added = this.addContact(clientId, inc.contact);
      // The row's contact person follows the user's choice for the row (commands/importPlan.ts).
      const d = this.plan.duplicates[this.plan.duplicates.length - 1];
      if (d?.row === row) d.contact = { ...inc.contact, id: added };
    }
  }

  /** Creates, updates or skips the row's client; returns the id its contact person belongs to. */
  private placeClient(inc: IncomingClient, row: number): ClientId | null {
    const existing = this.matchExisting(inc);
    if (existing) {
      const { id, matchedBy } = existing;
      const base = this.o.index.byId.get(id);
      if (!base) return this.create(inc, this.newClientId(inc));
      const pending = this.updates.get(id);
      const changes = changedFields(pending ? { ...base, ...pending } : base, inc.fields);
      if (Object.keys(changes).length === 0) { this.plan.counts.skip++; return this.claim(id, inc); }
      const policy: DuplicatePolicy = this.o.duplicateOverrides?.[row] ?? this.o.duplicatePolicy ?? 'update';
      // The row's own changes (an earlier row of this client may be skipped when this one is not).
      this.plan.duplicates.push({ row, existingId: id, matchedBy, incoming: inc.fields, policy, changes: pending ? changedFields(base, inc.fields) : changes });
      if (policy === 'skip') { this.plan.counts.skip++; return this.claim(id, inc); }
      if (policy === 'update') { this.updates.set(id, { ...pending, ...changes }); return this.claim(id, inc); }
      return this.create(inc, keepBothClientId(this.o.fileHash, row));
    }
    const inFile = lookupClient(this.newKeys, inc.keys, this.claimed);
    if (inFile) {
      this.claim(inFile.id, inc);
      const target = this.created.get(inFile.id);
      if (!target) return inFile.id;
      const merged = this.absorbInto(target, inc.fields);
      this.plan.counts.skip++;
      // A contacts file names the client once per contact person: a row that only repeats it is no remark.
      if (merged || !inc.contact) this.plan.warnings.push({ row, column: '', value: target.name, reason: `same client as an earlier row (matched by ${inFile.matchedBy}); merged` });
      return inFile.id;
    }
    return this.create(inc, this.newClientId(inc));
  }

  private matchExisting(inc: IncomingClient): { id: ClientId; matchedBy: MatchedBy } | null {
    const { byKey, byId } = this.o.index;
    // Our own export writes our client id where it has no source id: it links straight back, before
    // a weaker key could find a namesake (a stored source id of that text still comes first).
    const own = inc.fields.externalId?.trim() ?? '';
    if (isClientId(own) && byId.has(own) && !byKey.externalId.has(inc.keys.externalId)) return { id: own, matchedBy: 'externalId' };
    const m = lookupClient(byKey, inc.keys, this.claimed);
    if (m) return m;
    // The same deterministic id means the same source record even if its keys were edited since.
    const id = this.newClientId(inc);
    return this.o.index.byId.has(id) ? { id, matchedBy: 'externalId' } : null;
  }

  /** From the source key when there is one, so a clients file and a purchases file meet on one client. */
  private newClientId(inc: IncomingClient): ClientId {
    if (this.memo?.inc === inc) return this.memo.id;
    const k = inc.keys;
    const rowKey = k.taxId ? `tax:${k.taxId}` : k.emails[0] ? `email:${k.emails[0]}` : `name:${k.name}`;
    // From the row's key alone, not the file: two laptops that import a clients file and a purchases
    // file naming the same firm (no source id) in opposite orders must make the same client.
    const id = (k.externalId ? deterministicId('cli', 'ext', k.externalId) : deterministicId('cli', 'key', rowKey)) as ClientId;
    this.memo = { inc, id };
    return id;
  }

  private create(inc: IncomingClient, id0: ClientId): ClientId {
    // A client the team erased keeps its id for the tombstone: one made again from a file is another
    // record (deterministic, so laptops agree), which the dry run counts and the user sees.
    let id = id0;
    while (this.o.index.erasedIds.has(id)) id = deterministicId('cli', 'after-erase', id) as ClientId;
    // Safety net: the same deterministic id twice means the same client, never two records.
    const twin = this.created.get(id);
    if (twin) { this.absorbInto(twin, inc.fields); return id; }
    const c: Client = { ...defaultClient(id, this.o.now, this.o.by), ...inc.fields, id };
    this.created.set(id, c);
    this.plan.clientsToCreate.push(c);
    indexClient(this.newKeys, c);
    return id;
  }

  /** A later row's fields merged into a client created earlier (false: they added nothing): one sent ahead may change. */
  private absorbInto(target: Client, fields: IncomingClient['fields']): boolean {
    if (!absorb(target, fields)) return false;
    if (this.sentAhead > 0) this.changedAfterSent = true;
    // Keys it gained (a source id above all) find it from now on, and its id bars other ids' rows.
    indexClient(this.newKeys, target);
    return true;
  }

  /**
   * Records that a row with a source id linked to `id` (returned): if the client has no source id,
   * the row's becomes its id for the rest of this plan (a clients file also writes it: `changedFields`).
   */
  private claim(id: ClientId, inc: IncomingClient): ClientId {
    const ext = inc.keys.externalId;
    if (ext && !this.claimed.has(id) && !this.o.index.byKey.extOf.get(id) && !this.newKeys.extOf.get(id)) this.claimed.set(id, ext);
    return id;
  }

  /**
   * The clients created so far, for the worker to send on while the rest is planned (a split
   * file's lead, while it waits for or joins the tail: 20 000 clients took ~0.1 s to cross to the
   * page after the plan was done). `finish` leaves them as they are and adds later ones after
   * them, unless `sentAheadChanged` (a later row merged into one of them: send them all again).
   */
  sendAhead(): readonly Client[] {
    this.sentAhead = this.plan.clientsToCreate.length;
    return this.plan.clientsToCreate.slice();
  }

  get sentAheadChanged(): boolean { return this.changedAfterSent; }

  /**
   * The new contact's id, or null when it is there already. One in the base (by id, or by client and
   * name for one made in the UI, whose id is random) is left as it is: the plan has no contact updates,
   * and a re-import of our own export must change nothing. One made earlier in this file takes the
   * row's phones and e-mails it lacks, and a role, birthday or notes it has none of.
   */
  private addContact(clientId: ClientId, p: IncomingContact): ContactId | null {
    const id = importedContactId(clientId, p.name);
    const earlier = this.contacts.get(id);
    if (earlier) { absorbContact(earlier, p); return null; }
    const known = this.o.index.contactIds;
    if (known.has(id) || known.has(contactKey(clientId, p.name))) return null;
    const c = contactFromRow(clientId, p, this.o.now, this.o.by);
    this.contacts.set(id, c);
    this.plan.contactsToCreate.push(c);
    return id;
  }

  // ---- purchases / interactions files ----

  private cell(f: readonly string[], field: TargetField): string {
    return this.cellAt(f, this.first[field] ?? -1);
  }

  private cellAt(f: readonly string[], i: number): string {
    if (i < 0) return '';
    const v = f[i] ?? '';
    const a = v.charCodeAt(0), z = v.charCodeAt(v.length - 1);
    // Both ends plainly not whitespace (most cells): trim() could change nothing, skip the scan for tabs.
    if (isSolidChar(a) && isSolidChar(z)) return v;
    return a === 32 || z === 32 || v.includes('\t') ? v.trim() : v;
  }

  private colName(field: TargetField): string {
    const i = this.cols[field]?.[0];
    return i === undefined ? '' : this.o.header[i] ?? '';
  }

  /**
   * Links a line to a client (existing, created earlier in this file, or new). Cached per key text:
   * a source id decides alone (it is matched first); otherwise every naming column is the key.
   * In tail mode the line gets a provisional client per first-seen key (resolved by `joinTail`, or
   * `mergeTail` for the hash gate's head).
   */
  private linkClient(f: string[], row: number): number {
    const ext = this.extCol >= 0 ? (f[this.extCol] ?? '') : '';
    let cacheKey = ext;
    const cache = ext ? this.linkCache : this.linkCacheByKeys;
    if (!ext) for (const i of this.linkCols) cacheKey += `${f[i] ?? ''}\u001f`;
    const hit = cache.get(cacheKey);
    if (hit !== undefined) return hit;
    // A tail part's remarks on the cells are the lead's to make (it reads the cells again if the key is new to it).
    const inc = readClient(f, this.cols, LINK_KEYS, this.o.tail ? { ...this.ctx(row), warnings: [] } : this.ctx(row));
    const named = hasKeys(inc);
    let id: ClientId | null;
    if (this.o.tail) {
      id = named ? `\u0000${this.firstSeen.length}` as ClientId : null;
      this.firstSeen.push({ key: cacheKey, byExt: ext !== '', row, named, cells: f });
    } else id = named ? this.resolveLink(inc) : null;
    const link = this.link(id);
    cache.set(cacheKey, link);
    return link;
  }

  /** A link number for a key's client (-1 for none). */
  private link(id: ClientId | null): number {
    return id === null ? -1 : this.linked.push(id) - 1;
  }

  /** The client a line's key names: in the base, created earlier in this file, or new. */
  private resolveLink(inc: IncomingClient): ClientId {
    const m = this.matchExisting(inc) ?? lookupClient(this.newKeys, inc.keys, this.claimed);
    if (m) return this.claim(m.id, inc);
    if (!inc.fields.name) inc.fields.name = inc.fields.externalId ?? inc.fields.emails?.[0] ?? inc.fields.phones?.[0] ?? '';
    this.plan.counts.newClientsFromPurchases++;
    return this.create(inc, this.newClientId(inc));
  }

  private num(f: readonly string[], nc: NumCol, row: number): number | null {
    if (nc.col < 0) return NaN;
    const v = this.cellAt(f, nc.col);
    if (!v || v === 'NA' || v === 'NULL' || v === 'null') return NaN;
    // Plain cells are read without a Result object; anything else (or an error) takes the full parser.
    const fast = plainNumber(v, nc.decimal ?? '.');
    if (!Number.isNaN(fast)) return fast;
    const r = parseNumber(v, nc.decimal);
    if (r.ok) return r.value;
    this.rowError({ row, column: this.colName(nc.field), value: v, reason: r.error });
    return null;
  }

  private lineRow(f: string[], row: number): void {
    const link = this.linkClient(f, row);
    if (link < 0) {
      const col = this.colName('clientExternalId') || this.colName('clientName') || this.colName('clientTaxId');
      this.rowError({ row, column: col, value: '', reason: 'no customer: the row names no client' });
      return;
    }
    const dv = this.cellAt(f, this.at.date);
    let cached = dv === this.lastDateCell ? this.lastDateEntry : this.dateCache.get(dv);
    if (!cached) {
      if (this.dateCache.size > 50_000) this.dateCache = new TextMap();
      const r = parseDate(dv, this.formats?.date ?? 'ymd');
      cached = { r, day: r.ok ? isoToDay(r.value) : NaN };
      this.dateCache.set(dv, cached);
    }
    this.lastDateCell = dv; this.lastDateEntry = cached;
    const date = cached.r;
    if (!date.ok) { this.rowError({ row, column: this.colName('date'), value: dv, reason: `date: ${date.error}` }); return; }
    if (this.o.entity === 'interactions') return this.interactionRow(f, row, this.linked[link]!, date.value);

    const n = this.nums;
    const qty0 = this.num(f, n.qty, row), amount0 = this.num(f, n.amount, row), price = this.num(f, n.unitPrice, row);
    const disc0 = this.num(f, n.discount, row), cost = this.num(f, n.cost, row);
    if (qty0 === null || amount0 === null || price === null || disc0 === null || cost === null) return;
    const qty = Number.isNaN(qty0) ? 1 : qty0;
    // Percents or fractions is decided once for the column (formats.ts): per value, a 1 % discount read as 100 % off.
    const disc = Number.isNaN(disc0) ? 0 : this.formats?.discountPercent ? disc0 / 100 : disc0;
    let amount = amount0;
    if (Number.isNaN(amount)) {
      if (Number.isNaN(price)) { this.rowError({ row, column: this.colName('amount') || this.colName('unitPrice'), value: '', reason: 'no amount' }); return; }
      amount = Math.round(qty * price * (1 - disc) * 1e6) / 1e6;
    }
    const orderId = this.cellAt(f, this.at.orderId);
    // UCI Online Retail marks cancellations with a "C" invoice prefix, and gives them a negative
    // quantity: such a line's amount is negative too, even if written positive. The prefix alone
    // proves nothing ("C1001" is an ordinary order id elsewhere), so a positive line stays positive.
    if (qty < 0 && amount > 0 && orderId.charCodeAt(0) === 67) { const o1 = orderId.charCodeAt(1); if (o1 >= 48 && o1 <= 57) amount = -amount; }
    const product = this.cellAt(f, this.at.product), category = this.cellAt(f, this.at.category);
    this.lineCount++;
    const c = this.chunk;
    if (!c) { this.lines.push({ clientId: this.linked[link]!, date: date.value, amount, qty, cost, orderId, product, category }); return; }
    c.builder.addLinked(link, this.linked, cached.day, amount, qty, cost, orderId, product, category);
    if (c.builder.rows >= CHUNK_ROWS && this.chunksHere) this.flushChunk();
  }

  /** A tail-mode planner's result, for the lead's `mergeTail` (call after `finish`). */
  tailPart(): TailPart | null {
    if (!this.o.tail || this.o.tailChunks || !this.chunk || !this.formats || this.problem) return null;
    return { formats: this.formats, firstSeen: this.firstSeen, rowErrors: this.plan.rowErrors, rowsRead: this.plan.rowsRead, lines: this.chunk.builder.takeColumns() };
  }

  /**
   * Takes in the rest of the file, planned apart by a tail-mode planner (split.ts), as if this
   * planner had read those rows itself: link keys resolve in file order (a key this planner saw keeps
   * its client), lines are chunked after this planner's own. `offset` = records before the tail.
   * Returns false, changing nothing, when the parts cannot be joined exactly (the caller then reads
   * the rest itself).
   */
  mergeTail(t: TailPart, offset: number): boolean {
    const c = this.chunk;
    if (this.o.tail || this.o.entity !== 'purchases' || !c || this.problem || this.plan.alreadyImported || !this.formats || !sameFormats(this.formats, t.formats)) return false;
    const L = t.lines;
    const entryOf = L.clients.map((p) => (p.charCodeAt(0) === 0 ? Number(p.slice(1)) : NaN));
    if (!validLines(L, entryOf, t.firstSeen)) return false;
    const read = this.readNewKeys(t.firstSeen);
    if (!read) return false;
    const resolved = this.resolvePart(t, offset, read);
    // Provisional clients → the distinct final ids (two keys may name one client).
    const distinct = new Map<ClientId, number>();
    const clientOf = Int32Array.from(entryOf, (e) => {
      const id = resolved[e]!;
      let d = distinct.get(id);
      if (d === undefined) distinct.set(id, (d = distinct.size));
      return d;
    });
    const maps = { client: new Remap(distinct.size), order: new Remap(L.orders.length), product: new Remap(L.products.length), category: new Remap(L.categories.length) };
    const clientText = [...distinct.keys()];
    for (let i = 0; i < L.n;) {
      i = c.builder.addFromRange(L, i, L.n, CHUNK_ROWS, clientOf, clientText, maps);
      if (c.builder.rows >= CHUNK_ROWS) this.flushChunk();
    }
    this.lineCount += L.n;
    return true;
  }

  private cacheOf(e: FirstSeen): TextMap<number> {
    return e.byExt ? this.linkCache : this.linkCacheByKeys;
  }

  /**
   * The part's keys new to this planner, each read from its cells once (its remarks kept apart, rows
   * counted within the part), for `resolvePart`. Null when the parts cannot be joined: a key this
   * planner found naming no client cannot name one in the other part (same cells, same keys), and a
   * new key's cells must name a client exactly when the part said so.
   */
  private readNewKeys(firstSeen: readonly FirstSeen[]): Map<FirstSeen, { inc: IncomingClient; warnings: RowError[] }> | null {
    const read = new Map<FirstSeen, { inc: IncomingClient; warnings: RowError[] }>();
    for (const e of firstSeen) {
      const link = this.cacheOf(e).get(e.key);
      if (link !== undefined) { if (e.named && link === -1) return null; continue; }
      const warnings: RowError[] = [];
      const inc = readClient(e.cells, this.cols, LINK_KEYS, { ...this.ctx(e.row), warnings });
      if (hasKeys(inc) !== e.named) return null;
      read.set(e, { inc, warnings });
    }
    return read;
  }

  /**
   * Resolves a part's first-seen keys in file order (a key seen here keeps its client), and takes
   * in its row errors and row count (`offset` = records before the part). `read`: `readNewKeys`
   * of the same keys. Returns each key's client.
   */
  private resolvePart(t: Pick<TailPart, 'firstSeen' | 'rowErrors' | 'rowsRead'>, offset: number, read: ReadonlyMap<FirstSeen, { inc: IncomingClient; warnings: RowError[] }>): ClientId[] {
    const resolved: ClientId[] = [];
    for (const e of t.firstSeen) {
      const cache = this.cacheOf(e);
      let link = cache.get(e.key);
      const r = link === undefined ? read.get(e) : undefined;
      if (r) {
        // As one pass reads a key's first row: remarks on its cells, then its client.
        for (const w of r.warnings) this.plan.warnings.push({ ...w, row: w.row + offset });
        link = this.link(e.named ? this.resolveLink(r.inc) : null);
        cache.set(e.key, link);
      }
      resolved.push(this.linked[link ?? -1] ?? ('' as ClientId));
    }
    for (const e of t.rowErrors) this.rowError({ ...e, row: e.row + offset });
    this.plan.rowsRead += t.rowsRead;
    return resolved;
  }

  /**
   * Takes in the file's first rows, planned by `head` (a tail-mode planner) while the file's hash,
   * which this planner needs from its first row on, was still being computed: as if this planner
   * had read them. Only on a fresh planner. False when they cannot be joined (a bug: the caller
   * then fails the import, as this planner may have taken the head's formats).
   */
  mergeHead(head: ImportPlanner): boolean {
    if (!head.o.tail || this.o.tail || this.formats || this.buffer.length || this.plan.rowsRead) return false;
    // A file imported before is skipped row by row, as `add` would.
    if (this.plan.alreadyImported) { this.plan.rowsRead = this.plan.counts.skip = head.plan.rowsRead; return true; }
    const done = head.finish();
    // The head met it at the same rows one pass would (an ambiguous date column, say): so does this plan.
    if (!done.ok) { this.problem ??= done.error; return true; }
    const part = head.tailPart();
    if (!part || this.problem) return false;
    this.useFormats(part.formats);
    return this.mergeTail(part, 0);
  }

  /** With `tailChunks`: the part as chunks of provisional clients, for the lead's `joinTail` (call after `finish`). */
  tailChunked(): (Omit<TailPart, 'lines'> & { chunks: TailChunk[] }) | null {
    if (!this.o.tail || !this.o.tailChunks || !this.formats || this.problem) return null;
    return { formats: this.formats, firstSeen: this.firstSeen, rowErrors: this.plan.rowErrors, rowsRead: this.plan.rowsRead, chunks: this.tailChunks };
  }

  /**
   * Ends the chunk being filled (its lines are all before the split: split.ts). Every path that
   * reads a split file ends it there, so a file's chunks do not depend on whether it was split.
   * Nothing while the formats are not decided yet (rows still buffered): then the tail cannot be
   * joined either (`joinTail`), and one pass reads on.
   */
  endPart(): void {
    if (this.formats && !this.buffer.length && !this.o.tail) this.flushChunk();
  }

  /**
   * Takes in a tail part chunked by the tail's own planner (`tailChunks`) as if this planner had
   * read those rows itself, after `endPart`: link keys resolve in file order as in `mergeTail`,
   * and each chunk gets its clients' ids in place of the provisional ones (the columns stay; a
   * chunk where two keys name one client is encoded again, as one pass would encode it). False,
   * changing nothing, when the parts cannot be joined.
   */
  joinTail(t: Omit<TailPart, 'lines'> & { chunks: readonly TailChunk[] }, offset: number): boolean {
    const c = this.chunk;
    if (this.o.tail || this.o.entity !== 'purchases' || !c || c.builder.rows || this.problem || this.plan.alreadyImported || !this.formats || this.buffer.length || !sameFormats(this.formats, t.formats)) return false;
    const named = (e: number) => Number.isInteger(e) && e >= 0 && e < t.firstSeen.length && t.firstSeen[e]!.named;
    if (!t.chunks.every((k) => k.rows > 0 && k.rows <= CHUNK_ROWS && k.clients.every(named))) return false;
    const read = this.readNewKeys(t.firstSeen);
    if (!read) return false;
    // Each chunk's bytes, checked (cheaply) before anything changes here: they come from another worker.
    if (!t.chunks.every((k) => k.at !== null && clientsAtFits(k.bytes, k.rows, k.at))) return false;
    const resolved = this.resolvePart(t, offset, read);
    // Whether two entries of a chunk name one client, told by numbers (a Set of 20 000 ids per chunk took ~9 ms).
    const finals = new TextIndex();
    const finalOf = Int32Array.from(resolved, (id) => finals.add(id));
    const seenIn = new Int32Array(finals.size).fill(-1);
    const lists = new JsonLists(resolved);
    t.chunks.forEach((k, i) => {
      const ids: ClientId[] = new Array<ClientId>(k.clients.length);
      for (let j = 0; j < ids.length; j++) ids[j] = resolved[k.clients[j]!]!;
      const distinct = k.clients.every((e) => { const f = finalOf[e]!; if (seenIn[f] === i) return false; seenIn[f] = i; return true; });
      const bytes = distinct && k.at ? withClients(k.bytes, k.at, lists.pick(k.clients)) : null;
      if (bytes) c.sink(bytes, k.rows, ids);
      else {
        // Two keys of this chunk name one client: one pass gives it one dictionary entry.
        const d = decodeChunk(k.bytes);
        if (!d.ok) throw new Error(`a tail chunk could not be read: ${d.error}`); // checked above: a bug
        const b = new ChunkBuilder(d.value.n);
        for (const l of chunkLines({ ...d.value, clients: ids })) b.add(l.clientId, isoToDay(l.date), l.amount, l.qty, l.cost, l.orderId, l.product, l.category);
        c.sink(b.encode(), k.rows, b.clientIds);
      }
      this.lineCount += k.rows;
    });
    return true;
  }

  private flushChunk(): void {
    const c = this.chunk;
    if (!c || !c.builder.rows) return;
    const rows = c.builder.rows, { bytes, clients: at } = c.builder.encodeParts(!!this.o.tailChunks), clients = c.builder.clientIds;
    c.builder.reset(); // a fresh dictionary: `clients` stays this chunk's
    // A tail part's chunk names provisional clients (`\u0000<first-seen index>`): the lead's joinTail gives them ids.
    if (this.o.tailChunks) this.tailChunks.push({ bytes, rows, at, clients: Int32Array.from(clients, (p) => Number(p.slice(1))) });
    else c.sink(bytes, rows, clients);
  }

  /**
   * An interaction's id is made from what it says (client, day, kind, text, result) and how many
   * rows before it said the same: a grown or re-exported file (last month's calls and this month's)
   * brings only its new rows, and two laptops importing either file make the same records.
   */
  private interactionRow(f: string[], row: number, clientId: ClientId, date: string): void {
    const kind = kindOf(this.cell(f, 'kind')), text = this.cell(f, 'text'), result = this.cell(f, 'result');
    const content = [clientId, date, kind, text, result].join('\u001f');
    const nth = (this.interactionSeen.get(content) ?? 0) + 1;
    this.interactionSeen.set(content, nth);
    const id = deterministicId('int', content, String(nth)) as InteractionId;
    if (this.o.index.interactionIds.has(id)) { this.plan.counts.skip++; return; }
    this.plan.interactions.push({
      id, clientId, kind, date, memberId: '', text, result,
      batchId: this.batchId, deletedAt: '', createdAt: this.o.now, createdBy: this.o.by, updatedAt: this.o.now, updatedBy: this.o.by,
    });
  }

  /** Completes the plan (or explains why none can be made: ambiguous dates, missing columns). */
  finish(): Result<ImportPlan, PlanProblem> {
    if (!this.problem && !this.formats && !this.plan.alreadyImported) this.drain();
    if (this.problem) return err(this.problem);
    if (this.chunk) { if (this.chunksHere) this.flushChunk(); }
    else this.plan.purchases = this.lines;
    this.lines = [];
    const p = this.plan;
    p.clientsToUpdate = [...this.updates].map(([id, fields]) => ({ id, fields }));
    p.counts.create = p.entity === 'clients' ? p.clientsToCreate.length : p.entity === 'purchases' ? this.lineCount : p.interactions.length;
    p.counts.update = p.clientsToUpdate.length;
    p.counts.error = this.errorRows.size;
    p.rowErrors.sort((a, b) => a.row - b.row);
    return ok(p);
  }
}

const hasKeys = ({ keys: k }: IncomingClient): boolean => !!(k.externalId || k.taxId || k.emails.length || k.phones.length || k.name);

/** Every index of a tail's lines points into its dictionaries, and every provisional client into its first-seen keys. */
function validLines(L: LineColumns, entryOf: readonly number[], firstSeen: readonly FirstSeen[]): boolean {
  if (!entryOf.every((e) => Number.isInteger(e) && e >= 0 && e < firstSeen.length && firstSeen[e]!.named)) return false;
  for (const a of [L.client, L.day, L.order, L.product, L.category, L.amount, L.qty, L.cost]) if (a.length < L.n) return false;
  return indicesIn(L.client, L.n, 0, entryOf.length) && indicesIn(L.order, L.n, -1, L.orders.length)
    && indicesIn(L.product, L.n, -1, L.products.length) && indicesIn(L.category, L.n, -1, L.categories.length);
}

function indicesIn(a: Int32Array, n: number, min: number, size: number): boolean {
  for (let i = 0; i < n; i++) { const v = a[i]!; if (v < min || v >= size) return false; }
  return true;
}

/** Plans a parsed file in one call (see ImportPlanner for streaming). */
export function buildImportPlan(parsed: { rows: readonly string[][]; rowNumbers: readonly number[] }, options: PlanOptions): Result<ImportPlan, PlanProblem> {
  const planner = new ImportPlanner(options);
  parsed.rows.forEach((r, i) => planner.add(r, parsed.rowNumbers[i] ?? i + 2));
  return planner.finish();
}
