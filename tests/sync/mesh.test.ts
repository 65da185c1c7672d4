import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createMeshTransport, openSignal, parseSignal, roomTopic, sealSignal, type WebSocketLike } from '../../src/sync/mesh';
import type { SyncError, SyncHandle } from '../../src/sync/transport';
import { impostorKeys, sameContent, sleep, teamKeys, waitFor } from '../contract/transport.helpers';
import { FakeWorld } from './fakes/world';

function collect(h: SyncHandle): SyncError[] {
  const errors: SyncError[] = [];
  h.on('error', (e) => errors.push(e));
  return errors;
}

describe('mesh signaling privacy', () => {
  it('the signaling server sees neither the team id nor any SDP or candidate', async () => {
    const world = new FakeWorld();
    const keys = await teamKeys();
    const a = new Y.Doc();
    const b = new Y.Doc();
    a.getMap('m').set('x', 1);
    const ha = createMeshTransport(world.deps(), world.config).connect(a, { keys, schemaVersion: 1 });
    const hb = createMeshTransport(world.deps(), world.config).connect(b, { keys, schemaVersion: 1 });
    await waitFor(() => sameContent(a, b), 'sync');
    expect(world.server.published.length).toBeGreaterThan(3);
    for (const p of world.server.published) {
      expect(p.topic).not.toContain(keys.teamId);
      expect(p.topic).toBe(await roomTopic(keys.teamId));
      const text = JSON.stringify(p.data);
      expect(text).not.toMatch(/fake|candidate|offer|answer|announce/);
    }
    ha.close();
    hb.close();
  });

  it('signals round-trip only with the right key and topic, and bad shapes are rejected', async () => {
    const keys = await teamKeys();
    const sealed = await sealSignal(keys.signaling, 'kt-x', { type: 'announce', from: 'p1' });
    expect(await openSignal(keys.signaling, 'kt-x', sealed)).toEqual({ ok: true, value: { type: 'announce', from: 'p1' } });
    expect(await openSignal(keys.signaling, 'kt-y', sealed)).toEqual({ ok: false, error: 'wrong-key' });
    expect(await openSignal((await impostorKeys(keys)).signaling, 'kt-x', sealed)).toEqual({ ok: false, error: 'wrong-key' });
    expect(await openSignal(keys.signaling, 'kt-x', 42)).toEqual({ ok: false, error: 'bad-signal' });
    expect(parseSignal({ type: 'offer', from: 'a', to: 'b' }).ok).toBe(false);
    expect(parseSignal({ type: 'offer', from: 'a', to: 'b', sdp: 'x'.repeat(70_000) }).ok).toBe(false);
    expect(parseSignal({ type: 'candidate', from: 'a', to: 'b', candidate: { candidate: 'c', sdpMid: 5 } }).ok).toBe(false);
    expect(parseSignal({ type: 'candidate', from: 'a', to: 'b', candidate: { candidate: 'c', sdpMid: '0', sdpMLineIndex: 0 } }).ok).toBe(true);
    expect(parseSignal({ type: 'hack', from: 'a' }).ok).toBe(false);
    expect(parseSignal(null).ok).toBe(false);
  });
});

