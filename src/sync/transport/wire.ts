/**
 * Message layer inside a link (after decryption and reassembly):
 *   varUint kind ‖ body
 * kind 0 = y-protocols sync message, 1 = awareness update (same numbers as y-websocket),
 * kind 16 = hello. Every decoder here validates fully before anything touches the doc,
 * because lib0/Yjs decoders throw half way and Yjs may already have applied part.
 */
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import { ok, err, type Result } from '../../core/util/result';

export const PROTOCOL_VERSION = 1;
export const MSG_SYNC = 0;
export const MSG_AWARENESS = 1;
export const MSG_HELLO = 16;

export const SYNC_STEP1 = 0;
export const SYNC_STEP2 = 1;
export const SYNC_UPDATE = 2;

export interface Hello {
  readonly protocol: number;
  readonly schemaVersion: number;
}

export type WireMessage =
  | { readonly kind: 'hello'; readonly hello: Hello }
  | { readonly kind: 'sync-step1'; readonly stateVector: Uint8Array }
  | { readonly kind: 'sync-step2'; readonly update: Uint8Array }
  | { readonly kind: 'sync-update'; readonly update: Uint8Array }
  | { readonly kind: 'awareness'; readonly update: Uint8Array; readonly clients: readonly number[] };

export function encodeHello(hello: Hello): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MSG_HELLO);
  encoding.writeVarUint(e, hello.protocol);
  encoding.writeVarUint(e, hello.schemaVersion);
  return encoding.toUint8Array(e);
}

export function encodeSync(type: typeof SYNC_STEP1 | typeof SYNC_STEP2 | typeof SYNC_UPDATE, payload: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MSG_SYNC);
  encoding.writeVarUint(e, type);
  encoding.writeVarUint8Array(e, payload);
  return encoding.toUint8Array(e);
}

export function encodeAwareness(update: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MSG_AWARENESS);
  encoding.writeVarUint8Array(e, update);
  return encoding.toUint8Array(e);
}

/** Client ids in an awareness update, or an error if any entry is malformed. */
function parseAwareness(update: Uint8Array): Result<number[], string> {
  const d = decoding.createDecoder(update);
  const n = decoding.readVarUint(d);
  if (n > 10_000) return err('awareness-too-many-clients');
  const clients: number[] = [];
  for (let i = 0; i < n; i++) {
    clients.push(decoding.readVarUint(d));
    decoding.readVarUint(d);
    JSON.parse(decoding.readVarString(d));
  }
  if (decoding.hasContent(d)) return err('awareness-trailing-bytes');
  return ok(clients);
}

export function decodeWire(bytes: Uint8Array): Result<WireMessage, string> {
  try {
    const d = decoding.createDecoder(bytes);
    const kind = decoding.readVarUint(d);
    let msg: WireMessage;
    if (kind === MSG_HELLO) {
      const protocol = decoding.readVarUint(d);
      const schemaVersion = decoding.readVarUint(d);
      msg = { kind: 'hello', hello: { protocol, schemaVersion } };
    } else if (kind === MSG_SYNC) {
      const type = decoding.readVarUint(d);
      const payload = decoding.readVarUint8Array(d);
      if (type === SYNC_STEP1) {
        Y.decodeStateVector(payload);
        msg = { kind: 'sync-step1', stateVector: payload };
      } else if (type === SYNC_STEP2 || type === SYNC_UPDATE) {
        // Walks every struct and the delete set: throws on malformed input before we apply.
        Y.parseUpdateMeta(payload);
        msg = { kind: type === SYNC_STEP2 ? 'sync-step2' : 'sync-update', update: payload };
      } else {
        return err(`unknown-sync-type-${type}`);
      }
    } else if (kind === MSG_AWARENESS) {
      const update = decoding.readVarUint8Array(d);
      const clients = parseAwareness(update);
      if (!clients.ok) return clients;
      msg = { kind: 'awareness', update, clients: clients.value };
    } else {
      return err(`unknown-message-kind-${kind}`);
    }
    if (decoding.hasContent(d)) return err('trailing-bytes');
    return ok(msg);
  } catch (e) {
    return err(`undecodable: ${e instanceof Error ? e.message : String(e)}`);
  }
}
