/**
 * Fakes of RTCPeerConnection / RTCDataChannel / BroadcastChannel, just enough for the mesh:
 * SDP carries the fake connection's id; when the offerer applies the answer both negotiated
 * channels open. Data channels behave like Chromium's: ordered, `bufferedAmount`, and
 * `send` of more than 256 KiB throws.
 */
import type { BroadcastChannelLike } from '../../../src/sync/mesh';

export const MAX_MESSAGE = 256 * 1024;

export class FakeDataChannel {
  readyState: RTCDataChannelState = 'connecting';
  binaryType: BinaryType = 'blob';
  bufferedAmount = 0;
  bufferedAmountLowThreshold = 0;
  onopen: (() => void) | null = null;
  onclose: (() => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  onbufferedamountlow: (() => void) | null = null;
  other: FakeDataChannel | null = null;
  maxSent = 0;
  private readonly queue: ArrayBuffer[] = [];

  send(data: ArrayBufferView | string): void {
    if (this.readyState !== 'open') throw new Error('InvalidStateError');
    if (typeof data === 'string') throw new Error('fake only carries binary');
    if (data.byteLength > MAX_MESSAGE) throw new TypeError('message too large');
    this.maxSent = Math.max(this.maxSent, data.byteLength);
    const copy = new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice().buffer;
    this.bufferedAmount += copy.byteLength;
    this.queue.push(copy);
    if (this.queue.length === 1) setTimeout(() => this.drain(), 0);
  }

  private drain(): void {
    while (this.queue.length > 0) {
      const m = this.queue.shift()!;
      const before = this.bufferedAmount;
      this.bufferedAmount -= m.byteLength;
      if (this.other?.readyState === 'open') this.other.onmessage?.({ data: m });
      if (before > this.bufferedAmountLowThreshold && this.bufferedAmount <= this.bufferedAmountLowThreshold) {
        this.onbufferedamountlow?.();
      }
    }
  }

  open(): void {
    this.readyState = 'open';
    this.onopen?.();
  }

  close(): void {
    if (this.readyState === 'closed') return;
    this.readyState = 'closed';
    setTimeout(() => this.onclose?.(), 0);
    const o = this.other;
    if (o && o.readyState !== 'closed') setTimeout(() => o.close(), 0);
  }
}

export class FakeRtcRegistry {
  private next = 1;
  readonly pcs = new Map<string, FakePeerConnection>();
  /** When false, connections never come up (like unresolvable mDNS names). */
  connectable = true;

  create(_config: RTCConfiguration): FakePeerConnection {
    const pc = new FakePeerConnection(`pc${this.next++}`, this);
    this.pcs.set(pc.uid, pc);
    return pc;
  }

  channels(): FakeDataChannel[] {
    return [...this.pcs.values()].flatMap((p) => (p.dc ? [p.dc] : []));
  }
}

const hex2 = (n: number) => n.toString(16).toUpperCase().padStart(2, '0');

/**
 * SDP is shaped like Chromium's (ufrag, pwd, sha-256 fingerprint, one mDNS host candidate)
 * so pairing codes can be made from it; the remote is found by its ufrag.
 */
export class FakePeerConnection {
  connectionState: RTCPeerConnectionState = 'new';
  iceGatheringState: RTCIceGatheringState = 'new';
  localDescription: RTCSessionDescriptionInit | null = null;
  remoteDescription: RTCSessionDescriptionInit | null = null;
  remote: FakePeerConnection | null = null;
  onicecandidate: ((ev: { candidate: { candidate: string; sdpMid: string; sdpMLineIndex: number } | null }) => void) | null = null;
  onconnectionstatechange: (() => void) | null = null;
  onicegatheringstatechange: (() => void) | null = null;
  dc: FakeDataChannel | null = null;
  readonly candidates: RTCIceCandidateInit[] = [];
  readonly ufrag: string;
  readonly fingerprint = Array.from({ length: 32 }, () => hex2(Math.floor(Math.random() * 256))).join(':');

  constructor(
    readonly uid: string,
    private readonly reg: FakeRtcRegistry,
  ) {
    this.ufrag = `u${uid}`;
  }

