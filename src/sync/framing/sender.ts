/**
 * Sends messages as frames over a channel without ever queueing more than `highWaterBytes`
 * in it. RTCDataChannel queues without limit and a 50 MB burst makes Chromium close the
 * channel, so we wait for `bufferedamountlow` instead. Frames of concurrent messages are
 * sent round-robin so awareness and small edits keep flowing during a big first sync.
 */
import { ok, err, type Result } from '../../core/util/result';
import { DEFAULT_FRAME_BYTES, FRAME_HEADER_BYTES, frameCount, messageFrame } from './frame';

/** The part of RTCDataChannel the sender needs; the mesh and memory links adapt to it. */
export interface FrameChannel {
  send(bytes: Uint8Array): void;
  readonly bufferedAmount: number;
  bufferedAmountLowThreshold: number;
  onbufferedamountlow: (() => void) | null;
}

export interface FrameSenderOptions {
  /** Largest datagram handed to the channel, after `transform`. */
  readonly maxFrameBytes?: number;
  /** Never let the channel's own queue exceed this. Must be ≥ maxFrameBytes. */
  readonly highWaterBytes?: number;
  /** Applied to every frame before it is sent (the link seals each frame). */
  readonly transform?: (frame: Uint8Array) => Promise<Uint8Array>;
  /** Bytes `transform` adds, so frames still fit in maxFrameBytes afterwards. */
  readonly transformOverhead?: number;
  /**
   * Most messages interleaved at once; later ones wait their turn. Must stay below the
   * receiver's `maxInFlight` (16 by default) or a burst of big updates would be refused.
   */
  readonly maxInterleaved?: number;
}

export type SendError = 'closed' | 'send-failed';
export type SendProgress = (sentBytes: number, totalBytes: number) => void;

interface Job {
  readonly id: number;
  readonly message: Uint8Array;
  readonly count: number;
  next: number;
  /** A frame failed to send: the rest of the message is dropped. */
  failed?: boolean;
  readonly onProgress: SendProgress | undefined;
  readonly resolve: (r: Result<void, SendError>) => void;
}

/** Frames sealed ahead of the one being sent: few, so a small message (an edit) still overtakes a big one within ~4 frames. */
const SEAL_AHEAD = 3;

export class FrameSender {
  /** Messages being sent, round-robin. */
  private readonly queue: Job[] = [];
  /** Messages not started yet, FIFO. */
  private readonly waiting: Job[] = [];
  private readonly maxInterleaved: number;
  private readonly maxFrameBytes: number;
  private readonly highWater: number;
  private readonly payloadMax: number;
  private readonly transform: ((f: Uint8Array) => Promise<Uint8Array>) | undefined;
  private readonly overhead: number;
  private nextId = 1;
  private pumping = false;
  private closed = false;
  private wake: (() => void) | null = null;
  /** Largest datagram ever handed to the channel; tests assert on it. */
  maxSentBytes = 0;

  constructor(
    private readonly channel: FrameChannel,
    opts: FrameSenderOptions = {},
  ) {
    this.maxFrameBytes = opts.maxFrameBytes ?? DEFAULT_FRAME_BYTES;
    this.highWater = opts.highWaterBytes ?? 4 * this.maxFrameBytes;
    if (this.highWater < this.maxFrameBytes) throw new RangeError('highWaterBytes must be ≥ maxFrameBytes');
    this.payloadMax = this.maxFrameBytes - FRAME_HEADER_BYTES - (opts.transformOverhead ?? 0);
    if (this.payloadMax < 1) throw new RangeError('frame size leaves no room for payload');
    this.transform = opts.transform;
    this.overhead = opts.transformOverhead ?? 0;
    this.maxInterleaved = opts.maxInterleaved ?? 8;
    channel.bufferedAmountLowThreshold = Math.floor(this.highWater / 2);
    channel.onbufferedamountlow = () => this.wakeUp();
  }

  get queuedMessages(): number {
    return this.queue.length + this.waiting.length;
  }

  /** Resolves once every frame is handed to the channel (not when the peer has it). */
  send(message: Uint8Array, onProgress?: SendProgress): Promise<Result<void, SendError>> {
    if (this.closed) return Promise.resolve(err('closed'));
    const id = this.nextId;
    this.nextId = this.nextId === 0xffffffff ? 1 : this.nextId + 1;
    return new Promise((resolve) => {
      this.waiting.push({ id, message, count: frameCount(message.length, this.payloadMax), next: 0, onProgress, resolve });
      void this.pump();
    });
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const j of [...this.queue.splice(0), ...this.waiting.splice(0)]) j.resolve(err('closed'));
    this.channel.onbufferedamountlow = null;
    this.wakeUp();
  }

  private wakeUp(): void {
    const w = this.wake;
    this.wake = null;
    w?.();
  }

  private async waitForRoom(bytes: number): Promise<void> {
    while (!this.closed && this.channel.bufferedAmount + bytes > this.highWater) {
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        // The event only fires on a downward crossing; if that already happened, don't wait for it.
        if (this.channel.bufferedAmount <= this.channel.bufferedAmountLowThreshold) this.wakeUp();
      });
    }
  }

  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    // Frames are sealed up to SEAL_AHEAD ahead of sending: WebCrypto works on its own threads, and
    // sealing one frame at a time, each awaited, left the channel idle between frames (a first
    // sync of 56 MB ran at ~60 % of the channel's speed).
    const ahead: { job: Job; frame: Promise<Uint8Array> | Uint8Array; plainLength: number; last: boolean; sentBytes: number }[] = [];
    try {
      for (;;) {
        while (!this.closed && ahead.length < SEAL_AHEAD) {
          while (this.queue.length < this.maxInterleaved && this.waiting.length > 0) this.queue.push(this.waiting.shift()!);
          const job = this.queue.shift();
          if (job === undefined) break;
          const plain = messageFrame(job.id, job.message, job.next, this.payloadMax);
          job.next++;
          const last = job.next >= job.count;
          ahead.push({ job, frame: this.transform ? this.transform(plain) : plain, plainLength: plain.length, last, sentBytes: Math.min(job.message.length, job.next * this.payloadMax) });
          if (!last) this.queue.push(job); // round-robin: the next message's frame goes next
        }
        const f = ahead.shift();
        if (f === undefined || this.closed) break;
        if (f.job.failed) continue;
        await this.waitForRoom(f.plainLength + this.overhead);
        const frame = await f.frame;
        if (this.closed) {
          f.job.resolve(err('closed'));
          break;
        }
        try {
          this.channel.send(frame);
        } catch {
          f.job.failed = true;
          const i = this.queue.indexOf(f.job);
          if (i >= 0) this.queue.splice(i, 1);
          f.job.resolve(err('send-failed'));
          continue;
        }
        this.maxSentBytes = Math.max(this.maxSentBytes, frame.length);
        f.job.onProgress?.(f.sentBytes, f.job.message.length);
        if (f.last) f.job.resolve(ok(undefined));
      }
    } finally {
      for (const f of ahead) f.job.resolve(err('closed'));
      this.pumping = false;
    }
  }
}
