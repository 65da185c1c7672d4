import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  encodeFrame,
  encodeMessage,
  FRAME_HEADER_BYTES,
  FrameSender,
  Reassembler,
  type FrameChannel,
} from '../../src/sync/framing';

function reassembleAll(r: Reassembler, frames: Uint8Array[]): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (const f of frames) {
    const res = r.push(f);
    if (!res.ok) throw new Error(res.error);
    if (res.value.kind === 'complete') out.push(res.value.message);
  }
  return out;
}

describe('frames', () => {
  it('any message, any frame size: identical reassembly, frames within the limit', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 5000 }), fc.integer({ min: FRAME_HEADER_BYTES + 1, max: 600 }), (msg, max) => {
        const frames = encodeMessage(7, msg, max);
        for (const f of frames) expect(f.length).toBeLessThanOrEqual(max);
        const out = reassembleAll(new Reassembler(), frames);
        expect(out).toHaveLength(1);
        expect(Buffer.from(out[0]!).equals(Buffer.from(msg))).toBe(true);
      }),
    );
  });

  it('interleaved messages reassemble independently', () => {
    fc.assert(
      fc.property(
        fc.array(fc.uint8Array({ maxLength: 800 }), { minLength: 1, maxLength: 8 }),
        fc.integer({ min: FRAME_HEADER_BYTES + 1, max: 200 }),
        fc.infiniteStream(fc.nat()),
        (msgs, max, picks) => {
          const queues = msgs.map((m, i) => encodeMessage(i + 1, m, max));
          const wire: Uint8Array[] = [];
          const it = picks[Symbol.iterator]();
          // Random interleaving that keeps each message's own frames in order.
          while (queues.some((q) => q.length > 0)) {
            const live = queues.filter((q) => q.length > 0);
            const q = live[(it.next().value as number) % live.length]!;
            wire.push(q.shift()!);
          }
          const r = new Reassembler({ maxInFlight: 16 });
          const byId = new Map<number, Uint8Array>();
          for (const f of wire) {
            const res = r.push(f);
            if (!res.ok) throw new Error(res.error);
            if (res.value.kind === 'complete') byId.set(res.value.messageId, res.value.message);
          }
          msgs.forEach((m, i) => expect(Buffer.from(byId.get(i + 1)!).equals(Buffer.from(m))).toBe(true));
          expect(r.inFlight).toBe(0);
        },
      ),
    );
  });

  it('a duplicated or out-of-order frame is an error and does not disturb other messages', () => {
    const a = encodeMessage(1, new Uint8Array(1000).fill(1), 100);
    const b = encodeMessage(2, new Uint8Array(1000).fill(2), 100);
    const r = new Reassembler();
    expect(r.push(a[0]!).ok).toBe(true);
    expect(r.push(b[0]!).ok).toBe(true);
    expect(r.push(a[0]!)).toEqual({ ok: false, error: 'frame-duplicate' });
    expect(r.push(a[2]!)).toEqual({ ok: false, error: 'frame-out-of-order' });
    const out = reassembleAll(r, b.slice(1));
    expect(out).toHaveLength(1);
    expect(out[0]!.every((x) => x === 2)).toBe(true);
  });

  it('rejects absurd or inconsistent headers without allocating', () => {
    const r = new Reassembler({ maxMessageBytes: 1 << 20 });
    const hdr = (messageId: number, index: number, count: number, totalLength: number, n = 1) =>
      encodeFrame({ messageId, index, count, totalLength }, new Uint8Array(n));
    expect(r.push(new Uint8Array(3))).toEqual({ ok: false, error: 'frame-too-short' });
    expect(r.push(hdr(1, 0, 2, 0xffffffff))).toEqual({ ok: false, error: 'frame-too-large-message' });
    expect(r.push(hdr(1, 0, 0, 10))).toEqual({ ok: false, error: 'frame-bad-header' });
    expect(r.push(hdr(1, 5, 2, 10))).toEqual({ ok: false, error: 'frame-bad-header' });
    expect(r.push(hdr(1, 0, 50, 10))).toEqual({ ok: false, error: 'frame-inconsistent' });
    expect(r.push(hdr(1, 0, 1, 10))).toEqual({ ok: false, error: 'frame-length-mismatch' });
    const bad = hdr(1, 0, 1, 1);
    bad[0] = 99;
    expect(r.push(bad)).toEqual({ ok: false, error: 'frame-bad-version' });
    expect(r.push(hdr(2, 0, 2, 4, 1)).ok).toBe(true);
    expect(r.push(hdr(2, 1, 3, 4, 1))).toEqual({ ok: false, error: 'frame-inconsistent' });
    expect(r.inFlight).toBe(0);
  });

  it('frames whose payloads overshoot the declared total are rejected', () => {
    const r = new Reassembler();
    expect(r.push(encodeFrame({ messageId: 3, index: 0, count: 2, totalLength: 4 }, new Uint8Array(3))).ok).toBe(true);
    expect(r.push(encodeFrame({ messageId: 3, index: 1, count: 2, totalLength: 4 }, new Uint8Array(3)))).toEqual({
      ok: false,
      error: 'frame-length-mismatch',
    });
  });

  it('never crashes on random bytes', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 64 }), { maxLength: 30 }), (frames) => {
        const r = new Reassembler({ maxMessageBytes: 4096, maxInFlight: 4 });
        for (const f of frames) r.push(f);
        expect(r.inFlight).toBeLessThanOrEqual(4);
      }),
    );
  });

  it('caps messages in flight', () => {
    const r = new Reassembler({ maxInFlight: 2 });
    for (let id = 1; id <= 2; id++) expect(r.push(encodeMessage(id, new Uint8Array(10), 20)[0]!).ok).toBe(true);
    expect(r.push(encodeMessage(3, new Uint8Array(10), 20)[0]!)).toEqual({ ok: false, error: 'frame-too-many-in-flight' });
  });
});

