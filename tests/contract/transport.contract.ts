/**
 * The contract every Transport meets. Each implementation's test file calls
 * `runTransportContract(name, factory, caps)`; the factory builds two transports that can
 * reach each other, plus the hooks this suite needs to play a hostile peer.
 */
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Awareness } from 'y-protocols/awareness';
import { randomBytes, type TeamKeys } from '../../src/sync/crypto';
import type { SyncError, SyncHandle, SyncProgress, Transport } from '../../src/sync/transport';
import { impostorKeys, sameContent, sleep, snapshot, teamKeys, waitFor } from './transport.helpers';

export type InjectKind = 'garbage' | 'malformed-update';

export interface ContractHarness {
  readonly a: Transport;
  readonly b: Transport;
  /** Make b receive hostile input that is sealed with `keys` (a team member gone wrong) or raw garbage. */
  inject(kind: InjectKind, keys: TeamKeys, schemaVersion: number): Promise<void>;
  /** Whatever the transport needs to make progress (e.g. carry files over); live transports do nothing. */
  settle(): Promise<void>;
  close(): void;
}

export interface ContractCaps {
  /** Live links with awareness and peer lists (not a sync file). */
  readonly live: boolean;
}

interface Side {
  doc: Y.Doc;
  handle: SyncHandle;
  errors: SyncError[];
  progress: SyncProgress[];
}

function attach(t: Transport, doc: Y.Doc, keys: TeamKeys, schemaVersion: number, awareness?: Awareness): Side {
  const handle = t.connect(doc, { keys, schemaVersion, ...(awareness ? { awareness } : {}) });
  const side: Side = { doc, handle, errors: [], progress: [] };
  handle.on('error', (e) => side.errors.push(e));
  handle.on('progress', (p) => side.progress.push(p));
  return side;
}

function fillOffline(doc: Y.Doc, who: string): void {
  const clients = doc.getMap<Y.Map<unknown>>('clients');
  doc.transact(() => {
    for (let i = 0; i < 20; i++) {
      const c = new Y.Map<unknown>();
      c.set('name', `${who}-${i}`);
      clients.set(`${who}-${i}`, c);
    }
    doc.getText('notes').insert(0, `${who} was here. `);
    doc.getArray<string>('log').push([`${who}-1`, `${who}-2`]);
  });
  clients.delete(`${who}-3`);
}

