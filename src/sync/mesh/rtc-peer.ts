/**
 * One RTCPeerConnection to one remote peer, negotiated through signaling with trickle ICE.
 * The peer with the smaller id makes the offer, so two peers never offer at once (no glare
 * handling needed). One negotiated data channel (id 0) on both sides: no `ondatachannel`
 * race, and the channel exists before the answer arrives.
 */
import type { CandidateInit, Signal } from './signals';
import type { MeshDeps } from './deps';
import { DataChannelLink } from './datachannel-link';

export interface RtcPeerEvents {
  signal(s: Signal): void;
  open(link: DataChannelLink): void;
  /** Connection gone or never came up; the provider forgets the peer and may retry. */
  gone(reason: 'failed' | 'timeout' | 'closed'): void;
}

export class RtcPeer {
  private readonly pc: RTCPeerConnection;
  private readonly pendingCandidates: CandidateInit[] = [];
  private haveRemote = false;
  private done = false;
  private readonly timer: ReturnType<typeof setTimeout>;
  link: DataChannelLink | null = null;

  constructor(
    readonly localId: string,
    readonly remoteId: string,
    deps: MeshDeps,
    config: RTCConfiguration,
    private readonly events: RtcPeerEvents,
    connectTimeoutMs: number,
  ) {
    this.pc = deps.createPeerConnection(config);
    const dc = this.pc.createDataChannel('kartoteka', { negotiated: true, id: 0, ordered: true });
    dc.binaryType = 'arraybuffer';
    dc.onopen = () => {
      if (this.done) return;
      clearTimeout(this.timer);
      this.link = new DataChannelLink(remoteId, dc, () => this.teardown('closed'));
      this.events.open(this.link);
    };
    this.pc.onicecandidate = (ev) => {
      const c = ev.candidate;
      if (c && c.candidate) {
        this.events.signal({
          type: 'candidate',
          from: localId,
          to: remoteId,
          candidate: { candidate: c.candidate, sdpMid: c.sdpMid, sdpMLineIndex: c.sdpMLineIndex },
        });
      }
    };
    this.pc.onconnectionstatechange = () => {
      if (this.pc.connectionState === 'failed' || this.pc.connectionState === 'closed') this.teardown('failed');
    };
    // Without this an unresolvable mDNS name leaves the connection in 'new' for ever.
    this.timer = setTimeout(() => {
      if (!this.link) this.teardown('timeout');
    }, connectTimeoutMs);
  }

  get initiator(): boolean {
    return this.localId < this.remoteId;
  }

  async start(): Promise<void> {
    if (!this.initiator) return;
    try {
      await this.pc.setLocalDescription(await this.pc.createOffer());
      const sdp = this.pc.localDescription?.sdp;
      if (sdp) this.events.signal({ type: 'offer', from: this.localId, to: this.remoteId, sdp });
    } catch {
      this.teardown('failed');
    }
  }

  async handle(s: Signal): Promise<void> {
    if (this.done) return;
    try {
      if (s.type === 'offer' && !this.initiator) {
        await this.pc.setRemoteDescription({ type: 'offer', sdp: s.sdp });
        await this.flushCandidates();
        await this.pc.setLocalDescription(await this.pc.createAnswer());
        const sdp = this.pc.localDescription?.sdp;
        if (sdp) this.events.signal({ type: 'answer', from: this.localId, to: this.remoteId, sdp });
      } else if (s.type === 'answer' && this.initiator && !this.haveRemote) {
        await this.pc.setRemoteDescription({ type: 'answer', sdp: s.sdp });
        await this.flushCandidates();
      } else if (s.type === 'candidate') {
        if (this.haveRemote) await this.pc.addIceCandidate(s.candidate);
        else this.pendingCandidates.push(s.candidate);
      }
    } catch {
      // A bad SDP or candidate from a team member: drop this attempt, the next announce retries.
      this.teardown('failed');
    }
  }

  close(): void {
    this.teardown('closed');
  }

  private async flushCandidates(): Promise<void> {
    this.haveRemote = true;
    for (const c of this.pendingCandidates.splice(0)) await this.pc.addIceCandidate(c);
  }

  private teardown(reason: 'failed' | 'timeout' | 'closed'): void {
    if (this.done) return;
    this.done = true;
    clearTimeout(this.timer);
    this.link?.close();
    try {
      this.pc.close();
    } catch {
      /* already closed */
    }
    this.events.gone(reason);
  }
}
