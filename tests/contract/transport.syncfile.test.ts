/**
 * The transport contract run against sync files: a "courier" stands in for the person who
 * carries a file from one laptop to the other; `settle()` is one trip each way.
 */
import type * as Y from 'yjs';
import * as YY from 'yjs';
import { randomBytes } from '../../src/sync/crypto';
import { exportSyncFile, importSyncFile, sealSyncFile, type ImportError } from '../../src/sync/syncfile';
import { Emitter } from '../../src/sync/transport/emitter';
import type { ConnectOptions, SyncError, SyncEvents, SyncHandle, SyncStatus, Transport } from '../../src/sync/transport';
import { malformedUpdateMessage } from './transport.helpers';
import { runTransportContract, type ContractHarness } from './transport.contract';

const ERROR_KIND: Record<ImportError, SyncError['kind']> = {
  'not-a-syncfile': 'malformed-message',
  'unsupported-format': 'incompatible-protocol',
  'wrong-team': 'wrong-key',
  'wrong-key': 'wrong-key',
  corrupted: 'malformed-message',
  'newer-schema': 'peer-newer-schema',
};

interface Desk {
  doc: Y.Doc;
  opts: ConnectOptions;
  emitter: Emitter<SyncEvents>;
  readOnly: boolean;
  /** What we last learned the others have: send only deltas after the first trip. */
  known: Map<Desk, Uint8Array>;
}

class Courier {
  readonly desks = new Set<Desk>();

  transport(): Transport {
    return {
      connect: (doc, opts): SyncHandle => {
        const desk: Desk = { doc, opts, emitter: new Emitter(), readOnly: false, known: new Map() };
        this.desks.add(desk);
        let status: SyncStatus = 'offline';
        return {
          get status() {
            return status;
          },
          get readOnly() {
            return desk.readOnly;
          },
          peers: () => [],
          on: (e, fn) => desk.emitter.on(e, fn),
          close: () => {
            this.desks.delete(desk);
            status = 'closed';
          },
        };
      },
    };
  }

  async deliver(to: Desk, bytes: Uint8Array): Promise<void> {
    const r = await importSyncFile(to.doc, bytes, to.opts);
    if (r.ok) return;
    if (r.error === 'newer-schema') to.readOnly = true;
    to.emitter.emit('error', { kind: ERROR_KIND[r.error], detail: r.error });
  }

  async trip(): Promise<void> {
    for (const from of this.desks) {
      for (const to of this.desks) {
        if (from === to) continue;
        const since = from.known.get(to);
        const file = await exportSyncFile(from.doc, { ...from.opts, ...(since ? { since } : {}) });
        if (!file.ok) throw new Error(file.error);
        await this.deliver(to, file.value);
        from.known.set(to, YY.encodeStateVector(to.doc));
      }
    }
  }
}

function harness(): ContractHarness {
  const courier = new Courier();
  return {
    a: courier.transport(),
    b: courier.transport(),
    async inject(kind, keys, schemaVersion) {
      for (const desk of courier.desks) {
        const bytes =
          kind === 'garbage' ? randomBytes(400) : await sealSyncFile({ keys, schemaVersion }, 'full', malformedUpdateMessage());
        await courier.deliver(desk, bytes);
      }
    },
    settle: () => courier.trip(),
    close: () => courier.desks.clear(),
  };
}

runTransportContract('sync file', harness, { live: false });
