/**
 * The online mesh: every member of a team meets every other through y-webrtc's signaling
 * server (topic derived from the team id, payloads sealed with the team's signaling key),
 * then syncs over a direct RTCDataChannel. Tabs of one browser use a BroadcastChannel
 * instead. All the sync logic lives in the shared engine; this file only finds peers.
 */
import type * as Y from 'yjs';
import { randomBytes, toBase64Url } from '../crypto/bytes';
import { createSyncEngine, type SyncEngine } from '../transport/engine';
import type { ConnectOptions, Transport } from '../transport/types';
import type { BroadcastChannelLike, MeshDeps } from './deps';
import { BroadcastLink, parseBcMessage } from './broadcast';
import { RtcPeer } from './rtc-peer';
import { SignalingClient, type SignalingOptions } from './signaling';
import { openSignal, roomTopic, sealSignal, type Signal } from './signals';

export interface MeshConfig {
  /** e.g. ['wss://signal.example.org'] — any y-webrtc bin/server.js. */
  readonly signalingUrls: readonly string[];
  /** STUN/TURN; empty is fine on one LAN. */
  readonly iceServers?: readonly RTCIceServer[];
  readonly connectTimeoutMs?: number;
  /** Re-announce this often so peers that missed each other (server restart) meet again. */
  readonly announceIntervalMs?: number;
  /** Failed tries, across all servers, before we report 'signaling-unreachable'. */
  readonly unreachableAfter?: number;
  readonly signaling?: SignalingOptions;
}

export function createMeshTransport(deps: MeshDeps, config: MeshConfig): Transport {
  return { connect: (doc, opts) => new MeshRoom(doc, opts, deps, config).engine.handle };
}

class MeshRoom {
  readonly engine: SyncEngine;
  private readonly id = toBase64Url(randomBytes(12));
  private readonly rtc = new Map<string, RtcPeer>();
  private readonly bcPeers = new Map<string, BroadcastLink>();
  private readonly clients: SignalingClient[] = [];
  private bc: BroadcastChannelLike | null = null;
  private topic = '';
  private closed = false;
  private wrongKeyReported = false;
  /** Peers we already told the UI about; retries every announce would otherwise repeat it. */
  private readonly failedReported = new Set<string>();
  private unreachableReported = false;
  private announceTimer: ReturnType<typeof setInterval> | null = null;
  private signals: Promise<void> = Promise.resolve();
  private readonly seen = new Set<string>();

  constructor(
    doc: Y.Doc,
    private readonly opts: ConnectOptions,
    private readonly deps: MeshDeps,
    private readonly config: MeshConfig,
  ) {
    this.engine = createSyncEngine(doc, opts);
    this.engine.setConnecting(config.signalingUrls.length > 0);
    this.engine.onClose(() => this.close());
    void this.start();
  }

  private async start(): Promise<void> {
    this.topic = await roomTopic(this.opts.keys.teamId);
    if (this.closed) return;
    if (this.deps.createBroadcastChannel) {
      this.bc = this.deps.createBroadcastChannel(this.topic);
      this.bc.onmessage = (ev) => this.onBroadcast(ev.data);
      this.bc.postMessage({ type: 'announce', from: this.id });
    }
    for (const url of this.config.signalingUrls) {
      const client = new SignalingClient(
        url,
        this.deps,
        {
          onOpen: () => {
            this.unreachableReported = false;
            this.engine.setConnecting(false);
            void this.publish(client, { type: 'announce', from: this.id });
          },
          onDown: (failed) => this.onSignalingDown(failed),
          onPublish: (_topic, data) => this.enqueueSignal(data),
        },
        this.config.signaling,
      );
      client.subscribe(this.topic);
      this.clients.push(client);
    }
    this.announceTimer = setInterval(() => {
      for (const c of this.clients) void this.publish(c, { type: 'announce', from: this.id });
    }, this.config.announceIntervalMs ?? 30_000);
  }

  private onSignalingDown(failedAttempts: number): void {
    if (this.clients.some((c) => c.isOpen)) return;
    this.engine.setConnecting(true);
    // One report per outage; the UI shows it until a server answers again.
    if (!this.unreachableReported && failedAttempts >= (this.config.unreachableAfter ?? 1)) {
      this.unreachableReported = true;
      this.engine.reportError({ kind: 'signaling-unreachable', detail: this.config.signalingUrls.join(' ') });
    }
  }

