/// <reference lib="webworker" />
/**
 * Import worker: a thin shell around src/core/import/pipeline.ts (all logic is there, tested in Node).
 * Keeps parsing, planning and chunk encoding of big files off the main thread.
 */
import { hashBlob, runImport, runTail, sniffBlob } from '../core/import/pipeline';
import { packTail, unpackTail, type PlannedTail } from '../core/import/split';
import { sniffSuggestions } from '../core/import/mappingValues';
import { isImportRequest, type ImportResponse } from './import.messages';
import { leanClient, type Client } from '../core/model/client';

declare const self: DedicatedWorkerGlobalScope;

const running = new Map<number, AbortController>();
/** Leads waiting for their tail part (resolved with null when the page says the tail worker died). */
const tails = new Map<number, (t: PlannedTail | null) => void>();
/** Hashes started at sniff time (the latest few files). */
const hashes = new Map<number, Promise<string | null>>();
/** Records per `plan-part` message. */
const PART = 1000;
/** Chunks sent with their client list as JSON (the page decodes any later one's list if it needs it). */
const CLIENT_LISTS_SENT = 2;

function post(msg: ImportResponse, transfer: Transferable[] = []): void {
  self.postMessage(msg, transfer);
}

self.onmessage = async (ev: MessageEvent<unknown>) => {
  const msg = ev.data;
  if (!isImportRequest(msg)) return;
  const { id } = msg;
  try {
    if (msg.type === 'cancel') { running.get(id)?.abort(); tails.get(id)?.(null); return; }
    if (msg.type === 'tail-lost') { tails.get(id)?.(null); return; }
    if (msg.type === 'tail') {
      const t = await runTail({ file: msg.file, csv: msg.csv, plan: msg.plan }, { progress: (rows, bytes) => post({ type: 'tail-progress', id, rows, bytes }) });
      const p = t && packTail(t);
      // This worker ends once the lead has its part: its heap (all the tail's parsing) goes with it.
      msg.port.onmessage = () => self.close();
      msg.port.postMessage(p?.packed ?? null, p?.transfer ?? []);
      return;
    }
    if (msg.type === 'sniff') {
      const s = await sniffBlob(msg.file, msg.options);
      if (!s.ok) { post({ type: 'failed', id, failure: { kind: 'file', problem: s.error } }); return; }
      if (msg.hashAs !== undefined) {
        // Started once the preview is read, while the user reviews it; a failure (file gone) is met again by the plan.
        hashes.set(msg.hashAs, hashBlob(msg.file).catch(() => null));
        for (const k of [...hashes.keys()].slice(0, -3)) hashes.delete(k);
      }
      // Header-less rows ("Column 1…N") are mapped from their values, phones read in the team's country.
      post({ type: 'sniffed', id, sniff: s.value, suggestions: sniffSuggestions(s.value, msg.defaultCountry) });
      return;
    }
    const ctl = new AbortController();
    running.set(id, ctl);
    const port = msg.tail;
    const tail = port && (() => new Promise<PlannedTail | null>((resolve) => {
      tails.set(id, resolve);
      port.onmessage = (ev: MessageEvent<unknown>) => { port.postMessage('received'); resolve(unpackTail(ev.data)); };
    }));
    // Clients sent ahead of the plan (`created`), in PART messages.
    let sentAhead = 0;
    const postClients = (clients: readonly Client[], from: number, restart = false) => {
      for (let i = from; i < clients.length || (restart && i === from); i += PART) {
        const lean = clients.slice(i, i + PART).map((c) => leanClient(c, msg.plan.now, msg.plan.by));
        post({ type: 'plan-part', id, clients: lean, contacts: [], ...(restart && i === from ? { restart } : {}) });
      }
    };
    const r = await runImport({ file: msg.file, fileName: msg.fileName, csv: msg.csv, plan: msg.plan, existing: msg.existing, fileHash: (msg.hashOf === undefined ? undefined : hashes.get(msg.hashOf)) ?? Promise.resolve(null) }, {
      signal: ctl.signal,
      progress: (p) => post({ type: 'progress', id, ...p }),
      // With its row count (the page need not decode a million lines again before writing), and
      // for the first chunks the client list the dry run's summary reads (core/commands/chunkCheck.ts).
      chunk: (seq, chunk, rows, clients) => post({ type: 'purchase-chunk', id, seq, rows, chunk, ...(seq < CLIENT_LISTS_SENT ? { clients: JSON.stringify(clients) } : {}) }, [chunk.buffer]),
      ...(tail ? { tail } : {}),
      created: (clients) => { postClients(clients, 0); sentAhead = clients.length; },
    });
    running.delete(id);
    tails.delete(id);
    port?.close();
    if (r.ok) {
      // New clients and contacts go ahead in parts: one message of 20 000 client objects took
      // the page ~0.25 s to receive in one task. Those sent ahead are not sent again, unless one
      // of them changed since: then the page starts the list afresh.
      const { clientsToCreate, contactsToCreate, ...rest } = r.value.plan;
      if (r.value.sentAheadChanged && sentAhead > 0) postClients(clientsToCreate, 0, true);
      else postClients(clientsToCreate, sentAhead);
      for (let i = 0; i < contactsToCreate.length; i += PART) post({ type: 'plan-part', id, clients: [], contacts: contactsToCreate.slice(i, i + PART) });
      post({ type: 'planned', id, plan: { ...rest, clientsToCreate: [], contactsToCreate: [] }, chunks: r.value.chunks, parts: r.value.parts });
    }
    else if (r.error.kind === 'cancelled') post({ type: 'cancelled', id });
    else post({ type: 'failed', id, failure: r.error });
  } catch (e) {
    // runImport never throws; this guards the shell itself (e.g. a clone error in postMessage).
    running.delete(id);
    post({ type: 'failed', id, failure: { kind: 'exception', message: e instanceof Error ? e.message : String(e) } });
  }
};
