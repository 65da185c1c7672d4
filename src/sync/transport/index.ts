export type {
  Transport,
  ConnectOptions,
  SyncHandle,
  SyncStatus,
  SyncEvents,
  SyncError,
  SyncErrorKind,
  SyncProgress,
  PeerInfo,
  PeerState,
  PeerLink,
} from './types';
export { createSyncEngine, type SyncEngine } from './engine';
export { PeerSession, FRAME_AAD } from './session';
export { MemoryNetwork, type MemoryNetworkOptions, type MemoryNetworkStats } from './memory';
export { encodeHello, encodeSync, encodeAwareness, decodeWire, PROTOCOL_VERSION, SYNC_STEP1, SYNC_STEP2, SYNC_UPDATE } from './wire';
