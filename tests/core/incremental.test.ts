// The incremental read models (client list, per-client record index, open-task cache) must
// always equal a full recomputation, whatever sequence of local and remote changes led there.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createClient, deleteClient, restoreClient, setClientTag, updateClientField } from '../../src/core/commands/clients';
import { addContact, deleteContact } from '../../src/core/commands/contacts';
import { completeTask, createTask, logInteraction } from '../../src/core/commands/work';
import { createPlan } from '../../src/core/commands/plans';
import { mergeClients } from '../../src/core/commands/merge';
import { applyBatch, undoBatch } from '../../src/core/commands/batches';
import { ClientCache, contactsOf } from '../../src/core/queries/clients';
import { ClientListView, type ListFilter, type ListSort } from '../../src/core/queries/clientList';
import { matches, norm, parseQuery, searchEntry, type SearchEntry } from '../../src/core/queries/search';
import { OpenTaskCache, openTasks } from '../../src/core/queries/agenda';
import { RecordStore, storeOf } from '../../src/core/queries/store';
import { RECORD_KINDS } from '../../src/core/schema/layout';
import { interactionsOf } from '../../src/core/queries/timeline';
import { allPlans, plansOf } from '../../src/core/queries/plans';
import type { Client, ClientId } from '../../src/core/model/client';
import type { MemberId } from '../../src/core/model/member';
import { exchange, replica, type Replica } from './helpers';
import { makeBatch } from './batchKit';

const NAMES = ['Альфа', 'альфа', 'Ёлка', 'Елка', 'Beta', 'beta', 'Гамма', 'Zeta', ''];
const SEGS = ['', 'A', 'B'];
const TAGS = ['vip', 'new'];
const MGRS = ['', 'mem_aaaaaaaaaaaa', 'mem_bbbbbbbbbbbb'];

type Op =
  | { k: 'create'; name: number; seg: number; on: 0 | 1 }
  | { k: 'rename'; who: number; name: number; on: 0 | 1 }
  | { k: 'segment'; who: number; seg: number; on: 0 | 1 }
  | { k: 'manager'; who: number; mgr: number; on: 0 | 1 }
  | { k: 'tag'; who: number; tag: number; set: boolean; on: 0 | 1 }
  | { k: 'delete' | 'restore'; who: number; on: 0 | 1 }
  | { k: 'contact' | 'task' | 'interaction' | 'plan'; who: number; on: 0 | 1 }
  | { k: 'dropContact' | 'doneTask'; who: number; on: 0 | 1 }
  | { k: 'merge'; who: number; into: number; on: 0 | 1 }
  | { k: 'batch'; key: number; on: 0 | 1 }
  | { k: 'undo'; key: number; on: 0 | 1 }
  | { k: 'sync' }
  | { k: 'look'; q: number; seg: number; mgr: number; tag: number; sort: number };

const on = fc.constantFrom<0 | 1>(0, 1);
const who = fc.nat(40);
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ k: fc.constant('create' as const), name: fc.nat(NAMES.length - 1), seg: fc.nat(SEGS.length - 1), on }),
  fc.record({ k: fc.constant('rename' as const), who, name: fc.nat(NAMES.length - 1), on }),
  fc.record({ k: fc.constant('segment' as const), who, seg: fc.nat(SEGS.length - 1), on }),
  fc.record({ k: fc.constant('manager' as const), who, mgr: fc.nat(MGRS.length - 1), on }),
  fc.record({ k: fc.constant('tag' as const), who, tag: fc.nat(TAGS.length - 1), set: fc.boolean(), on }),
  fc.record({ k: fc.constantFrom('delete' as const, 'restore' as const), who, on }),
  fc.record({ k: fc.constantFrom('contact' as const, 'task' as const, 'interaction' as const, 'plan' as const), who, on }),
  fc.record({ k: fc.constantFrom('dropContact' as const, 'doneTask' as const), who, on }),
  fc.record({ k: fc.constant('merge' as const), who, into: who, on }),
  fc.record({ k: fc.constant('batch' as const), key: fc.nat(2), on }),
  fc.record({ k: fc.constant('undo' as const), key: fc.nat(2), on }),
  fc.constant({ k: 'sync' as const }),
  fc.record({ k: fc.constant('look' as const), q: fc.nat(5), seg: fc.nat(SEGS.length - 1), mgr: fc.nat(MGRS.length - 1), tag: fc.nat(TAGS.length), sort: fc.nat(2) }),
);

const QUERIES = ['', 'а', 'аль', 'альф', 'e', '+7916'];
const SORTS: ListSort[] = ['name', 'segment', 'updated'];