export function runTransportContract(
  name: string,
  factory: () => Promise<ContractHarness> | ContractHarness,
  caps: ContractCaps,
): void {
  describe(`Transport contract: ${name}`, () => {
    let harness: ContractHarness | null = null;
    const handles: SyncHandle[] = [];
    const make = async () => (harness = await factory());
    const side = (t: Transport, doc: Y.Doc, keys: TeamKeys, schema: number, aw?: Awareness) => {
      const s = attach(t, doc, keys, schema, aw);
      handles.push(s.handle);
      return s;
    };

    afterEach(() => {
      for (const h of handles.splice(0)) h.close();
      harness?.close();
      harness = null;
    });

    it('two docs with divergent offline edits converge', async () => {
      const h = await make();
      const keys = await teamKeys();
      const a = new Y.Doc();
      const b = new Y.Doc();
      fillOffline(a, 'anna');
      fillOffline(b, 'boris');
      const sa = side(h.a, a, keys, 1);
      const sb = side(h.b, b, keys, 1);
      await h.settle();
      await waitFor(() => sameContent(a, b), 'convergence');
      expect(a.getMap('clients').size).toBe(38);
      expect(a.getText('notes').toString()).toContain('anna');
      expect(a.getText('notes').toString()).toContain('boris');
      // Edits after the first sync travel too.
      b.getMap('clients').set('late', 'x');
      await h.settle();
      await waitFor(() => a.getMap('clients').get('late') === 'x', 'live update');
      expect(sa.errors).toEqual([]);
      expect(sb.errors).toEqual([]);
      if (caps.live) {
        await waitFor(() => sa.handle.status === 'synced' && sb.handle.status === 'synced', 'synced status');
        expect(sa.handle.peers().map((p) => p.state)).toEqual(['synced']);
      }
    });

    it('a 5 MB+ update syncs (in frames) and reports progress up to the total', async () => {
      const h = await make();
      const keys = await teamKeys();
      const a = new Y.Doc();
      const b = new Y.Doc();
      const chunks = a.getArray<Uint8Array>('chunks');
      // Incompressible, like columnar purchase chunks.
      for (let i = 0; i < 24; i++) chunks.push([randomBytes(256 * 1024)]);
      expect(Y.encodeStateAsUpdate(a).length).toBeGreaterThan(5 * 1024 * 1024);
      side(h.a, a, keys, 1);
      const sb = side(h.b, b, keys, 1);
      await h.settle();
      await waitFor(() => b.getArray('chunks').length === 24, 'big sync', 40_000);
      expect(sameContent(a, b)).toBe(true);
      expect(sb.errors).toEqual([]);
      if (caps.live) {
        const big = sb.progress.filter((p) => p.direction === 'in' && p.total > 5 * 1024 * 1024);
        expect(big.length).toBeGreaterThan(1);
        expect(big.at(-1)!.bytes).toBe(big.at(-1)!.total);
      }
    });

    it('a peer with the wrong key receives nothing and changes nothing', async () => {
      const h = await make();
      const keys = await teamKeys();
      const bad = await impostorKeys(keys);
      const a = new Y.Doc();
      const b = new Y.Doc();
      fillOffline(a, 'anna');
      fillOffline(b, 'mallory');
      const before = { a: snapshot(a), b: snapshot(b) };
      const sa = side(h.a, a, keys, 1);
      const sb = side(h.b, b, bad, 1);
      await h.settle();
      await waitFor(() => sa.errors.length + sb.errors.length > 0, 'a wrong-key error');
      await sleep(100);
      await h.settle();
      expect(snapshot(a)).toBe(before.a);
      expect(snapshot(b)).toBe(before.b);
      expect([...sa.errors, ...sb.errors].every((e) => e.kind === 'wrong-key')).toBe(true);
      // Edits made afterwards must not leak either.
      a.getMap('clients').set('secret', 1);
      await h.settle();
      await sleep(50);
      expect(b.getMap('clients').has('secret')).toBe(false);
    });

    for (const kind of ['garbage', 'malformed-update'] as const) {
      it(`a ${kind} message is rejected with an error value and leaves the doc unchanged`, async () => {
        const h = await make();
        const keys = await teamKeys();
        const b = new Y.Doc();
        fillOffline(b, 'boris');
        const before = snapshot(b);
        const sb = side(h.b, b, keys, 1);
        await h.inject(kind, keys, 1);
        await waitFor(() => sb.errors.length > 0, 'an error event');
        expect(snapshot(b)).toBe(before);
        const kinds = sb.errors.map((e) => e.kind);
        if (kind === 'malformed-update') expect(kinds).toContain('malformed-message');
        else expect(kinds.every((k) => k === 'malformed-message' || k === 'wrong-key')).toBe(true);
        // And the transport still works with an honest peer afterwards.
        const a = new Y.Doc();
        fillOffline(a, 'anna');
        side(h.a, a, keys, 1);
        await h.settle();
        await waitFor(() => sameContent(a, b), 'convergence after bad input');
      });
    }

    it("a peer with a newer schema makes us report 'peer-newer-schema' and go read-only", async () => {
      const h = await make();
      const keys = await teamKeys();
      const a = new Y.Doc();
      const b = new Y.Doc();
      fillOffline(a, 'newer');
      fillOffline(b, 'older');
      const before = { b: snapshot(b) };
      const sa = side(h.a, a, keys, 3);
      const sb = side(h.b, b, keys, 2);
      await h.settle();
      await waitFor(() => sb.errors.some((e) => e.kind === 'peer-newer-schema'), 'peer-newer-schema');
      expect(sb.handle.readOnly).toBe(true);
      expect(sa.handle.readOnly).toBe(false);
      await sleep(50);
      await h.settle();
      // The older side takes nothing in. (Whether the newer side may take the older side's
      // edits is the transport's call: a sync file does, live links exchange nothing.)
      expect(snapshot(b)).toBe(before.b);
      expect(sa.errors).toEqual([]);
    });

    it('after close() nothing flows any more', async () => {
      const h = await make();
      const keys = await teamKeys();
      const a = new Y.Doc();
      const b = new Y.Doc();
      const sa = side(h.a, a, keys, 1);
      side(h.b, b, keys, 1);
      a.getMap('m').set('k', 1);
      await h.settle();
      await waitFor(() => b.getMap('m').get('k') === 1, 'first sync');
      sa.handle.close();
      expect(sa.handle.status).toBe('closed');
      a.getMap('m').set('k', 2);
      await h.settle();
      await sleep(50);
      expect(b.getMap('m').get('k')).toBe(1);
    });

    if (caps.live) {
      it('awareness states travel and disappear when the peer leaves', async () => {
        const h = await make();
        const keys = await teamKeys();
        const a = new Y.Doc();
        const b = new Y.Doc();
        const awA = new Awareness(a);
        const awB = new Awareness(b);
        awA.setLocalState({ user: 'anna' });
        const sa = side(h.a, a, keys, 1, awA);
        side(h.b, b, keys, 1, awB);
        await waitFor(() => (awB.getStates().get(a.clientID) as { user?: string } | undefined)?.user === 'anna', 'awareness');
        awA.setLocalStateField('user', 'anna2');
        await waitFor(() => (awB.getStates().get(a.clientID) as { user?: string } | undefined)?.user === 'anna2', 'awareness update');
        sa.handle.close();
        await waitFor(() => !awB.getStates().has(a.clientID), 'awareness removal');
        awA.destroy();
        awB.destroy();
      });
    }
  });
}