  private async publish(client: SignalingClient, s: Signal): Promise<void> {
    client.publish(this.topic, await sealSignal(this.opts.keys.signaling, this.topic, s));
  }

  private async broadcastSignal(s: Signal): Promise<void> {
    const data = await sealSignal(this.opts.keys.signaling, this.topic, s);
    for (const c of this.clients) c.publish(this.topic, data);
  }

  /**
   * Signals are handled one at a time, in arrival order: decryption is async and a
   * candidate overtaking its offer would be dropped. The same sealed payload reaches us
   * once per signaling server; handle it once.
   */
  private enqueueSignal(data: unknown): void {
    if (typeof data === 'string') {
      if (this.seen.has(data)) return;
      this.seen.add(data);
      if (this.seen.size > 512) this.seen.delete(this.seen.values().next().value as string);
    }
    this.signals = this.signals.then(() => this.onSignal(data)).catch(() => {});
  }

  private async onSignal(data: unknown): Promise<void> {
    const opened = await openSignal(this.opts.keys.signaling, this.topic, data);
    if (this.closed) return;
    if (!opened.ok) {
      // Someone in our room with another key: most likely a colleague with an old invite.
      if (opened.error === 'wrong-key' && !this.wrongKeyReported) {
        this.wrongKeyReported = true;
        this.engine.reportError({ kind: 'wrong-key', detail: 'undecryptable signaling message in our room' });
      }
      return;
    }
    const s = opened.value;
    if (s.from === this.id || ('to' in s && s.to !== undefined && s.to !== this.id)) return;
    if (this.bcPeers.has(s.from)) return; // same browser: the BroadcastChannel already links us
    if (s.type === 'bye') {
      this.rtc.get(s.from)?.close();
      return;
    }
    if (s.type === 'announce') {
      if (this.rtc.has(s.from)) return;
      if (this.id < s.from) this.openRtc(s.from);
      // The smaller id offers; tell it we exist (a directed announce, so no storm).
      else await this.broadcastSignal({ type: 'announce', from: this.id, to: s.from });
      return;
    }
    let peer = this.rtc.get(s.from);
    if (!peer && s.type === 'offer') peer = this.openRtc(s.from);
    await peer?.handle(s);
  }

  private openRtc(remoteId: string): RtcPeer {
    const peer = new RtcPeer(
      this.id,
      remoteId,
      this.deps,
      { iceServers: [...(this.config.iceServers ?? [])] },
      {
        signal: (s) => void this.broadcastSignal(s),
        open: (link) => {
          this.failedReported.delete(remoteId);
          if (!this.closed) this.engine.addLink(link);
        },
        gone: (reason) => {
          if (this.rtc.get(remoteId) === peer) this.rtc.delete(remoteId);
          if (reason === 'closed' || this.closed || this.failedReported.has(remoteId)) return;
          this.failedReported.add(remoteId);
          this.engine.reportError({ kind: 'link-failed', peerId: remoteId, detail: reason });
        },
      },
      this.config.connectTimeoutMs ?? 15_000,
    );
    this.rtc.set(remoteId, peer);
    void peer.start();
    return peer;
  }

  private onBroadcast(data: unknown): void {
    const m = parseBcMessage(data);
    if (!m || m.from === this.id || this.closed || !this.bc) return;
    if (m.type === 'announce') {
      if (m.to !== undefined && m.to !== this.id) return;
      if (this.bcPeers.has(m.from)) return;
      // Prefer the tab channel over WebRTC for the same peer.
      this.rtc.get(m.from)?.close();
      const link = new BroadcastLink(m.from, this.id, this.bc);
      this.bcPeers.set(m.from, link);
      this.engine.addLink(link);
      const engineOnClose = link.onclose;
      link.onclose = () => {
        this.bcPeers.delete(m.from);
        engineOnClose?.();
      };
      if (m.to === undefined) this.bc.postMessage({ type: 'announce', from: this.id, to: m.from });
    } else if (m.type === 'bye') {
      this.bcPeers.get(m.from)?.close();
    } else if (m.to === this.id) {
      this.bcPeers.get(m.from)?.deliver(m.bytes);
    }
  }

  private close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.announceTimer) clearInterval(this.announceTimer);
    for (const c of this.clients) {
      void this.publish(c, { type: 'bye', from: this.id }).finally(() => c.close());
    }
    for (const p of [...this.rtc.values()]) p.close();
    if (this.bc) {
      this.bc.postMessage({ type: 'bye', from: this.id });
      this.bc.close();
    }
  }
}
