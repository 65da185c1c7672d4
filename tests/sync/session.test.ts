/** The per-peer protocol, driven byte by byte from a hand-made "peer" over a memory link. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as Y from 'yjs';
import { Awareness } from 'y-protocols/awareness';
import * as encoding from 'lib0/encoding';
import { open, seal, type TeamKeys } from '../../src/sync/crypto';
import { encodeMessage, Reassembler } from '../../src/sync/framing';
import {
  createSyncEngine,
  decodeWire,
  encodeAwareness,
  encodeHello,
  encodeSync,
  FRAME_AAD,
  MemoryNetwork,
  SYNC_STEP1,
  SYNC_UPDATE,
  type PeerLink,
  type SyncError,
} from '../../src/sync/transport';
import { sleep, snapshot, teamKeys, waitFor } from '../contract/transport.helpers';

interface Rig {
  doc: Y.Doc;
  errors: SyncError[];
  /** The hand-made peer's end. */
  peer: PeerLink;
  /** Decoded messages the session sent to the peer. */
  received: string[];
  say(message: Uint8Array): Promise<void>;
  keys: TeamKeys;
}

async function rig(schemaVersion = 2, awareness?: (doc: Y.Doc) => Awareness): Promise<Rig> {
  const keys = await teamKeys();
  const doc = new Y.Doc();
  doc.getMap('m').set('mine', 1);
  const engine = createSyncEngine(doc, { keys, schemaVersion, ...(awareness ? { awareness: awareness(doc) } : {}) });
  const errors: SyncError[] = [];
  engine.handle.on('error', (e) => errors.push(e));
  const [peer, mine] = new MemoryNetwork().linkPair('peer', 'me');
  const received: string[] = [];
  const reasm = new Reassembler();
  let chain = Promise.resolve();
  peer.onmessage = (bytes) => {
    chain = chain.then(async () => {
      const o = await open(keys.data, bytes, FRAME_AAD);
      if (!o.ok) throw new Error(o.error);
      const r = reasm.push(o.value);
      if (r.ok && r.value.kind === 'complete') {
        const m = decodeWire(r.value.message);
        received.push(m.ok ? m.value.kind : `bad:${m.error}`);
      }
    });
  };
  engine.addLink(mine);
  let id = 1000;
  const say = async (message: Uint8Array) => {
    for (const f of encodeMessage(id++, message, 4096)) peer.send(await seal(keys.data, f, FRAME_AAD));
  };
  return { doc, errors, peer, received, say, keys };
}

const hello = (schemaVersion: number, protocol = 1) => encodeHello({ protocol, schemaVersion });

describe('peer session protocol', () => {
  it('sends only its hello until the peer says hello, then step 1', async () => {
    const r = await rig();
    await sleep(20);
    expect(r.received).toEqual(['hello']);
    await r.say(hello(2));
    await waitFor(() => r.received.length === 2, 'step 1');
    expect(r.received).toEqual(['hello', 'sync-step1']);
  });

  it('answers step 1 with step 2 carrying what the peer lacks', async () => {
    const r = await rig();
    await r.say(hello(1));
    await r.say(encodeSync(SYNC_STEP1, Y.encodeStateVector(new Y.Doc())));
    await waitFor(() => r.received.includes('sync-step2'), 'step 2');
  });

  it('refuses doc messages before the hello', async () => {
    const r = await rig();
    const before = snapshot(r.doc);
    const other = new Y.Doc();
    other.getMap('m').set('sneaky', 1);
    await r.say(encodeSync(SYNC_UPDATE, Y.encodeStateAsUpdate(other)));
    await waitFor(() => r.errors.length > 0, 'error');
    expect(r.errors[0]).toMatchObject({ kind: 'malformed-message', detail: 'expected hello, got sync-update' });
    expect(snapshot(r.doc)).toBe(before);
  });

  it('flags a second hello and an unknown protocol', async () => {
    const r = await rig();
    await r.say(hello(1));
    await r.say(hello(1));
    await waitFor(() => r.errors.length > 0, 'second hello');
    expect(r.errors[0]?.detail).toBe('second hello');
    const r2 = await rig();
    await r2.say(hello(1, 99));
    await waitFor(() => r2.errors.length > 0, 'protocol');
    expect(r2.errors[0]?.kind).toBe('incompatible-protocol');
  });

  it('rejects a malformed awareness update before it touches awareness', async () => {
    let aw: Awareness | null = null;
    const r = await rig(2, (d) => (aw = new Awareness(d)));
    await r.say(hello(2));
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, 2); // two clients announced, one present
    encoding.writeVarUint(e, 12345);
    encoding.writeVarUint(e, 1);
    encoding.writeVarString(e, JSON.stringify({ user: 'x' }));
    await r.say(encodeAwareness(encoding.toUint8Array(e)));
    await waitFor(() => r.errors.length > 0, 'error');
    expect(aw!.getStates().has(12345)).toBe(false);
    aw!.destroy();
  });

  it('fuzz: any sealed message from a team member leaves the doc unchanged or applies a valid update, never throws', async () => {
    const r = await rig();
    await r.say(hello(2));
    const before = snapshot(r.doc);
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 300 }), async (bytes) => {
        // Prefix with a sync-update tag half of the time so the fuzz reaches the Yjs decoder.
        const msg = bytes.length % 2 === 0 ? encodeSync(SYNC_UPDATE, bytes) : bytes;
        await r.say(msg);
      }),
      { numRuns: 200 },
    );
    await sleep(50);
    // Random bytes that happen to be a valid empty update change nothing either.
    expect(snapshot(r.doc)).toBe(before);
    expect(r.errors.every((e) => e.kind === 'malformed-message')).toBe(true);
  });
});
