export {
  encodeFrame,
  decodeFrame,
  encodeMessage,
  messageFrame,
  frameCount,
  payloadCapacity,
  DEFAULT_FRAME_BYTES,
  FRAME_HEADER_BYTES,
  type Frame,
  type FrameHeader,
  type FrameParseError,
} from './frame';
export { Reassembler, DEFAULT_LIMITS, type ReassemblerLimits, type ReassemblyError, type PushResult } from './reassembler';
export { FrameSender, type FrameChannel, type FrameSenderOptions, type SendError, type SendProgress } from './sender';
