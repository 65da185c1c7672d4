/**
 * The shared half of every live transport: owns the sessions for one doc, forwards local
 * doc and awareness changes to them, and folds their states into one handle for the UI.
 * A transport only decides how links appear (`addLink`) and reports its own trouble.
 */
import type * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import { Emitter } from './emitter';
import { PeerSession, type SessionHost } from './session';
import type { ConnectOptions, PeerInfo, PeerLink, SyncError, SyncEvents, SyncHandle, SyncProgress, SyncStatus } from './types';

export interface SyncEngine {
  readonly handle: SyncHandle;
  addLink(link: PeerLink): PeerSession;
  /** Transport-level state: true while looking for peers (e.g. signaling not yet open). */
  setConnecting(connecting: boolean): void;
  reportError(e: SyncError): void;
  /** Called once when the app closes the handle, before sessions are torn down. */
  onClose(fn: () => void): void;
  sessions(): readonly PeerSession[];
}

type AwarenessChange = { added: number[]; updated: number[]; removed: number[] };

export function createSyncEngine(doc: Y.Doc, opts: ConnectOptions): SyncEngine {
  const emitter = new Emitter<SyncEvents>();
  const sessions = new Set<PeerSession>();
  const closers: (() => void)[] = [];
  // Updates we applied from peers carry this origin and are not sent on again by this engine
  // (the mesh is full, every peer has its own link). Other engines (say in-person next to
  // mesh) see a foreign origin and do forward: that is how the two bridge.
  const origin = { engine: 'kartoteka-sync' };
  let connecting = false;
  let readOnly = false;
  let closed = false;
  let status: SyncStatus = 'offline';

  const computeStatus = (): SyncStatus => {
    if (closed) return 'closed';
    const live = [...sessions].filter((s) => s.state !== 'rejected');
    if (live.length === 0) return connecting ? 'connecting' : 'offline';
    return live.every((s) => s.state === 'synced') ? 'synced' : 'syncing';
  };
  const refresh = (): void => {
    const next = computeStatus();
    if (next !== status) {
      status = next;
      emitter.emit('status', status);
    }
  };
  const peers = (): readonly PeerInfo[] => [...sessions].map((s) => s.info());

  const host: SessionHost = {
    doc,
    opts,
    origin,
    changed: () => {
      emitter.emit('peers', peers());
      refresh();
    },
    progress: (p: SyncProgress) => emitter.emit('progress', p),
    error: (e: SyncError) => {
      if (e.kind === 'peer-newer-schema') readOnly = true;
      emitter.emit('error', e);
    },
  };

  const onUpdate = (update: Uint8Array, o: unknown): void => {
    if (o === origin) return;
    for (const s of sessions) s.sendUpdate(update);
  };
  doc.on('update', onUpdate);

  const aw = opts.awareness;
  const onAwareness = (change: AwarenessChange, o: unknown): void => {
    if (!aw || o === origin) return;
    const clients = [...change.added, ...change.updated, ...change.removed];
    const update = awarenessProtocol.encodeAwarenessUpdate(aw, clients);
    for (const s of sessions) s.sendAwareness(update);
  };
  aw?.on('update', onAwareness);

  const removeSession = (s: PeerSession): void => {
    if (!sessions.delete(s)) return;
    s.close();
    if (aw && s.awarenessClients.size > 0) {
      awarenessProtocol.removeAwarenessStates(aw, [...s.awarenessClients], origin);
    }
    emitter.emit('peers', peers());
    refresh();
  };

  const handle: SyncHandle = {
    get status() {
      return status;
    },
    get readOnly() {
      return readOnly;
    },
    peers,
    on: (event, fn) => emitter.on(event, fn),
    close: () => {
      if (closed) return;
      // Mark closed first so tearing sessions down reports 'closed', not a passing 'offline'.
      closed = true;
      for (const fn of closers) fn();
      for (const s of [...sessions]) removeSession(s);
      doc.off('update', onUpdate);
      aw?.off('update', onAwareness);
      refresh();
      emitter.clear();
    },
  };

  return {
    handle,
    addLink(link) {
      const s = new PeerSession(link, host);
      if (closed) {
        s.close();
        return s;
      }
      sessions.add(s);
      link.onclose = () => removeSession(s);
      emitter.emit('peers', peers());
      refresh();
      s.start();
      return s;
    },
    setConnecting(c) {
      connecting = c;
      refresh();
    },
    reportError: host.error,
    onClose: (fn) => closers.push(fn),
    sessions: () => [...sessions],
  };
}
