/**
 * Rebuilds messages from frames. Frames of different messages may interleave (the sender
 * round-robins so a small update is not stuck behind a 50 MB first sync), but frames of one
 * message must arrive in order: the channels we use are reliable and ordered, so a gap or a
 * repeat means a bug or an attack, and the message is dropped rather than guessed at.
 * An error only ever discards the one message it concerns.
 */
import { ok, err, type Result } from '../../core/util/result';
import { decodeFrame, type FrameParseError } from './frame';

export interface ReassemblerLimits {
  /** Biggest message we accept (the whole base is ≈ 50 MB today). */
  readonly maxMessageBytes: number;
  /** Most frames per message; bounds the work a hostile header can ask for. */
  readonly maxFrameCount: number;
  /** Most messages in flight at once; bounds memory. */
  readonly maxInFlight: number;
}

export const DEFAULT_LIMITS: ReassemblerLimits = {
  maxMessageBytes: 512 * 1024 * 1024,
  maxFrameCount: 1 << 20,
  maxInFlight: 16,
};

export type ReassemblyError =
  | FrameParseError
  | 'frame-too-large-message'
  | 'frame-too-many'
  | 'frame-too-many-in-flight'
  | 'frame-out-of-order'
  | 'frame-duplicate'
  | 'frame-inconsistent'
  | 'frame-length-mismatch';

export type PushResult =
  | { readonly kind: 'partial'; readonly messageId: number; readonly received: number; readonly total: number }
  | { readonly kind: 'complete'; readonly messageId: number; readonly message: Uint8Array };

interface Pending {
  readonly count: number;
  readonly totalLength: number;
  readonly buffer: Uint8Array;
  next: number;
  received: number;
}

export class Reassembler {
  private readonly pending = new Map<number, Pending>();
  private readonly limits: ReassemblerLimits;

  constructor(limits: Partial<ReassemblerLimits> = {}) {
    this.limits = { ...DEFAULT_LIMITS, ...limits };
  }

  get inFlight(): number {
    return this.pending.size;
  }

  push(bytes: Uint8Array): Result<PushResult, ReassemblyError> {
    const parsed = decodeFrame(bytes);
    if (!parsed.ok) return parsed;
    const f = parsed.value;
    if (f.totalLength > this.limits.maxMessageBytes) return this.fail(f.messageId, 'frame-too-large-message');
    if (f.count > this.limits.maxFrameCount) return this.fail(f.messageId, 'frame-too-many');
    // More frames than bytes is only possible for the single empty frame of an empty message.
    if (f.count > Math.max(1, f.totalLength)) return this.fail(f.messageId, 'frame-inconsistent');

    let p = this.pending.get(f.messageId);
    if (p === undefined) {
      if (f.index !== 0) return err('frame-out-of-order');
      if (f.count === 1) {
        if (f.payload.length !== f.totalLength) return err('frame-length-mismatch');
        return ok({ kind: 'complete', messageId: f.messageId, message: f.payload.slice() });
      }
      if (this.pending.size >= this.limits.maxInFlight) return err('frame-too-many-in-flight');
      p = { count: f.count, totalLength: f.totalLength, buffer: new Uint8Array(f.totalLength), next: 0, received: 0 };
      this.pending.set(f.messageId, p);
    } else {
      if (f.count !== p.count || f.totalLength !== p.totalLength) return this.fail(f.messageId, 'frame-inconsistent');
      if (f.index < p.next) return this.fail(f.messageId, 'frame-duplicate');
      if (f.index > p.next) return this.fail(f.messageId, 'frame-out-of-order');
    }
    if (p.received + f.payload.length > p.totalLength) return this.fail(f.messageId, 'frame-length-mismatch');
    p.buffer.set(f.payload, p.received);
    p.received += f.payload.length;
    p.next++;
    if (p.next < p.count) {
      return ok({ kind: 'partial', messageId: f.messageId, received: p.received, total: p.totalLength });
    }
    this.pending.delete(f.messageId);
    if (p.received !== p.totalLength) return err('frame-length-mismatch');
    return ok({ kind: 'complete', messageId: f.messageId, message: p.buffer });
  }

  /** Drop every partial message (the link went away). */
  reset(): void {
    this.pending.clear();
  }

  private fail(messageId: number, e: ReassemblyError): Result<never, ReassemblyError> {
    this.pending.delete(messageId);
    return err(e);
  }
}