/** A channel that drains `drainPerTick` bytes per macrotask, like a slow data channel. */
class SlowChannel implements FrameChannel {
  bufferedAmount = 0;
  bufferedAmountLowThreshold = 0;
  onbufferedamountlow: (() => void) | null = null;
  maxBuffered = 0;
  readonly delivered: Uint8Array[] = [];
  private queue: Uint8Array[] = [];
  constructor(private readonly drainPerTick: number) {}
  send(bytes: Uint8Array): void {
    this.queue.push(bytes);
    this.bufferedAmount += bytes.length;
    this.maxBuffered = Math.max(this.maxBuffered, this.bufferedAmount);
    setTimeout(() => this.drain(), 0);
  }
  private drain(): void {
    let budget = this.drainPerTick;
    while (budget > 0 && this.queue.length > 0) {
      const f = this.queue.shift()!;
      budget -= f.length;
      const before = this.bufferedAmount;
      this.bufferedAmount -= f.length;
      this.delivered.push(f);
      if (before > this.bufferedAmountLowThreshold && this.bufferedAmount <= this.bufferedAmountLowThreshold) {
        this.onbufferedamountlow?.();
      }
    }
    if (this.queue.length > 0) setTimeout(() => this.drain(), 0);
  }
}

describe('FrameSender', () => {
  it('never queues more than the high-water mark, and the receiver gets everything', async () => {
    const ch = new SlowChannel(3000);
    const sender = new FrameSender(ch, { maxFrameBytes: 1024, highWaterBytes: 4096 });
    const big = new Uint8Array(200_000).map((_, i) => i % 251);
    const small = new Uint8Array([1, 2, 3]);
    const progress: number[] = [];
    const [r1, r2] = await Promise.all([sender.send(big, (s) => progress.push(s)), sender.send(small)]);
    expect(r1.ok && r2.ok).toBe(true);
    expect(ch.maxBuffered).toBeLessThanOrEqual(4096);
    expect(sender.maxSentBytes).toBeLessThanOrEqual(1024);
    expect(progress.at(-1)).toBe(200_000);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    await new Promise((r) => setTimeout(r, 50));
    const out = reassembleAll(new Reassembler(), ch.delivered);
    expect(out.map((m) => m.length).sort((a, b) => a - b)).toEqual([3, 200_000]);
    // Round-robin: the small message must not wait behind all 200 frames of the big one.
    const smallAt = ch.delivered.findIndex((f) => f.length === FRAME_HEADER_BYTES + 3);
    expect(smallAt).toBeLessThan(5);
  });

  it('applies the transform to every frame and keeps frames within the limit after it', async () => {
    const ch = new SlowChannel(1 << 20);
    const sender = new FrameSender(ch, {
      maxFrameBytes: 500,
      transformOverhead: 10,
      transform: async (f) => new Uint8Array([...f, ...new Uint8Array(10)]),
    });
    expect((await sender.send(new Uint8Array(5000))).ok).toBe(true);
    expect(sender.maxSentBytes).toBe(500);
  });

  it('a burst of many big messages never exceeds what the receiver keeps in flight', async () => {
    const ch = new SlowChannel(1 << 20);
    const sender = new FrameSender(ch, { maxFrameBytes: 256, highWaterBytes: 1024 });
    const msgs = Array.from({ length: 40 }, (_, i) => new Uint8Array(2000).fill(i));
    const results = await Promise.all(msgs.map((m) => sender.send(m)));
    expect(results.every((r) => r.ok)).toBe(true);
    await new Promise((r) => setTimeout(r, 20));
    const r = new Reassembler(); // default maxInFlight 16
    let maxInFlight = 0;
    const out: Uint8Array[] = [];
    for (const f of ch.delivered) {
      const res = r.push(f);
      if (!res.ok) throw new Error(res.error);
      if (res.value.kind === 'complete') out.push(res.value.message);
      maxInFlight = Math.max(maxInFlight, r.inFlight);
    }
    expect(out).toHaveLength(40);
    expect(maxInFlight).toBeLessThanOrEqual(8);
    expect(out.map((m) => m[0]).sort((a, b) => a! - b!)).toEqual(msgs.map((_, i) => i));
  });

  it('close() fails pending sends with a value', async () => {
    const ch = new SlowChannel(0);
    const sender = new FrameSender(ch, { maxFrameBytes: 100, highWaterBytes: 200 });
    const p = sender.send(new Uint8Array(10_000));
    await new Promise((r) => setTimeout(r, 10));
    sender.close();
    expect(await p).toEqual({ ok: false, error: 'closed' });
    expect(await sender.send(new Uint8Array(1))).toEqual({ ok: false, error: 'closed' });
  });
});
