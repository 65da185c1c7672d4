/**
 * In-person sync: two laptops side by side, no server. The offerer shows a code (QR),
 * the answerer scans it and shows its own, the offerer scans that. Non-trickle ICE, so each
 * code carries all candidates. Before any Yjs data flows, each side sends a key-possession
 * proof bound to both DTLS fingerprints (see proof.ts) and checks the other's.
 *
 * Create the RTCPeerConnection after camera permission is granted where possible: Chromium
 * then lists raw addresses, which work where mDNS is blocked (notes/in-person-pairing.md).
 */
import type * as Y from 'yjs';
import { ok, err, type Result } from '../../core/util/result';
import { buf } from '../crypto/bytes';
import { createSyncEngine, type SyncEngine } from '../transport/engine';
import type { ConnectOptions, SyncHandle } from '../transport/types';
import { DataChannelLink } from '../mesh/datachannel-link';
import { pairingProof, verifyPairingProof, type PairingRole } from './proof';
import {
  decodePairingCode,
  encodePairingCode,
  extractFingerprint,
  minimiseSdp,
  rebuildSdp,
  type PairingCodeError,
  type SdpKind,
} from './sdp';

export interface InPersonDeps {
  createPeerConnection(config: RTCConfiguration): RTCPeerConnection;
}

export interface InPersonOptions extends ConnectOptions {
  /** Offerer: how long after applying the answer before we give up (success takes < 0.5 s). */
  readonly connectTimeoutMs?: number;
  /** Answerer: how long we wait for the offerer to scan our code (a person walking over). */
  readonly answerWaitMs?: number;
  /** ICE gathering is local and quick; this only guards against a stuck browser. */
  readonly gatherTimeoutMs?: number;
}

export type InPersonError = PairingCodeError | 'wrong-code-kind' | 'gather-timeout' | 'webrtc-error';

export interface OfferSide {
  /** Show this as a QR code / text. */
  readonly code: string;
  readonly handle: SyncHandle;
  acceptAnswer(answerCode: string): Promise<Result<void, InPersonError>>;
}

export interface AnswerSide {
  readonly code: string;
  readonly handle: SyncHandle;
}

export async function startOffer(deps: InPersonDeps, doc: Y.Doc, opts: InPersonOptions): Promise<Result<OfferSide, InPersonError>> {
  const conn = new InPersonConnection(deps, doc, opts, 'offerer');
  const code = await conn.localCode(() => conn.pc.createOffer(), 'offer');
  if (!code.ok) return conn.abort(code.error);
  return ok({
    code: code.value,
    handle: conn.engine.handle,
    acceptAnswer: async (answerCode) => {
      const r = await conn.applyRemote(answerCode, 'answer');
      if (r.ok) conn.armTimeout(opts.connectTimeoutMs ?? 10_000);
      return r;
    },
  });
}

export async function answerOffer(
  deps: InPersonDeps,
  doc: Y.Doc,
  opts: InPersonOptions,
  offerCode: string,
): Promise<Result<AnswerSide, InPersonError>> {
  const conn = new InPersonConnection(deps, doc, opts, 'answerer');
  const applied = await conn.applyRemote(offerCode, 'offer');
  if (!applied.ok) return conn.abort(applied.error);
  const code = await conn.localCode(() => conn.pc.createAnswer(), 'answer');
  if (!code.ok) return conn.abort(code.error);
  conn.armTimeout(opts.answerWaitMs ?? 5 * 60_000);
  return ok({ code: code.value, handle: conn.engine.handle });
}

class InPersonConnection {
  readonly pc: RTCPeerConnection;
  readonly engine: SyncEngine;
  private readonly dc: RTCDataChannel;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private linked = false;
  private done = false;
  /** This side's setLocalDescription / setRemoteDescription calls (the handshake waits for them). */
  private readonly described: Promise<void>[] = [];

  constructor(
    deps: InPersonDeps,
    doc: Y.Doc,
    private readonly opts: InPersonOptions,
    private readonly role: PairingRole,
  ) {
    this.engine = createSyncEngine(doc, opts);
    this.engine.setConnecting(true);
    this.pc = deps.createPeerConnection({ iceServers: [] });
    this.dc = this.pc.createDataChannel('kartoteka', { negotiated: true, id: 0, ordered: true });
    this.dc.binaryType = 'arraybuffer';
    this.dc.onopen = () => void this.handshake();
    this.engine.onClose(() => this.shutdown());
  }

  abort<T>(e: InPersonError): Result<T, InPersonError> {
    this.engine.handle.close();
    return err(e);
  }

