/**
 * Frame wire format. A Yjs message can be tens of MB, but a WebRTC data-channel message
 * over 256 KiB is silently dropped by Chromium, so every message travels as frames:
 *
 *   version u8 ‖ messageId u32 ‖ index u32 ‖ count u32 ‖ totalLength u32 ‖ payload
 *
 * All integers big-endian. The header is tiny next to a 64 KiB frame and carries enough to
 * validate each frame on its own (the receiver never trusts the sender's arithmetic).
 */
import { ok, err, type Result } from '../../core/util/result';

export const FRAME_VERSION = 1;
export const FRAME_HEADER_BYTES = 17;
/** Well under Chromium's 256 KiB cap, small enough to interleave chat-sized messages between. */
export const DEFAULT_FRAME_BYTES = 64 * 1024;

export interface FrameHeader {
  readonly messageId: number;
  readonly index: number;
  readonly count: number;
  readonly totalLength: number;
}

export interface Frame extends FrameHeader {
  readonly payload: Uint8Array;
}

export type FrameParseError = 'frame-too-short' | 'frame-bad-version' | 'frame-bad-header';

export function frameCount(totalLength: number, maxPayload: number): number {
  return Math.max(1, Math.ceil(totalLength / maxPayload));
}

export function encodeFrame(h: FrameHeader, payload: Uint8Array): Uint8Array {
  const out = new Uint8Array(FRAME_HEADER_BYTES + payload.length);
  const v = new DataView(out.buffer);
  v.setUint8(0, FRAME_VERSION);
  v.setUint32(1, h.messageId);
  v.setUint32(5, h.index);
  v.setUint32(9, h.count);
  v.setUint32(13, h.totalLength);
  out.set(payload, FRAME_HEADER_BYTES);
  return out;
}

/** Frame `index` of `message`, cut lazily so a 50 MB message is never copied into frames all at once. */
export function messageFrame(messageId: number, message: Uint8Array, index: number, maxPayload: number): Uint8Array {
  const count = frameCount(message.length, maxPayload);
  const start = index * maxPayload;
  return encodeFrame(
    { messageId, index, count, totalLength: message.length },
    message.subarray(start, Math.min(message.length, start + maxPayload)),
  );
}

/** Every frame of a message; convenient for tests and small messages. */
export function encodeMessage(messageId: number, message: Uint8Array, maxFrameBytes: number): Uint8Array[] {
  const maxPayload = payloadCapacity(maxFrameBytes);
  const count = frameCount(message.length, maxPayload);
  const out: Uint8Array[] = [];
  for (let i = 0; i < count; i++) out.push(messageFrame(messageId, message, i, maxPayload));
  return out;
}

export function payloadCapacity(maxFrameBytes: number): number {
  if (!Number.isInteger(maxFrameBytes) || maxFrameBytes <= FRAME_HEADER_BYTES) {
    throw new RangeError(`frame size ${maxFrameBytes} leaves no room for payload`);
  }
  return maxFrameBytes - FRAME_HEADER_BYTES;
}

export function decodeFrame(bytes: Uint8Array): Result<Frame, FrameParseError> {
  if (bytes.length < FRAME_HEADER_BYTES) return err('frame-too-short');
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (v.getUint8(0) !== FRAME_VERSION) return err('frame-bad-version');
  const messageId = v.getUint32(1);
  const index = v.getUint32(5);
  const count = v.getUint32(9);
  const totalLength = v.getUint32(13);
  const payload = bytes.subarray(FRAME_HEADER_BYTES);
  // Header checks that need no context: the rest is the reassembler's job.
  if (count === 0 || index >= count || payload.length > totalLength) return err('frame-bad-header');
  return ok({ messageId, index, count, totalLength, payload });
}
