/**
 * What the app sees of any way of syncing (in-memory, WebRTC mesh, in-person, sync file):
 * `transport.connect(doc, opts)` returns a handle with status, peers, progress and errors.
 * Live transports only differ in how they produce `PeerLink`s; everything above a link
 * (encryption, framing, hello, y-protocols) is shared in `engine.ts` / `session.ts`.
 */
import type * as Y from 'yjs';
import type { Awareness } from 'y-protocols/awareness';
import type { TeamKeys } from '../crypto/keys';
import type { FrameChannel } from '../framing/sender';

export interface ConnectOptions {
  readonly keys: TeamKeys;
  /** Our data schema version, supplied by the schema code. Peers newer than this make us read-only. */
  readonly schemaVersion: number;
  readonly awareness?: Awareness;
  /** Largest datagram put on a link, including header and seal (default 64 KiB). */
  readonly maxFrameBytes?: number;
}

export type SyncStatus = 'offline' | 'connecting' | 'syncing' | 'synced' | 'closed';

export type PeerState = 'handshake' | 'syncing' | 'synced' | 'rejected';

export interface PeerInfo {
  readonly id: string;
  readonly state: PeerState;
  /** Known once the peer's hello arrived. */
  readonly schemaVersion: number | null;
}

export interface SyncProgress {
  readonly peerId: string;
  readonly direction: 'in' | 'out';
  readonly bytes: number;
  readonly total: number;
}

export type SyncErrorKind =
  | 'wrong-key'
  | 'peer-newer-schema'
  | 'incompatible-protocol'
  | 'malformed-message'
  | 'signaling-unreachable'
  | 'link-failed';

export interface SyncError {
  readonly kind: SyncErrorKind;
  readonly peerId?: string;
  /** Developer detail (e.g. which frame check failed); the UI words its message from `kind`. */
  readonly detail?: string;
}

export interface SyncEvents {
  status: SyncStatus;
  peers: readonly PeerInfo[];
  progress: SyncProgress;
  error: SyncError;
}

export interface SyncHandle {
  readonly status: SyncStatus;
  /** True once any peer announced a newer schema: the app must stop local edits and ask for an update. */
  readonly readOnly: boolean;
  peers(): readonly PeerInfo[];
  on<K extends keyof SyncEvents>(event: K, listener: (value: SyncEvents[K]) => void): () => void;
  close(): void;
}

export interface Transport {
  connect(doc: Y.Doc, opts: ConnectOptions): SyncHandle;
}

/**
 * One reliable, ordered, message-oriented connection to one peer: an RTCDataChannel,
 * a BroadcastChannel pair, or an in-memory pipe. Datagrams larger than the channel allows
 * may be dropped silently (as Chromium does), which is why the session frames everything.
 */
export interface PeerLink extends FrameChannel {
  readonly remoteId: string;
  onmessage: ((bytes: Uint8Array) => void) | null;
  onclose: (() => void) | null;
  close(): void;
}