  armTimeout(ms: number): void {
    if (this.timer) clearTimeout(this.timer);
    // With unresolvable mDNS names nothing ever fires: only our own timer tells the user.
    this.timer = setTimeout(() => {
      if (this.linked || this.done) return;
      this.engine.reportError({ kind: 'link-failed', detail: 'timeout' });
      this.engine.setConnecting(false);
      this.shutdown();
    }, ms);
  }

  async localCode(create: () => Promise<RTCSessionDescriptionInit>, kind: SdpKind): Promise<Result<string, InPersonError>> {
    try {
      const set = this.pc.setLocalDescription(await create());
      this.described.push(set);
      await set;
    } catch {
      return err('webrtc-error');
    }
    if (!(await this.gathered())) return err('gather-timeout');
    const sdp = this.pc.localDescription?.sdp;
    if (!sdp) return err('webrtc-error');
    const min = minimiseSdp(sdp, kind);
    return min.ok ? ok(encodePairingCode(min.value)) : min;
  }

  async applyRemote(code: string, kind: SdpKind): Promise<Result<void, InPersonError>> {
    const decoded = decodePairingCode(code);
    if (!decoded.ok) return decoded;
    if (decoded.value.kind !== kind) return err('wrong-code-kind');
    try {
      const set = this.pc.setRemoteDescription({ type: kind, sdp: rebuildSdp(decoded.value) });
      this.described.push(set);
      await set;
      return ok(undefined);
    } catch {
      return err('webrtc-error');
    }
  }

  private gathered(): Promise<boolean> {
    if (this.pc.iceGatheringState === 'complete') return Promise.resolve(true);
    return new Promise((resolve) => {
      const t = setTimeout(() => resolve(false), this.opts.gatherTimeoutMs ?? 5_000);
      this.pc.onicegatheringstatechange = () => {
        if (this.pc.iceGatheringState !== 'complete') return;
        clearTimeout(t);
        resolve(true);
      };
    });
  }

  private async handshake(): Promise<void> {
    // The peer may pass our check first and start syncing: hold its frames until we are done.
    const early: Uint8Array[] = [];
    let proof: Uint8Array | null = null;
    let gotProof: (() => void) | null = null;
    this.dc.onmessage = (ev: MessageEvent) => {
      if (!(ev.data instanceof ArrayBuffer)) return;
      const bytes = new Uint8Array(ev.data);
      if (proof === null) {
        proof = bytes;
        gotProof?.();
      } else early.push(bytes);
    };
    // On a busy laptop the channel can open before this page has seen its own description calls
    // complete (the descriptions still empty: "no fingerprints", seen in 1 of ~10 e2e runs under load).
    await Promise.allSettled(this.described);
    if (this.done) return;
    const local = extractFingerprint(this.pc.localDescription?.sdp ?? '');
    const remote = extractFingerprint(this.pc.remoteDescription?.sdp ?? '');
    if (!local.ok || !remote.ok) return this.fail('link-failed', 'no fingerprints');
    const [offerFp, answerFp] = this.role === 'offerer' ? [local.value, remote.value] : [remote.value, local.value];
    const peerRole: PairingRole = this.role === 'offerer' ? 'answerer' : 'offerer';
    try {
      this.dc.send(buf(await pairingProof(this.opts.keys, this.role, offerFp, answerFp)));
    } catch {
      return this.fail('link-failed', 'could not send proof');
    }
    if (proof === null) await new Promise<void>((r) => (gotProof = r));
    if (this.done) return;
    const theirs: Uint8Array = proof ?? new Uint8Array(0);
    if (!(await verifyPairingProof(this.opts.keys, peerRole, offerFp, answerFp, theirs))) {
      return this.fail('wrong-key', 'pairing proof did not verify');
    }
    this.linked = true;
    if (this.timer) clearTimeout(this.timer);
    this.engine.setConnecting(false);
    const link = new DataChannelLink('in-person', this.dc, () => this.shutdown());
    this.engine.addLink(link);
    for (const b of early) link.onmessage?.(b);
  }

  private fail(kind: 'wrong-key' | 'link-failed', detail: string): void {
    this.engine.reportError({ kind, detail });
    this.engine.setConnecting(false);
    this.shutdown();
  }

  private shutdown(): void {
    if (this.done) return;
    this.done = true;
    if (this.timer) clearTimeout(this.timer);
    try {
      this.dc.close();
      this.pc.close();
    } catch {
      /* already closed */
    }
  }
}
