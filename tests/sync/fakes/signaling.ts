/**
 * In-process stand-in for node_modules/y-webrtc/bin/server.js (same message handling:
 * subscribe / unsubscribe / publish-to-all-subscribers-with-`clients` / ping→pong), plus a
 * WebSocket fake that connects to it. `down()` simulates the server being unreachable.
 */
import type { WebSocketLike } from '../../../src/sync/mesh';

export class FakeSignalingServer {
  up = true;
  readonly published: { topic: string; data: unknown }[] = [];
  private readonly topics = new Map<string, Set<FakeWebSocket>>();
  readonly sockets = new Set<FakeWebSocket>();

  connect(url: string): FakeWebSocket {
    return new FakeWebSocket(url, this);
  }

  down(): void {
    this.up = false;
    for (const s of [...this.sockets]) s.serverClose();
  }

  handle(from: FakeWebSocket, raw: string): void {
    const msg = JSON.parse(raw) as { type?: string; topics?: unknown[]; topic?: string };
    switch (msg.type) {
      case 'subscribe':
        for (const t of msg.topics ?? []) {
          if (typeof t !== 'string') continue;
          if (!this.topics.has(t)) this.topics.set(t, new Set());
          this.topics.get(t)!.add(from);
        }
        break;
      case 'unsubscribe':
        for (const t of msg.topics ?? []) if (typeof t === 'string') this.topics.get(t)?.delete(from);
        break;
      case 'publish': {
        if (!msg.topic) break;
        const receivers = this.topics.get(msg.topic);
        this.published.push({ topic: msg.topic, data: (msg as { data?: unknown }).data });
        if (!receivers) break;
        const out = JSON.stringify({ ...msg, clients: receivers.size });
        for (const r of receivers) r.deliver(out);
        break;
      }
      case 'ping':
        from.deliver(JSON.stringify({ type: 'pong' }));
    }
  }

  drop(s: FakeWebSocket): void {
    this.sockets.delete(s);
    for (const set of this.topics.values()) set.delete(s);
  }
}

export class FakeWebSocket implements WebSocketLike {
  readyState = 0;
  onopen: ((ev: unknown) => void) | null = null;
  onclose: ((ev: unknown) => void) | null = null;
  onerror: ((ev: unknown) => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;

  constructor(
    readonly url: string,
    private readonly server: FakeSignalingServer,
  ) {
    setTimeout(() => {
      if (this.readyState !== 0) return;
      if (server.up) {
        this.readyState = 1;
        server.sockets.add(this);
        this.onopen?.({});
      } else {
        this.readyState = 3;
        this.onerror?.({});
        this.onclose?.({});
      }
    }, 1);
  }

  send(data: string): void {
    if (this.readyState !== 1) throw new Error('InvalidStateError');
    setTimeout(() => this.server.handle(this, data), 0);
  }

  deliver(data: string): void {
    setTimeout(() => {
      if (this.readyState === 1) this.onmessage?.({ data });
    }, 0);
  }

  close(): void {
    if (this.readyState === 3) return;
    this.readyState = 3;
    this.server.drop(this);
    setTimeout(() => this.onclose?.({}), 0);
  }

  serverClose(): void {
    this.close();
  }
}
