/** RTCDataChannel → PeerLink. Non-binary messages are ignored: our peers only send frames. */
import { buf } from '../crypto/bytes';
import type { PeerLink } from '../transport/types';

export class DataChannelLink implements PeerLink {
  onmessage: ((bytes: Uint8Array) => void) | null = null;
  onclose: (() => void) | null = null;
  private lowHandler: (() => void) | null = null;
  private closed = false;

  constructor(
    readonly remoteId: string,
    private readonly dc: RTCDataChannel,
    private readonly onTeardown: () => void,
  ) {
    dc.binaryType = 'arraybuffer';
    dc.onmessage = (ev: MessageEvent) => {
      if (ev.data instanceof ArrayBuffer) this.onmessage?.(new Uint8Array(ev.data));
    };
    dc.onbufferedamountlow = () => this.lowHandler?.();
    dc.onclose = () => this.close();
  }

  get bufferedAmount(): number {
    return this.dc.bufferedAmount;
  }
  get bufferedAmountLowThreshold(): number {
    return this.dc.bufferedAmountLowThreshold;
  }
  set bufferedAmountLowThreshold(v: number) {
    this.dc.bufferedAmountLowThreshold = v;
  }
  get onbufferedamountlow(): (() => void) | null {
    return this.lowHandler;
  }
  set onbufferedamountlow(fn: (() => void) | null) {
    this.lowHandler = fn;
  }

  send(bytes: Uint8Array): void {
    this.dc.send(buf(bytes));
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.dc.onmessage = null;
    this.dc.onbufferedamountlow = null;
    this.dc.onclose = null;
    try {
      this.dc.close();
    } catch {
      /* already closed */
    }
    this.onTeardown();
    this.onclose?.();
  }
}
