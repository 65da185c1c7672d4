/** The transport contract against the WebRTC mesh, with fake signaling server and fake RTCPeerConnection. */
import * as Y from 'yjs';
import { randomBytes } from '../../src/sync/crypto';
import { createMeshTransport } from '../../src/sync/mesh';
import type { SyncHandle } from '../../src/sync/transport';
import { FakeWorld } from '../sync/fakes/world';
import { runTransportContract, type ContractHarness } from './transport.contract';
import { helloMessage, malformedUpdateMessage, sealedFrames, waitFor } from './transport.helpers';

function harness(): ContractHarness {
  const world = new FakeWorld();
  const intruders: SyncHandle[] = [];
  return {
    a: createMeshTransport(world.deps(), world.config),
    b: createMeshTransport(world.deps(), world.config),
    async inject(kind, keys, schemaVersion) {
      // A team member whose client misbehaves: it connects properly, then sends bad bytes.
      const before = new Set(world.rtc.channels());
      intruders.push(createMeshTransport(world.deps(), world.config).connect(new Y.Doc(), { keys, schemaVersion }));
      await waitFor(() => world.rtc.channels().some((c) => !before.has(c) && c.readyState === 'open'), 'intruder link');
      const fresh = world.rtc.channels().filter((c) => !before.has(c) && c.readyState === 'open');
      const payload =
        kind === 'garbage'
          ? [randomBytes(300)]
          : [...(await sealedFrames(keys, 901, helloMessage(schemaVersion))), ...(await sealedFrames(keys, 902, malformedUpdateMessage()))];
      for (const c of fresh) for (const p of payload) c.send(p);
    },
    settle: async () => {},
    close: () => intruders.forEach((h) => h.close()),
  };
}

runTransportContract('WebRTC mesh (fake RTC + fake signaling)', harness, { live: true });
