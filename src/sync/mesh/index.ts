export { createMeshTransport, type MeshConfig } from './provider';
export { browserMeshDeps, type MeshDeps, type WebSocketLike, type BroadcastChannelLike } from './deps';
export { roomTopic, sealSignal, openSignal, parseSignal, type Signal } from './signals';
export { SignalingClient, type SignalingOptions, type SignalingEvents } from './signaling';
