import type { MeshConfig, MeshDeps } from '../../../src/sync/mesh';
import { FakeSignalingServer } from './signaling';
import { FakeBroadcastHub, FakeRtcRegistry } from './rtc';

/** One fake internet: a signaling server, the WebRTC "network" and a browser's tab channel. */
export class FakeWorld {
  readonly server = new FakeSignalingServer();
  readonly rtc = new FakeRtcRegistry();
  readonly tabs = new FakeBroadcastHub();
  readonly config: MeshConfig = {
    signalingUrls: ['wss://signal.test'],
    connectTimeoutMs: 2_000,
    announceIntervalMs: 500,
    signaling: { minBackoffMs: 20, maxBackoffMs: 100, pingIntervalMs: 1_000 },
  };

  deps(opts: { tabs?: boolean } = {}): MeshDeps {
    return {
      createWebSocket: (url) => this.server.connect(url),
      // The fake implements the subset the mesh uses; the cast is confined to tests.
      createPeerConnection: (c) => this.rtc.create(c) as unknown as RTCPeerConnection,
      ...(opts.tabs ? { createBroadcastChannel: (name: string) => this.tabs.create(name) } : {}),
    };
  }
}