/** The list computed from scratch, as the definition says. */
function reference(clients: Iterable<Client>, f: ListFilter): ClientId[] {
  const q = parseQuery(f.query);
  const searching = q.phone !== '' || q.words.length > 0;
  const key = (c: Client) => (f.sortBy === 'updated' ? c.updatedAt : f.sortBy === 'segment' ? `${norm(c.segment)}\u0000${norm(c.name)}` : norm(c.name));
  const rows = [...clients].filter((c) => !c.deletedAt
    && (!f.segment || c.segment === f.segment) && (!f.manager || c.managerId === f.manager) && (!f.tag || c.tags.includes(f.tag))
    && (!searching || matches(searchEntry(c), q)));
  rows.sort((a, b) => {
    const ka = key(a), kb = key(b);
    const r = ka < kb ? -1 : ka > kb ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
    return f.sortBy === 'updated' ? -r : r;
  });
  return rows.map((c) => c.id);
}

/** A replica with the UI's wiring: client cache, search entries, list view, task cache. */
function watched(r: Replica) {
  const cache = new ClientCache(r.doc);
  const entries = new Map<ClientId, SearchEntry>();
  const refill = () => { entries.clear(); for (const c of cache.byId.values()) entries.set(c.id, searchEntry(c)); };
  refill();
  cache.subscribe((ids) => {
    if (ids === null) refill();
    else for (const id of ids) { const c = cache.byId.get(id); if (c) entries.set(id, searchEntry(c)); else entries.delete(id); }
  });
  const view = new ClientListView({ all: () => cache.byId.values(), get: (id) => cache.byId.get(id), entry: (id) => entries.get(id) });
  cache.subscribe((ids) => view.changed(ids));
  const tasks = new OpenTaskCache(r.doc);
  return { ...r, cache, view, tasks };
}

function check(w: ReturnType<typeof watched>, f: ListFilter): void {
  // The live cache (updated per change, batches included) equals one read from scratch.
  expect(new Map([...w.cache.byId].sort())).toEqual(new Map([...new ClientCache(w.doc).byId].sort()));
  expect(w.view.list(f).map((c) => c.id)).toEqual(reference(w.cache.byId.values(), f));
  const s = storeOf(w.doc);
  // The store's records, kept up to date per change (an import made visible: only its records
  // added), equal the records of a store reading the doc from scratch.
  const fresh = new RecordStore(w.doc);
  const records = (st: RecordStore) => RECORD_KINDS.map((kind) => [...st.ids(kind)].sort().map((id) => [id, st.merged(kind, id)]));
  expect(records(s)).toEqual(records(fresh));
  for (const c of w.cache.byId.values()) {
    // The per-client index agrees with a scan of every record of the kind.
    for (const kind of ['contacts', 'interactions', 'plans', 'tasks'] as const) {
      const scanned = [...s.ids(kind)].filter((id) => s.merged(kind, id)?.clientId === c.id).sort();
      expect([...s.ofClient(kind, c.id)].sort()).toEqual(scanned);
    }
    expect(contactsOf(w.doc, c.id).every((x) => x.clientId === c.id)).toBe(true);
    expect(interactionsOf(w.doc, c.id).every((x) => x.clientId === c.id)).toBe(true);
    expect(plansOf(w.doc, c.id)).toEqual(allPlans(w.doc).filter((p) => p.clientId === c.id));
  }
  expect(w.tasks.list((id) => { const c = w.cache.byId.get(id); return !!c && !c.deletedAt; })).toEqual(openTasks(w.doc));
}

