/**
 * In-memory transport: every `connect` joins a room (by team id) and gets a link to every
 * other member. Links behave like an ordered RTCDataChannel: bufferedAmount grows on send
 * and shrinks on delivery, datagrams over `maxDatagramBytes` are dropped silently (as
 * Chromium drops > 256 KiB), and latency/jitter delay delivery. Jitter reorders traffic
 * between different links, never within one link — SCTP ordered channels don't either.
 */
import type * as Y from 'yjs';
import { createSyncEngine, type SyncEngine } from './engine';
import type { ConnectOptions, PeerLink, SyncHandle, Transport } from './types';

export interface MemoryNetworkOptions {
  readonly latencyMs?: number;
  readonly jitterMs?: number;
  /** Default 256 KiB, like Chromium. */
  readonly maxDatagramBytes?: number;
  /** Simulated throughput; 0 means instant (default). */
  readonly bytesPerMs?: number;
}

export interface MemoryNetworkStats {
  maxDatagram: number;
  dropped: number;
  datagrams: number;
}

class MemoryLink implements PeerLink {
  bufferedAmount = 0;
  bufferedAmountLowThreshold = 0;
  onbufferedamountlow: (() => void) | null = null;
  onmessage: ((bytes: Uint8Array) => void) | null = null;
  onclose: (() => void) | null = null;
  other: MemoryLink | null = null;
  private lastDelivery = 0;
  private closed = false;

  constructor(
    readonly remoteId: string,
    private readonly net: Required<MemoryNetworkOptions>,
    private readonly stats: MemoryNetworkStats,
  ) {}

  send(bytes: Uint8Array): void {
    if (this.closed) throw new Error('InvalidStateError: link closed');
    this.stats.datagrams++;
    this.stats.maxDatagram = Math.max(this.stats.maxDatagram, bytes.length);
    if (bytes.length > this.net.maxDatagramBytes) {
      this.stats.dropped++;
      return;
    }
    const copy = bytes.slice();
    this.bufferedAmount += copy.length;
    const now = Date.now();
    const delay = this.net.latencyMs + Math.random() * this.net.jitterMs;
    const wire = this.net.bytesPerMs > 0 ? copy.length / this.net.bytesPerMs : 0;
    const at = Math.max(now + delay, this.lastDelivery + wire);
    this.lastDelivery = at;
    // One FIFO per link and one timer at a time: separate timers could fire out of order.
    this.inFlight.push({ at, bytes: copy });
    if (this.inFlight.length === 1) this.schedule();
  }

  private readonly inFlight: { at: number; bytes: Uint8Array }[] = [];

  private schedule(): void {
    const head = this.inFlight[0];
    if (head) setTimeout(() => this.deliverDue(), Math.max(0, head.at - Date.now()));
  }

  private deliverDue(): void {
    const now = Date.now();
    while (this.inFlight.length > 0 && this.inFlight[0]!.at <= now + 1) this.deliver(this.inFlight.shift()!.bytes);
    this.schedule();
  }

  private deliver(bytes: Uint8Array): void {
    const before = this.bufferedAmount;
    this.bufferedAmount -= bytes.length;
    if (!this.closed && this.other && !this.other.closed) this.other.onmessage?.(bytes);
    if (before > this.bufferedAmountLowThreshold && this.bufferedAmount <= this.bufferedAmountLowThreshold) {
      this.onbufferedamountlow?.();
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.onclose?.();
    const o = this.other;
    if (o && !o.closed) setTimeout(() => o.close(), 0);
  }
}

interface Member {
  readonly id: string;
  readonly engine: SyncEngine;
}

export class MemoryNetwork {
  readonly stats: MemoryNetworkStats = { maxDatagram: 0, dropped: 0, datagrams: 0 };
  private readonly rooms = new Map<string, Set<Member>>();
  private readonly opts: Required<MemoryNetworkOptions>;
  private nextId = 1;

  constructor(opts: MemoryNetworkOptions = {}) {
    this.opts = {
      latencyMs: opts.latencyMs ?? 0,
      jitterMs: opts.jitterMs ?? 0,
      maxDatagramBytes: opts.maxDatagramBytes ?? 256 * 1024,
      bytesPerMs: opts.bytesPerMs ?? 0,
    };
  }

  /** A pair of linked ends; exported for tests that drive a session directly. */
  linkPair(aId: string, bId: string): [PeerLink, PeerLink] {
    const a = new MemoryLink(bId, this.opts, this.stats);
    const b = new MemoryLink(aId, this.opts, this.stats);
    a.other = b;
    b.other = a;
    return [a, b];
  }

  /**
   * A bare link into every member of a room, for tests that must speak raw bytes
   * (hostile peers, malformed frames). Returns our ends.
   */
  rawLinks(teamId: string): PeerLink[] {
    const out: PeerLink[] = [];
    for (const m of this.rooms.get(teamId) ?? []) {
      const [mine, theirs] = this.linkPair(`raw-${this.nextId++}`, m.id);
      m.engine.addLink(theirs);
      out.push(mine);
    }
    return out;
  }

  transport(): Transport {
    return { connect: (doc, opts) => this.join(doc, opts) };
  }

  private join(doc: Y.Doc, opts: ConnectOptions): SyncHandle {
    const engine = createSyncEngine(doc, opts);
    const me: Member = { id: `mem-${this.nextId++}`, engine };
    let room = this.rooms.get(opts.keys.teamId);
    if (!room) this.rooms.set(opts.keys.teamId, (room = new Set()));
    for (const other of room) {
      const [mine, theirs] = this.linkPair(me.id, other.id);
      engine.addLink(mine);
      other.engine.addLink(theirs);
    }
    room.add(me);
    const r = room;
    engine.onClose(() => r.delete(me));
    return engine.handle;
  }
}