  private sdp(type: 'offer' | 'answer'): string {
    const mdns = `${this.uid.replace(/\D/g, '').padStart(8, '0')}-0000-4000-8000-000000000000.local`;
    return [
      'v=0', 'o=- 1 2 IN IP4 127.0.0.1', 's=-', 't=0 0', 'a=group:BUNDLE 0',
      'm=application 9 UDP/DTLS/SCTP webrtc-datachannel', 'c=IN IP4 0.0.0.0',
      `a=candidate:1 1 udp 2122260223 ${mdns} 50000 typ host generation 0`,
      `a=ice-ufrag:${this.ufrag}`, 'a=ice-pwd:abcdefghijklmnopqrstuvwx',
      `a=fingerprint:sha-256 ${this.fingerprint}`, `a=setup:${type === 'offer' ? 'actpass' : 'active'}`,
      'a=mid:0', 'a=sctp-port:5000', 'a=max-message-size:262144', '',
    ].join('\r\n');
  }

  createDataChannel(_label: string, init: RTCDataChannelInit): FakeDataChannel {
    if (!init.negotiated || init.id !== 0) throw new Error('must use one negotiated channel');
    this.dc = new FakeDataChannel();
    return this.dc;
  }
  async createOffer(): Promise<RTCSessionDescriptionInit> {
    return { type: 'offer', sdp: this.sdp('offer') };
  }
  async createAnswer(): Promise<RTCSessionDescriptionInit> {
    return { type: 'answer', sdp: this.sdp('answer') };
  }
  async setLocalDescription(d: RTCSessionDescriptionInit): Promise<void> {
    this.localDescription = d;
    this.iceGatheringState = 'gathering';
    setTimeout(() => {
      this.onicecandidate?.({ candidate: { candidate: `candidate:1 1 udp 1 ${this.uid}.local 5000 typ host`, sdpMid: '0', sdpMLineIndex: 0 } });
      this.onicecandidate?.({ candidate: null });
      this.iceGatheringState = 'complete';
      this.onicegatheringstatechange?.();
    }, 0);
  }
  async setRemoteDescription(d: RTCSessionDescriptionInit): Promise<void> {
    const ufrag = /a=ice-ufrag:(\S+)/.exec(d.sdp ?? '')?.[1];
    const remote = [...this.reg.pcs.values()].find((p) => p.ufrag === ufrag);
    if (!remote) throw new Error('OperationError: bad sdp');
    const fp = /a=fingerprint:sha-256 (\S+)/.exec(d.sdp ?? '')?.[1];
    this.remote = remote;
    this.remoteDescription = d;
    // Like DTLS: a fingerprint that does not match the remote certificate never connects.
    if (d.type === 'answer' && this.reg.connectable && fp === remote.fingerprint) {
      setTimeout(() => {
        const a = this.dc;
        const b = remote.dc;
        if (!a || !b || this.connectionState === 'closed' || remote.connectionState === 'closed') return;
        a.other = b;
        b.other = a;
        this.setState('connected');
        remote.setState('connected');
        a.open();
        b.open();
      }, 1);
    }
  }
  async addIceCandidate(c: RTCIceCandidateInit): Promise<void> {
    if (!this.remote) throw new Error('InvalidStateError: no remote description');
    this.candidates.push(c);
  }
  close(): void {
    this.dc?.close();
    this.connectionState = 'closed';
  }
  private setState(s: RTCPeerConnectionState): void {
    this.connectionState = s;
    this.onconnectionstatechange?.();
  }
}

export class FakeBroadcastHub {
  private readonly channels = new Set<FakeBroadcastChannel>();
  create(name: string): BroadcastChannelLike {
    const c = new FakeBroadcastChannel(name, this);
    this.channels.add(c);
    return c;
  }
  post(from: FakeBroadcastChannel, message: unknown): void {
    const copy = structuredClone(message);
    for (const c of this.channels) if (c !== from && c.name === from.name) setTimeout(() => c.onmessage?.({ data: copy }), 0);
  }
  remove(c: FakeBroadcastChannel): void {
    this.channels.delete(c);
  }
}

class FakeBroadcastChannel implements BroadcastChannelLike {
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  constructor(
    readonly name: string,
    private readonly hub: FakeBroadcastHub,
  ) {}
  postMessage(message: unknown): void {
    this.hub.post(this, message);
  }
  close(): void {
    this.hub.remove(this);
  }
}
