/**
 * Client for y-webrtc's signaling server protocol: JSON over WebSocket,
 * `{type:'subscribe', topics}`, `{type:'publish', topic, data}`, `{type:'ping'}` → `{type:'pong'}`.
 * Reconnects with capped exponential backoff and re-subscribes; a silent connection
 * (no pong) is treated as dead, since a half-open TCP socket can otherwise last minutes.
 */
import { WS_OPEN, type MeshDeps, type WebSocketLike } from './deps';

export interface SignalingOptions {
  readonly pingIntervalMs?: number;
  readonly minBackoffMs?: number;
  readonly maxBackoffMs?: number;
}

export interface SignalingEvents {
  /** The socket is open and subscribed. */
  onOpen(): void;
  /** Socket lost (or never opened); `failedAttempts` counts tries since the last open. */
  onDown(failedAttempts: number): void;
  onPublish(topic: string, data: unknown): void;
}

export class SignalingClient {
  private ws: WebSocketLike | null = null;
  private readonly topics = new Set<string>();
  private stopped = false;
  private failed = 0;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private pingTimer: ReturnType<typeof setInterval> | null = null;
  private lastHeard = 0;
  private readonly pingMs: number;
  private readonly minBackoff: number;
  private readonly maxBackoff: number;

  constructor(
    readonly url: string,
    private readonly deps: MeshDeps,
    private readonly events: SignalingEvents,
    opts: SignalingOptions = {},
  ) {
    this.pingMs = opts.pingIntervalMs ?? 20_000;
    this.minBackoff = opts.minBackoffMs ?? 1_000;
    this.maxBackoff = opts.maxBackoffMs ?? 30_000;
    this.connect();
  }

  get isOpen(): boolean {
    return this.ws !== null && this.ws.readyState === WS_OPEN;
  }

  subscribe(topic: string): void {
    this.topics.add(topic);
    if (this.isOpen) this.raw({ type: 'subscribe', topics: [topic] });
  }

  publish(topic: string, data: string): boolean {
    if (!this.isOpen) return false;
    return this.raw({ type: 'publish', topic, data });
  }

  close(): void {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.pingTimer) clearInterval(this.pingTimer);
    if (this.isOpen) this.raw({ type: 'unsubscribe', topics: [...this.topics] });
    const ws = this.ws;
    this.ws = null;
    ws?.close();
  }

  private raw(msg: object): boolean {
    try {
      this.ws?.send(JSON.stringify(msg));
      return true;
    } catch {
      return false;
    }
  }

  private connect(): void {
    if (this.stopped) return;
    let ws: WebSocketLike;
    try {
      ws = this.deps.createWebSocket(this.url);
    } catch {
      this.down(null);
      return;
    }
    this.ws = ws;
    let opened = false;
    ws.onopen = () => {
      opened = true;
      this.failed = 0;
      this.lastHeard = Date.now();
      if (this.topics.size > 0) this.raw({ type: 'subscribe', topics: [...this.topics] });
      this.pingTimer = setInterval(() => this.keepAlive(), this.pingMs);
      this.events.onOpen();
    };
    ws.onmessage = (ev) => {
      this.lastHeard = Date.now();
      this.receive(ev.data);
    };
    ws.onerror = () => {};
    ws.onclose = () => {
      if (this.ws !== ws) return;
      if (!opened) this.failed++;
      this.down(ws);
    };
  }

  private down(ws: WebSocketLike | null): void {
    if (this.pingTimer) clearInterval(this.pingTimer);
    this.pingTimer = null;
    if (ws && this.ws === ws) this.ws = null;
    if (ws === null) this.failed++;
    if (this.stopped) return;
    this.events.onDown(this.failed);
    const delay = Math.min(this.maxBackoff, this.minBackoff * 2 ** Math.max(0, this.failed - 1));
    // Jitter, so a room full of laptops does not reconnect in lock-step after a server restart.
    this.retryTimer = setTimeout(() => this.connect(), delay * (0.75 + Math.random() * 0.5));
  }

  private keepAlive(): void {
    if (Date.now() - this.lastHeard > 2.5 * this.pingMs) {
      const ws = this.ws;
      ws?.close();
      if (ws) this.down(ws);
      return;
    }
    this.raw({ type: 'ping' });
  }

  private receive(data: unknown): void {
    if (typeof data !== 'string' || data.length > 1 << 20) return;
    let msg: unknown;
    try {
      msg = JSON.parse(data);
    } catch {
      return;
    }
    if (typeof msg !== 'object' || msg === null) return;
    const m = msg as Record<string, unknown>;
    if (m.type === 'publish' && typeof m.topic === 'string' && this.topics.has(m.topic)) {
      this.events.onPublish(m.topic, m.data);
    }
  }
}