describe('mesh connectivity', () => {
  it("reports 'signaling-unreachable' once, then connects when the server comes back", async () => {
    const world = new FakeWorld();
    world.server.up = false;
    const keys = await teamKeys();
    const a = new Y.Doc();
    const b = new Y.Doc();
    a.getMap('m').set('from', 'a');
    const ha = createMeshTransport(world.deps(), world.config).connect(a, { keys, schemaVersion: 1 });
    const hb = createMeshTransport(world.deps(), world.config).connect(b, { keys, schemaVersion: 1 });
    const errors = collect(ha);
    await waitFor(() => errors.length > 0, 'unreachable');
    await sleep(300); // several retries later
    expect(errors.map((e) => e.kind)).toEqual(['signaling-unreachable']);
    expect(ha.status).toBe('connecting');
    world.server.up = true;
    await waitFor(() => sameContent(a, b), 'sync after server came back', 5_000);
    await waitFor(() => ha.status === 'synced', 'synced status');
    ha.close();
    hb.close();
  });

  it('with two signaling servers every signal arrives twice, yet each pair makes one connection', async () => {
    const world = new FakeWorld();
    const config = { ...world.config, signalingUrls: ['wss://one.test', 'wss://two.test'] };
    const keys = await teamKeys();
    const a = new Y.Doc();
    const b = new Y.Doc();
    b.getMap('m').set('x', 1);
    const ha = createMeshTransport(world.deps(), config).connect(a, { keys, schemaVersion: 1 });
    const hb = createMeshTransport(world.deps(), config).connect(b, { keys, schemaVersion: 1 });
    await waitFor(() => sameContent(a, b) && ha.status === 'synced' && hb.status === 'synced', 'sync');
    await sleep(100);
    expect(world.rtc.pcs.size).toBe(2);
    expect(ha.peers()).toHaveLength(1);
    // The offer was answered once (the answer then went out through both servers).
    const topic = await roomTopic(keys.teamId);
    const answers = new Set<unknown>();
    for (const p of world.server.published) {
      const sig = await openSignal(keys.signaling, topic, p.data);
      if (sig.ok && sig.value.type === 'answer') answers.add(p.data);
    }
    expect(answers.size).toBe(1);
    ha.close();
    hb.close();
  });

  it('live links survive a signaling server outage', async () => {
    const world = new FakeWorld();
    const keys = await teamKeys();
    const a = new Y.Doc();
    const b = new Y.Doc();
    const ha = createMeshTransport(world.deps(), world.config).connect(a, { keys, schemaVersion: 1 });
    const hb = createMeshTransport(world.deps(), world.config).connect(b, { keys, schemaVersion: 1 });
    await waitFor(() => ha.status === 'synced' && hb.status === 'synced', 'synced');
    world.server.down();
    a.getMap('m').set('during-outage', true);
    await waitFor(() => b.getMap('m').get('during-outage') === true, 'edit during outage');
    ha.close();
    hb.close();
  });

  it('a peer that closes is forgotten and can come back', async () => {
    const world = new FakeWorld();
    const keys = await teamKeys();
    const a = new Y.Doc();
    const ha = createMeshTransport(world.deps(), world.config).connect(a, { keys, schemaVersion: 1 });
    const b1 = new Y.Doc();
    const hb1 = createMeshTransport(world.deps(), world.config).connect(b1, { keys, schemaVersion: 1 });
    await waitFor(() => ha.peers().length === 1 && ha.status === 'synced', 'first peer');
    hb1.close();
    await waitFor(() => ha.peers().length === 0, 'peer gone');
    const b2 = new Y.Doc();
    b2.getMap('m').set('again', 1);
    const hb2 = createMeshTransport(world.deps(), world.config).connect(b2, { keys, schemaVersion: 1 });
    await waitFor(() => a.getMap('m').get('again') === 1, 'second peer syncs');
    ha.close();
    hb2.close();
  });

  it("a connection that never comes up is reported as 'link-failed' after the timeout", async () => {
    const world = new FakeWorld();
    world.rtc.connectable = false;
    const config = { ...world.config, connectTimeoutMs: 150 };
    const keys = await teamKeys();
    const ha = createMeshTransport(world.deps(), config).connect(new Y.Doc(), { keys, schemaVersion: 1 });
    const hb = createMeshTransport(world.deps(), config).connect(new Y.Doc(), { keys, schemaVersion: 1 });
    const ea = collect(ha);
    const eb = collect(hb);
    await waitFor(() => ea.length > 0 && eb.length > 0, 'link-failed on both sides');
    expect([...ea, ...eb].some((e) => e.kind === 'link-failed' && e.detail === 'timeout')).toBe(true);
    expect(ha.peers()).toEqual([]);
    // The periodic announce retries, so the pair meets once the network lets it.
    world.rtc.connectable = true;
    await waitFor(() => ha.status === 'synced' && hb.status === 'synced', 'connects on retry', 5_000);
    ha.close();
    hb.close();
  });

  it('tabs of one browser sync over the BroadcastChannel without any WebRTC', async () => {
    const world = new FakeWorld();
    const config = { ...world.config, signalingUrls: [] };
    const keys = await teamKeys();
    const a = new Y.Doc();
    const b = new Y.Doc();
    a.getMap('m').set('tab', 'a');
    b.getMap('m').set('tab2', 'b');
    const ha = createMeshTransport(world.deps({ tabs: true }), config).connect(a, { keys, schemaVersion: 1 });
    const hb = createMeshTransport(world.deps({ tabs: true }), config).connect(b, { keys, schemaVersion: 1 });
    await waitFor(() => sameContent(a, b), 'tab sync');
    await waitFor(() => ha.status === 'synced', 'synced status');
    expect(world.rtc.pcs.size).toBe(0);
    hb.close();
    await waitFor(() => ha.peers().length === 0, 'tab closed');
    ha.close();
  });

  it('a tab of another team on the same BroadcastChannel name gets nothing', async () => {
    const world = new FakeWorld();
    const config = { ...world.config, signalingUrls: [] };
    const keys = await teamKeys();
    const a = new Y.Doc();
    const b = new Y.Doc();
    a.getMap('m').set('secret', 1);
    const ha = createMeshTransport(world.deps({ tabs: true }), config).connect(a, { keys, schemaVersion: 1 });
    const hb = createMeshTransport(world.deps({ tabs: true }), config).connect(b, { keys: await impostorKeys(keys), schemaVersion: 1 });
    const eb = collect(hb);
    await waitFor(() => eb.some((e) => e.kind === 'wrong-key'), 'wrong-key');
    expect(b.getMap('m').has('secret')).toBe(false);
    ha.close();
    hb.close();
  });
});

