/**
 * One peer, one link: sealed frames in both directions, hello first, then y-protocols
 * sync (step 1/2 + updates) and awareness. Nothing from the doc is sent before the peer's
 * hello opened with our key, so a peer with the wrong key only ever sees our sealed hello.
 */
import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import { open, seal, SEAL_OVERHEAD, type OpenError } from '../crypto/seal';
import type { Result } from '../../core/util/result';
import { utf8 } from '../crypto/bytes';
import { FrameSender } from '../framing/sender';
import { Reassembler } from '../framing/reassembler';
import { DEFAULT_FRAME_BYTES, FRAME_HEADER_BYTES } from '../framing/frame';
import type { ConnectOptions, PeerInfo, PeerLink, PeerState, SyncError, SyncProgress } from './types';
import {
  decodeWire,
  encodeAwareness,
  encodeHello,
  encodeSync,
  PROTOCOL_VERSION,
  SYNC_STEP1,
  SYNC_STEP2,
  SYNC_UPDATE,
  type WireMessage,
} from './wire';

/** Frames are sealed with this AAD so a sealed sync-file body or signaling payload is never accepted as a frame. */
export const FRAME_AAD = utf8('kartoteka/frame/v1');

export interface SessionHost {
  readonly doc: Y.Doc;
  readonly opts: ConnectOptions;
  /** Transaction origin for everything we apply; the engine uses it to avoid echoing updates back. */
  readonly origin: object;
  changed(session: PeerSession): void;
  progress(p: SyncProgress): void;
  error(e: SyncError): void;
}

export class PeerSession {
  state: PeerState = 'handshake';
  remoteSchema: number | null = null;
  /** Awareness clients this peer told us about, removed when it leaves. */
  readonly awarenessClients = new Set<number>();
  private readonly sender: FrameSender;
  private readonly reassembler = new Reassembler();
  private readonly payloadBytes: number;
  private inbox: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(
    readonly link: PeerLink,
    private readonly host: SessionHost,
  ) {
    const maxFrameBytes = host.opts.maxFrameBytes ?? DEFAULT_FRAME_BYTES;
    const key = host.opts.keys.data;
    this.sender = new FrameSender(link, {
      maxFrameBytes,
      highWaterBytes: 16 * maxFrameBytes,
      transformOverhead: SEAL_OVERHEAD,
      transform: (f) => seal(key, f, FRAME_AAD),
    });
    this.payloadBytes = maxFrameBytes - FRAME_HEADER_BYTES - SEAL_OVERHEAD;
    // Serialise: decryption is async but frames must be reassembled in arrival order.
    link.onmessage = (bytes) => {
      // A throw must not break the chain: every later datagram would be silently skipped.
      // Decryption starts on arrival (frames open in parallel on the crypto thread); only the
      // processing waits its turn. Serialising the decryption too cost a first sync ~1 s.
      // A rejected or closed peer's datagrams are not even opened.
      if (this.closed || this.state === 'rejected') return;
      const opening = open(key, bytes, FRAME_AAD);
      this.inbox = this.inbox.then(() => this.receive(opening)).catch((e: unknown) => this.fail('malformed-message', String(e)));
    };
  }

  get id(): string {
    return this.link.remoteId;
  }

  info(): PeerInfo {
    return { id: this.id, state: this.state, schemaVersion: this.remoteSchema };
  }

  start(): void {
    this.send(encodeHello({ protocol: PROTOCOL_VERSION, schemaVersion: this.host.opts.schemaVersion }));
  }

  get accepted(): boolean {
    return this.state === 'syncing' || this.state === 'synced';
  }

  sendUpdate(update: Uint8Array): void {
    if (this.accepted) this.send(encodeSync(SYNC_UPDATE, update));
  }

  sendAwareness(update: Uint8Array): void {
    if (this.accepted) this.send(encodeAwareness(update));
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.sender.close();
    this.reassembler.reset();
    this.link.onmessage = null;
    this.link.close();
  }

