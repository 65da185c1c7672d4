import { err, ok, type Result } from '../util/result';
import { batchIdFor, type BatchId } from '../model/batch';
import { defaultClient, isClientId, type Client, type ClientId } from '../model/client';
import { defaultContact, type ContactId } from '../model/contact';
import { deterministicId, hashBytes } from '../model/ids';
import type { InteractionId, InteractionKind } from '../model/interaction';
import { CHUNK_ROWS, type PurchaseLine } from '../model/purchase';
import { ChunkBuilder } from '../model/purchaseEncode';
import { isoToDay } from '../util/day';
import type { TargetField } from './aliases';
import { emptyKeys, indexClient, lookupClient, normName, type MatchedBy } from './clientIndex';
import { CLIENT_KEYS, LINK_KEYS, readClient, type Columns, type IncomingClient, type RowContext } from './clientRow';
import { isSolidChar } from './csv';
import { parseDate } from './dates';
import { decideFormats, type ColumnFormats } from './formats';
import { mappingKey } from './mapping';
import { absorb, changedFields } from './merge';
import { parseNumber, plainNumber, type DecimalSeparator } from './numbers';
import type { RowError } from './problem';
import type { DuplicatePolicy, ImportPlan, PlanOptions, PlanProblem } from './planTypes';

export type { DuplicatePolicy, ImportPlan, PlanOptions, PlanProblem, DuplicateMatch } from './planTypes';