describe('incremental read models', () => {
  it('equal a full recomputation after any sequence of local and remote changes', () => {
    fc.assert(fc.property(fc.array(opArb, { minLength: 1, maxLength: 60 }), (ops) => {
      const reps = [watched(replica('mem_aaaaaaaaaaaa' as MemberId, 1)), watched(replica('mem_bbbbbbbbbbbb' as MemberId, 2))];
      const filters: ListFilter[] = [{ query: '', segment: '', manager: '', tag: '', sortBy: 'name' }, { query: '', segment: '', manager: '', tag: '', sortBy: 'name' }];
      const ids: ClientId[][] = [[], []];
      const pick = (side: 0 | 1, n: number): ClientId | undefined => { const l = ids[side]!; return l.length ? l[n % l.length] : undefined; };
      for (const op of ops) {
        if (op.k === 'sync') {
          exchange(reps[0]!.doc, reps[1]!.doc);
          ids[0] = ids[1] = [...new Set([...ids[0]!, ...ids[1]!])];
          continue;
        }
        if (op.k === 'look') {
          for (const side of [0, 1] as const) {
            filters[side] = { query: QUERIES[op.q]!, segment: SEGS[op.seg]!, manager: MGRS[op.mgr]!, tag: TAGS[op.tag] ?? '', sortBy: SORTS[op.sort]! };
            check(reps[side]!, filters[side]!);
          }
          continue;
        }
        const { ctx, doc } = reps[op.on]!;
        if (op.k === 'create') {
          const r = createClient(ctx, { name: NAMES[op.name] || 'X', segment: SEGS[op.seg]!, phones: ['+79160000001'] });
          if (r.ok) ids[op.on]!.push(r.value);
        } else if (op.k === 'batch') {
          // Batch k2 is big enough for the list's merge path (more than 32 clients at once).
          const b = makeBatch(`k${op.key}`, op.key === 2 ? 40 : 3, 5);
          if (applyBatch(ctx, b).ok) ids[op.on]!.push(...b.clientIds);
        } else if (op.k === 'undo') {
          undoBatch(ctx, makeBatch(`k${op.key}`, 1, 1).id); // the id depends on the key only
        } else {
          const c = pick(op.on, op.who);
          if (!c) continue;
          switch (op.k) {
            case 'rename': updateClientField(ctx, c, 'name', NAMES[op.name] || 'Y'); break;
            case 'segment': updateClientField(ctx, c, 'segment', SEGS[op.seg]!); break;
            case 'manager': updateClientField(ctx, c, 'managerId', MGRS[op.mgr]!); break;
            case 'tag': setClientTag(ctx, c, TAGS[op.tag]!, op.set); break;
            case 'delete': deleteClient(ctx, c); break;
            case 'restore': restoreClient(ctx, c); break;
            case 'contact': addContact(ctx, c, { name: 'Иван' }); break;
            case 'task': createTask(ctx, c, `2026-0${1 + (op.who % 9)}-01`, 'call'); break;
            case 'interaction': logInteraction(ctx, c, { kind: 'call', date: '2026-01-02', text: 'x', result: '' }); break;
            case 'plan': createPlan(ctx, c, { what: 'deal', amount: 10, date: '2026-03-01', probability: 50 }); break;
            case 'dropContact': { const first = contactsOf(doc, c)[0]; if (first) deleteContact(ctx, first.id); break; }
            case 'doneTask': { const t = openTasks(doc).find((x) => x.clientId === c); if (t) completeTask(ctx, t.id); break; }
            case 'merge': { const into = pick(op.on, op.into); if (into && into !== c) mergeClients(ctx, into, c); break; }
          }
        }
        check(reps[op.on]!, filters[op.on]!);
      }
      for (const side of [0, 1] as const) check(reps[side]!, filters[side]!);
      void Y;
    }), { numRuns: 60 });
  });
});

describe('client cache in slices (the UI mode)', () => {
  it('applies a large import in several steps, each heard by listeners, and ends equal to a fresh read', () => {
    const r = replica('mem_aaaaaaaaaaaa' as MemberId, 1);
    const steps: (() => void)[] = [];
    const cache = new ClientCache(r.doc, { defer: (s) => steps.push(s), sliceMs: 0 });
    const heard: number[] = [];
    cache.subscribe((ids) => heard.push(ids?.size ?? -1));
    const small = createClient(r.ctx, { name: 'Сразу' });
    expect(small.ok && cache.byId.has(small.value)).toBe(true); // small edits apply at once
    expect(steps).toHaveLength(0);
    const b = makeBatch('big', 3000, 10);
    expect(applyBatch(r.ctx, b).ok).toBe(true);
    expect(cache.pending).toBe(true);
    expect(cache.byId.has(b.clientIds[2999]!)).toBe(false); // not yet: nothing heavy ran inside the write
    let n = 0;
    while (steps.length) { steps.shift()!(); n++; }
    expect(n).toBeGreaterThan(3);
    expect(cache.pending).toBe(false);
    expect(heard.slice(1).reduce((a, x) => a + x, 0)).toBe(3000);
    expect(new Map([...cache.byId].sort())).toEqual(new Map([...new ClientCache(r.doc).byId].sort()));
    // An edit arriving while a slice is pending waits its turn and is not lost.
    expect(undoBatch(r.ctx, b.id).ok).toBe(true);
    const late = createClient(r.ctx, { name: 'Потом' });
    while (steps.length) steps.shift()!();
    expect(late.ok && cache.byId.has(late.value)).toBe(true);
    expect(new Map([...cache.byId].sort())).toEqual(new Map([...new ClientCache(r.doc).byId].sort()));
  });

  it('counts its listeners\' time in a step: slow listeners get fewer clients a step', () => {
    const r = replica('mem_aaaaaaaaaaaa' as MemberId, 1);
    const steps: (() => void)[] = [];
    const cache = new ClientCache(r.doc, { defer: (s) => steps.push(s), sliceMs: 10 });
    // A listener taking 0.2 ms per client: 64 clients already take longer than the slice.
    const heard: number[] = [];
    cache.subscribe((ids) => {
      heard.push(ids?.size ?? -1);
      const until = performance.now() + 0.2 * (ids?.size ?? 0);
      while (performance.now() < until) { /* busy, as a list redrawn would be */ }
    });
    expect(applyBatch(r.ctx, makeBatch('slow', 1500, 1)).ok).toBe(true);
    while (steps.length) steps.shift()!();
    // Timed on re-reading alone, a step took hundreds of clients (then 0.2 ms each to hear).
    expect(Math.max(...heard)).toBe(64);
    expect(heard.reduce((a, x) => a + x, 0)).toBe(1500);
  });
});
