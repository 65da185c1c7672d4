import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { randomBytes } from '../../src/sync/crypto';
import { MemoryNetwork } from '../../src/sync/transport';
import { runTransportContract, type ContractHarness } from './transport.contract';
import { helloMessage, malformedUpdateMessage, sameContent, sealedFrames, sleep, snapshot, teamKeys, waitFor } from './transport.helpers';

function memoryHarness(net: MemoryNetwork): ContractHarness {
  return {
    a: net.transport(),
    b: net.transport(),
    async inject(kind, keys, schemaVersion) {
      for (const link of net.rawLinks(keys.teamId)) {
        if (kind === 'garbage') {
          link.send(randomBytes(300));
          continue;
        }
        for (const f of await sealedFrames(keys, 1, helloMessage(schemaVersion))) link.send(f);
        for (const f of await sealedFrames(keys, 2, malformedUpdateMessage())) link.send(f);
      }
    },
    settle: async () => {},
    close: () => {},
  };
}

runTransportContract('memory', () => memoryHarness(new MemoryNetwork()), { live: true });
runTransportContract(
  'memory with latency, jitter and limited bandwidth',
  () => memoryHarness(new MemoryNetwork({ latencyMs: 5, jitterMs: 10, bytesPerMs: 50_000 })),
  { live: true },
);

it('memory links drop datagrams over the cap, so a transport that did not frame would fail', () => {
  const net = new MemoryNetwork({ maxDatagramBytes: 1000 });
  const [a, b] = net.linkPair('x', 'y');
  const got: number[] = [];
  b.onmessage = (m) => got.push(m.length);
  a.send(new Uint8Array(1001));
  expect(net.stats.dropped).toBe(1);
  expect(got).toEqual([]);
});

describe('memory transport specifics', () => {
  it('no datagram on the wire exceeds the frame size during a multi-MB sync', async () => {
    const net = new MemoryNetwork();
    const keys = await teamKeys();
    const a = new Y.Doc();
    const b = new Y.Doc();
    a.getArray<Uint8Array>('chunks').push([randomBytes(3 * 1024 * 1024)]);
    const ha = net.transport().connect(a, { keys, schemaVersion: 1, maxFrameBytes: 16 * 1024 });
    const hb = net.transport().connect(b, { keys, schemaVersion: 1, maxFrameBytes: 16 * 1024 });
    await waitFor(() => b.getArray('chunks').length === 1, 'sync');
    expect(net.stats.maxDatagram).toBeLessThanOrEqual(16 * 1024);
    expect(net.stats.dropped).toBe(0);
    ha.close();
    hb.close();
  });

  it('on a live link an older peer and a newer peer exchange nothing in either direction', async () => {
    const net = new MemoryNetwork();
    const keys = await teamKeys();
    const a = new Y.Doc();
    const b = new Y.Doc();
    a.getMap('m').set('from', 'newer');
    b.getMap('m').set('from2', 'older');
    const before = snapshot(a);
    const ha = net.transport().connect(a, { keys, schemaVersion: 5 });
    const hb = net.transport().connect(b, { keys, schemaVersion: 4 });
    await waitFor(() => hb.readOnly, 'read-only');
    b.getMap('m').set('after', 1);
    await sleep(50);
    expect(snapshot(a)).toBe(before);
    expect(hb.peers()).toEqual([{ id: expect.any(String), state: 'rejected', schemaVersion: 5 }]);
    expect(ha.peers()[0]?.schemaVersion).toBe(4);
    ha.close();
    hb.close();
  });

  it('three peers in one room all converge and report synced', async () => {
    const net = new MemoryNetwork({ latencyMs: 2, jitterMs: 5 });
    const keys = await teamKeys();
    const docs = [new Y.Doc(), new Y.Doc(), new Y.Doc()];
    docs.forEach((d, i) => d.getMap('m').set(`k${i}`, i));
    const handles = docs.map((d) => net.transport().connect(d, { keys, schemaVersion: 1 }));
    await waitFor(() => sameContent(docs[0]!, docs[1]!) && sameContent(docs[1]!, docs[2]!), 'convergence');
    await waitFor(() => handles.every((h) => h.status === 'synced'), 'synced');
    expect(handles.map((h) => h.peers().length)).toEqual([2, 2, 2]);
    docs[2]!.getMap('m').set('late', true);
    await waitFor(() => docs[0]!.getMap('m').get('late') === true, 'live edit');
    handles[2]!.close();
    await waitFor(() => handles[0]!.peers().length === 1, 'peer leaves');
    handles.forEach((h) => h.close());
  });

  it('status goes offline → syncing → synced, and closed after close()', async () => {
    const net = new MemoryNetwork({ latencyMs: 5 });
    const keys = await teamKeys();
    const ha = net.transport().connect(new Y.Doc(), { keys, schemaVersion: 1 });
    const seen: string[] = [ha.status];
    ha.on('status', (s) => seen.push(s));
    const hb = net.transport().connect(new Y.Doc(), { keys, schemaVersion: 1 });
    await waitFor(() => ha.status === 'synced', 'synced');
    ha.close();
    expect(seen).toEqual(['offline', 'syncing', 'synced', 'closed']);
    expect(ha.status).toBe('closed');
    hb.close();
  });
});