/** Rows buffered to decide column formats before streaming the rest. */
const DECIDE_ROWS = 5000;

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
  private readonly cols: Columns = {};
  private readonly plan: ImportPlan;
  private readonly buffer: { f: string[]; row: number }[] = [];
  private formats: ColumnFormats | null = null;
  private problem: PlanProblem | null = null;
  private readonly newKeys = emptyKeys();
  private readonly created = new Map<ClientId, Client>();
  private readonly updates = new Map<ClientId, Partial<Client>>();
  private readonly contactIds = new Set<string>();
  private readonly linkCache = new Map<string, ClientId | null>();
  private readonly linkCacheByKeys = new Map<string, ClientId | null>();
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
  private readonly dateCache = new Map<string, { r: Result<string>; day: number }>();
  private lines: PurchaseLine[] = [];
  /** With `onChunk`, lines go straight into columns: no object or ISO string per line. */
  private readonly chunk: { builder: ChunkBuilder; sink: NonNullable<PlanOptions['onChunk']> } | null;
  private lineCount = 0;

  constructor(private readonly o: PlanOptions) {
    o.header.forEach((h, i) => { const f = o.mapping[h]; if (f) (this.cols[f] ??= []).push(i); });
    for (const k of ['clientExternalId', 'clientTaxId', 'clientEmail', 'clientPhone', 'clientName'] as const) this.linkCols.push(...(this.cols[k] ?? []));
    this.extCol = this.cols.clientExternalId?.[0] ?? -1;
    for (const [field, idx] of Object.entries(this.cols) as [TargetField, number[]][]) if (idx[0] !== undefined) this.first[field] = idx[0];
    const col = (field: TargetField) => this.first[field] ?? -1;
    this.at = { date: col('date'), orderId: col('orderId'), product: col('product'), category: col('category') };
    const num = (field: TargetField): NumCol => ({ field, col: col(field), decimal: undefined });
    this.nums = { qty: num('qty'), amount: num('amount'), unitPrice: num('unitPrice'), discount: num('discount'), cost: num('cost') };
    this.batchId = batchIdFor(o.fileHash, planKey(o.header, o.mapping));
    this.chunk = o.onChunk ? { builder: new ChunkBuilder(), sink: o.onChunk } : null;
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
    const d = decideFormats(this.buffer.map((b) => b.f), this.cols, this.o.header, { date: this.o.dateFormat, decimal: this.o.decimal });
    if (!d.ok) { this.problem = d.error; this.buffer.length = 0; return; }
    this.formats = d.value;
    this.plan.formats = { date: d.value.date, decimal: d.value.decimal };
    for (const nc of Object.values(this.nums)) nc.decimal = d.value.decimal[nc.field];
    for (const b of this.buffer) this.process(b.f, b.row);
    this.buffer.length = 0;
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
    if (clientId && inc.contact) this.addContact(clientId, inc.contact);
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
      if (Object.keys(changes).length === 0) { this.plan.counts.skip++; return id; }
      const policy: DuplicatePolicy = this.o.duplicateOverrides?.[row] ?? this.o.duplicatePolicy ?? 'update';
      this.plan.duplicates.push({ row, existingId: id, matchedBy, incoming: inc.fields, policy });
      if (policy === 'skip') { this.plan.counts.skip++; return id; }
      if (policy === 'update') { this.updates.set(id, { ...pending, ...changes }); return id; }
      return this.create(inc, deterministicId('cli', 'dup', this.o.fileHash, String(row)) as ClientId);
    }
    const inFile = lookupClient(this.newKeys, inc.keys);
    if (inFile) {
      const target = this.created.get(inFile.id);
      if (!target) return inFile.id;
      absorb(target, inc.fields);
      this.plan.counts.skip++;
      this.plan.warnings.push({ row, column: '', value: target.name, reason: `same client as an earlier row (matched by ${inFile.matchedBy}); merged` });
      return inFile.id;
    }
    return this.create(inc, this.newClientId(inc));
  }

  private matchExisting(inc: IncomingClient): { id: ClientId; matchedBy: MatchedBy } | null {
    const m = lookupClient(this.o.index.byKey, inc.keys);
    if (m) return m;
    // Our own export writes our client id where it has no source id: it links straight back.
    const own = inc.fields.externalId?.trim() ?? '';
    if (isClientId(own) && this.o.index.byId.has(own)) return { id: own, matchedBy: 'externalId' };
    // The same deterministic id means the same source record even if its keys were edited since.
    const id = this.newClientId(inc);
    return this.o.index.byId.has(id) ? { id, matchedBy: 'externalId' } : null;
  }

  /** From the source key when there is one, so a clients file and a purchases file meet on one client. */
  private newClientId(inc: IncomingClient): ClientId {
    const k = inc.keys;
    if (k.externalId) return deterministicId('cli', 'ext', k.externalId) as ClientId;
    const rowKey = k.taxId ? `tax:${k.taxId}` : k.emails[0] ? `email:${k.emails[0]}` : `name:${k.name}`;
    return deterministicId('cli', 'row', this.o.fileHash, rowKey) as ClientId;
  }

  private create(inc: IncomingClient, id: ClientId): ClientId {
    // Safety net: the same deterministic id twice means the same client, never two records.
    const twin = this.created.get(id);
    if (twin) { absorb(twin, inc.fields); return id; }
    const c: Client = { ...defaultClient(id, this.o.now, this.o.by), ...inc.fields, id };
    this.created.set(id, c);
    this.plan.clientsToCreate.push(c);
    indexClient(this.newKeys, c);
    return id;
  }

  private addContact(clientId: ClientId, p: { name: string; role: string }): void {
    const id = deterministicId('con', clientId, normName(p.name)) as ContactId;
    if (this.contactIds.has(id) || this.o.index.contactIds.has(id)) return;
    this.contactIds.add(id);
    this.plan.contactsToCreate.push({ ...defaultContact(id, clientId, this.o.now, this.o.by), name: p.name, role: p.role });
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

  /** Links a line to a client (existing, created earlier in this file, or new). Cached per key text. */
  private linkClient(f: string[], row: number): ClientId | null {
    // A source id decides alone (it is matched first); otherwise every naming column is the key.
    const ext = this.extCol >= 0 ? (f[this.extCol] ?? '') : '';
    let cacheKey = ext;
    const cache = ext ? this.linkCache : this.linkCacheByKeys;
    if (!ext) for (const i of this.linkCols) cacheKey += `${f[i] ?? ''}\u001f`;
    const hit = cache.get(cacheKey);
    if (hit !== undefined) return hit;
    const inc = readClient(f, this.cols, LINK_KEYS, this.ctx(row));
    let id: ClientId | null = null;
    const k = inc.keys;
    if (k.externalId || k.taxId || k.emails.length || k.phones.length || k.name) {
      const m = this.matchExisting(inc) ?? lookupClient(this.newKeys, k);
      if (m) id = m.id;
      else {
        if (!inc.fields.name) inc.fields.name = inc.fields.externalId ?? inc.fields.emails?.[0] ?? inc.fields.phones?.[0] ?? '';
        id = this.create(inc, this.newClientId(inc));
        this.plan.counts.newClientsFromPurchases++;
      }
    }
    cache.set(cacheKey, id);
    return id;
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
    const clientId = this.linkClient(f, row);
    if (!clientId) {
      const col = this.colName('clientExternalId') || this.colName('clientName') || this.colName('clientTaxId');
      this.rowError({ row, column: col, value: '', reason: 'no customer: the row names no client' });
      return;
    }
    const dv = this.cellAt(f, this.at.date);
    let cached = this.dateCache.get(dv);
    if (!cached) {
      if (this.dateCache.size > 50_000) this.dateCache.clear();
      const r = parseDate(dv, this.formats?.date ?? 'ymd');
      cached = { r, day: r.ok ? isoToDay(r.value) : NaN };
      this.dateCache.set(dv, cached);
    }
    const date = cached.r;
    if (!date.ok) { this.rowError({ row, column: this.colName('date'), value: dv, reason: `date: ${date.error}` }); return; }
    if (this.o.entity === 'interactions') return this.interactionRow(f, row, clientId, date.value);

    const n = this.nums;
    const qty0 = this.num(f, n.qty, row), amount0 = this.num(f, n.amount, row), price = this.num(f, n.unitPrice, row);
    const disc0 = this.num(f, n.discount, row), cost = this.num(f, n.cost, row);
    if (qty0 === null || amount0 === null || price === null || disc0 === null || cost === null) return;
    let qty = Number.isNaN(qty0) ? 1 : qty0;
    // A discount written as 15 means 15 %; as 0.15 it already is a fraction.
    const disc = Number.isNaN(disc0) ? 0 : disc0 > 1 ? disc0 / 100 : disc0;
    let amount = amount0;
    if (Number.isNaN(amount)) {
      if (Number.isNaN(price)) { this.rowError({ row, column: this.colName('amount') || this.colName('unitPrice'), value: '', reason: 'no amount' }); return; }
      amount = Math.round(qty * price * (1 - disc) * 1e6) / 1e6;
    }
    const orderId = this.cellAt(f, this.at.orderId);
    // UCI Online Retail marks cancellations with a "C" invoice prefix; keep them negative either way.
    const o1 = orderId.charCodeAt(1);
    if (orderId.charCodeAt(0) === 67 && o1 >= 48 && o1 <= 57) { if (amount > 0) amount = -amount; if (qty > 0) qty = -qty; }
    const product = this.cellAt(f, this.at.product), category = this.cellAt(f, this.at.category);
    this.lineCount++;
    const c = this.chunk;
    if (!c) { this.lines.push({ clientId, date: date.value, amount, qty, cost, orderId, product, category }); return; }
    c.builder.add(clientId, cached.day, amount, qty, cost, orderId, product, category);
    if (c.builder.rows >= CHUNK_ROWS) this.flushChunk();
  }

  private flushChunk(): void {
    const c = this.chunk;
    if (!c || !c.builder.rows) return;
    const rows = c.builder.rows, bytes = c.builder.encode(), clients = c.builder.clientIds;
    c.builder.reset(); // a fresh dictionary: `clients` stays this chunk's
    c.sink(bytes, rows, clients);
  }

  private interactionRow(f: string[], row: number, clientId: ClientId, date: string): void {
    this.plan.interactions.push({
      id: deterministicId('int', this.batchId, String(row)) as InteractionId,
      clientId, kind: kindOf(this.cell(f, 'kind')), date, memberId: '', text: this.cell(f, 'text'), result: this.cell(f, 'result'),
      batchId: this.batchId, deletedAt: '', createdAt: this.o.now, createdBy: this.o.by, updatedAt: this.o.now, updatedBy: this.o.by,
    });
  }

  /** Completes the plan (or explains why none can be made: ambiguous dates, missing columns). */
  finish(): Result<ImportPlan, PlanProblem> {
    if (!this.problem && !this.formats && !this.plan.alreadyImported) this.drain();
    if (this.problem) return err(this.problem);
    if (this.chunk) this.flushChunk();
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

/** Plans a parsed file in one call (see ImportPlanner for streaming). */
export function buildImportPlan(parsed: { rows: readonly string[][]; rowNumbers: readonly number[] }, options: PlanOptions): Result<ImportPlan, PlanProblem> {
  const planner = new ImportPlanner(options);
  parsed.rows.forEach((r, i) => planner.add(r, parsed.rowNumbers[i] ?? i + 2));
  return planner.finish();
}