describe("mesh against y-webrtc's real bin/server.js", () => {
  let server: ChildProcess | null = null;
  const port = 20_000 + Math.floor(Math.random() * 20_000);
  let WsCtor: (new (url: string) => WebSocketLike) | null = null;

  beforeAll(async () => {
    // `ws` ships with y-webrtc (the server needs it) and has no types; node 20 has no global WebSocket.
    const require = createRequire(import.meta.url);
    WsCtor = (require('ws') as { WebSocket: new (url: string) => WebSocketLike }).WebSocket;
    server = spawn(process.execPath, ['node_modules/y-webrtc/bin/server.js'], { env: { ...process.env, PORT: String(port) } });
    await new Promise<void>((resolve, reject) => {
      server!.stdout!.on('data', (d: Buffer) => d.toString().includes('running') && resolve());
      server!.on('error', reject);
      setTimeout(() => reject(new Error('server did not start')), 5_000);
    });
  });
  afterAll(() => {
    server?.kill();
  });

  it('two peers find each other through it and sync', async () => {
    const world = new FakeWorld();
    const deps = { ...world.deps(), createWebSocket: (url: string) => new WsCtor!(url) };
    const config = { ...world.config, signalingUrls: [`ws://127.0.0.1:${port}`] };
    const keys = await teamKeys();
    const a = new Y.Doc();
    const b = new Y.Doc();
    a.getMap('m').set('via', 'real server');
    const ha = createMeshTransport(deps, config).connect(a, { keys, schemaVersion: 1 });
    const hb = createMeshTransport(deps, config).connect(b, { keys, schemaVersion: 1 });
    await waitFor(() => sameContent(a, b), 'sync through the real signaling server', 10_000);
    await waitFor(() => hb.status === 'synced', 'synced status');
    ha.close();
    hb.close();
  });
});
