/**
 * Everything the mesh needs from the browser, injected so the protocol logic runs in Node
 * tests with fakes. `browserMeshDeps()` wires the real globals.
 */

/** The part of WebSocket we use (the DOM WebSocket and the `ws` package both fit). */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(): void;
  onopen: ((ev: unknown) => void) | null;
  onclose: ((ev: unknown) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
}

export interface BroadcastChannelLike {
  postMessage(message: unknown): void;
  close(): void;
  onmessage: ((ev: { data: unknown }) => void) | null;
}

export interface MeshDeps {
  createWebSocket(url: string): WebSocketLike;
  createPeerConnection(config: RTCConfiguration): RTCPeerConnection;
  /** Same-browser tabs; optional because workers and tests may not have it. */
  createBroadcastChannel?: (name: string) => BroadcastChannelLike;
}

export const WS_OPEN = 1;

export function browserMeshDeps(): MeshDeps {
  return {
    createWebSocket: (url) => new WebSocket(url) as unknown as WebSocketLike,
    createPeerConnection: (config) => new RTCPeerConnection(config),
    ...(typeof BroadcastChannel === 'function'
      ? { createBroadcastChannel: (name: string) => new BroadcastChannel(name) as unknown as BroadcastChannelLike }
      : {}),
  };
}
