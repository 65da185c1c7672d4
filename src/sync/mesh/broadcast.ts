/**
 * Same-browser tabs find each other over a BroadcastChannel named after the room. Frames
 * are still sealed by the session above, so other same-origin code that listens learns nothing.
 * A BroadcastChannel has no send buffer to watch, so bufferedAmount is always 0.
 */
import type { PeerLink } from '../transport/types';
import type { BroadcastChannelLike } from './deps';

export type BcMessage =
  | { readonly type: 'announce'; readonly from: string; readonly to?: string }
  | { readonly type: 'bye'; readonly from: string }
  | { readonly type: 'data'; readonly from: string; readonly to: string; readonly bytes: Uint8Array };

const isId = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= 128;

export function parseBcMessage(v: unknown): BcMessage | null {
  if (typeof v !== 'object' || v === null) return null;
  const o = v as Record<string, unknown>;
  if (!isId(o.from)) return null;
  if (o.type === 'announce') return o.to === undefined ? { type: 'announce', from: o.from } : isId(o.to) ? { type: 'announce', from: o.from, to: o.to } : null;
  if (o.type === 'bye') return { type: 'bye', from: o.from };
  if (o.type === 'data' && isId(o.to) && o.bytes instanceof Uint8Array) return { type: 'data', from: o.from, to: o.to, bytes: o.bytes };
  return null;
}

export class BroadcastLink implements PeerLink {
  readonly bufferedAmount = 0;
  bufferedAmountLowThreshold = 0;
  onbufferedamountlow: (() => void) | null = null;
  onmessage: ((bytes: Uint8Array) => void) | null = null;
  onclose: (() => void) | null = null;
  private closed = false;

  constructor(
    readonly remoteId: string,
    private readonly localId: string,
    private readonly bc: BroadcastChannelLike,
  ) {}

  send(bytes: Uint8Array): void {
    if (this.closed) throw new Error('InvalidStateError: link closed');
    this.bc.postMessage({ type: 'data', from: this.localId, to: this.remoteId, bytes });
  }

  deliver(bytes: Uint8Array): void {
    if (!this.closed) this.onmessage?.(bytes);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.onclose?.();
  }
}