  /** Resolves when every datagram received so far has been processed (tests, orderly shutdown). */
  idle(): Promise<void> {
    return this.inbox;
  }

  private send(message: Uint8Array): void {
    const big = message.length > this.payloadBytes;
    const onProgress = big
      ? (bytes: number, total: number) => this.host.progress({ peerId: this.id, direction: 'out', bytes, total })
      : undefined;
    void this.sender.send(message, onProgress);
  }

  private fail(kind: SyncError['kind'], detail?: string): void {
    this.host.error({ kind, peerId: this.id, ...(detail === undefined ? {} : { detail }) });
  }

  private async receive(opening: Promise<Result<Uint8Array, OpenError>>): Promise<void> {
    if (this.closed || this.state === 'rejected') return;
    const opened = await opening;
    if (this.closed) return;
    if (!opened.ok) {
      // Not a team member (or not speaking our protocol): never process anything from it again.
      this.fail(opened.error === 'wrong-key' ? 'wrong-key' : 'malformed-message', 'frame did not open');
      this.reject();
      return;
    }
    const pushed = this.reassembler.push(opened.value);
    if (!pushed.ok) return this.fail('malformed-message', pushed.error);
    if (pushed.value.kind === 'partial') {
      this.host.progress({ peerId: this.id, direction: 'in', bytes: pushed.value.received, total: pushed.value.total });
      return;
    }
    const message = pushed.value.message;
    if (message.length > this.payloadBytes) {
      this.host.progress({ peerId: this.id, direction: 'in', bytes: message.length, total: message.length });
    }
    const decoded = decodeWire(message);
    if (!decoded.ok) return this.fail('malformed-message', decoded.error);
    this.handle(decoded.value);
  }

  private reject(): void {
    this.state = 'rejected';
    this.host.changed(this);
    this.sender.close();
  }

  private handle(m: WireMessage): void {
    if (this.state === 'handshake') {
      if (m.kind !== 'hello') return this.fail('malformed-message', `expected hello, got ${m.kind}`);
      this.remoteSchema = m.hello.schemaVersion;
      if (m.hello.protocol !== PROTOCOL_VERSION) {
        this.fail('incompatible-protocol', `peer speaks protocol ${m.hello.protocol}`);
        return this.reject();
      }
      if (m.hello.schemaVersion > this.host.opts.schemaVersion) {
        // Its data may use shapes our code would misread or damage: exchange nothing.
        this.fail('peer-newer-schema', `peer schema ${m.hello.schemaVersion} > ours ${this.host.opts.schemaVersion}`);
        return this.reject();
      }
      this.state = 'syncing';
      this.host.changed(this);
      this.send(encodeSync(SYNC_STEP1, Y.encodeStateVector(this.host.doc)));
      const aw = this.host.opts.awareness;
      if (aw && aw.getStates().size > 0) {
        this.send(encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(aw, [...aw.getStates().keys()])));
      }
      return;
    }
    switch (m.kind) {
      case 'hello':
        return this.fail('malformed-message', 'second hello');
      case 'sync-step1':
        return this.send(encodeSync(SYNC_STEP2, Y.encodeStateAsUpdate(this.host.doc, m.stateVector)));
      case 'sync-step2':
      case 'sync-update':
        try {
          Y.applyUpdate(this.host.doc, m.update, this.host.origin);
        } catch (e) {
          return this.fail('malformed-message', `update failed to apply: ${String(e)}`);
        }
        if (m.kind === 'sync-step2' && this.state !== 'synced') {
          this.state = 'synced';
          this.host.changed(this);
        }
        return;
      case 'awareness': {
        const aw = this.host.opts.awareness;
        if (!aw) return;
        for (const c of m.clients) if (c !== aw.clientID) this.awarenessClients.add(c);
        awarenessProtocol.applyAwarenessUpdate(aw, m.update, this.host.origin);
        return;
      }
    }
  }
}
