// Bench-only page (never shipped): writes the big base into the same IndexedDB database the app
// opens, with the real commands and persistence, then compacts it like the app would.
import * as Y from 'yjs';
import { IndexedDbPersistence } from '../../src/sync/persistence/indexeddb';
import { openBase } from '../../src/core/schema/version';
import { makeCtx } from '../../src/core/commands/context';
import { loadSample } from '../../src/core/commands/sample';
import { createMember } from '../../src/core/commands/team';
import { isoToDay, todayIso } from '../../src/core/util/day';

declare global { interface Window { seedResult?: unknown } }

const params = new URLSearchParams(location.search);
const clients = Number(params.get('clients') ?? 20_000);
const lines = Number(params.get('lines') ?? 1_000_000);

async function main() {
  const doc = new Y.Doc();
  const p = new IndexedDbPersistence('kartoteka-base');
  const opened = await p.open(doc);
  if (!opened.ok) throw new Error(opened.error.message);
  openBase(doc);
  const ctx = makeCtx(doc);
  const t0 = performance.now();
  const me = createMember(ctx, 'Bench', '#1f77b4');
  if (!me.ok) throw new Error(me.error);
  const r = loadSample(ctx, { clients, lines }, isoToDay(todayIso()));
  if (!r.ok) throw new Error(r.error);
  const t1 = performance.now();
  await p.flush();
  const c = await p.compact();
  if (!c.ok) throw new Error(c.error.message);
  const t2 = performance.now();
  const update = Y.encodeStateAsUpdate(doc);
  window.seedResult = { me: me.value, clients: r.value.clients, lines: r.value.lines, generateAndWriteMs: t1 - t0, persistMs: t2 - t1, docBytes: update.byteLength };
  localStorage.setItem('kartoteka.me', me.value); // the app opens as this member, no onboarding
  await p.close();
  document.getElementById('status')!.textContent = 'done';
}
main().catch((e) => { window.seedResult = { error: String(e) }; });
