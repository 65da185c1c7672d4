/**
 * This laptop's membership of a team and its live sync. The team key never enters the Y.Doc
 * (backups and sync files must not carry it); it is kept in this browser's localStorage, like a
 * saved Wi-Fi password. The team's signaling servers are shared through the doc's settings.
 */
import { Awareness } from 'y-protocols/awareness';
import { base } from '../../state/base.svelte';
import { SCHEMA_VERSION } from '../../../core/schema/version';
import { generateTeam, encodeInvite, decodeInvite, deriveTeamKeys, toBase64Url, fromBase64Url, type TeamKeys, type TeamSecret } from '../../../sync/crypto';
import { createMeshTransport, browserMeshDeps } from '../../../sync/mesh';
import type { PeerInfo, SyncError, SyncHandle, SyncStatus } from '../../../sync/transport';
import { WebsocketProvider } from 'y-websocket';
import { sha256 } from '@noble/hashes/sha2.js';

const KEY = 'kartoteka.team';

interface Stored { teamId: string; teamKey: string; autoConnect: boolean }

function load(): TeamSecret | null {
  try {
    const s = JSON.parse(localStorage.getItem(KEY) ?? 'null') as Stored | null;
    if (!s) return null;
    const k = fromBase64Url(s.teamKey);
    return k.ok ? { teamId: s.teamId, teamKey: k.value } : null;
  } catch { return null; }
}

const LAST_BY_MEMBER = 'kartoteka.lastSyncByMember';
/** When this laptop last finished syncing with each member (for storage health in settings). */
export function lastSyncByMember(): Record<string, string> {
  try { const v = JSON.parse(localStorage.getItem(LAST_BY_MEMBER) ?? '{}') as unknown; return v && typeof v === 'object' ? (v as Record<string, string>) : {}; } catch { return {}; }
}

export interface Viewer { name: string; colour: string; clientId: string; editing: boolean }

class TeamSync {
  team = $state<TeamSecret | null>(load());
  status = $state<SyncStatus>('offline');
  peers = $state<readonly PeerInfo[]>([]);
  error = $state<SyncError | null>(null);
  progress = $state<{ bytes: number; total: number } | null>(null);
  lastSync = $state<string>(localStorage.getItem('kartoteka.lastSync') ?? '');
  viewers = $state<Viewer[]>([]);
  /** Members whose laptops are connected right now (from awareness). */
  online = $state<{ member: string; name: string; colour: string }[]>([]);
  relayStatus = $state<'off' | 'connecting' | 'connected' | 'disconnected'>('off');
  private relay: WebsocketProvider | null = null;
  /** A live connection is set up (it may still have no peers: status 'offline' then means "waiting"). */
  active = $state(false);
  keys: TeamKeys | null = null;
  awareness: Awareness | null = null;
  private handle: SyncHandle | null = null;

  get invite(): string { return this.team ? encodeInvite(this.team) : ''; }
  /** Servers from the shared base plus those that came with this laptop's invite link. */
  get signalingUrls(): string[] {
    const local = JSON.parse(localStorage.getItem('kartoteka.signaling') ?? '[]') as unknown;
    const extra = Array.isArray(local) ? local.filter((s): s is string => typeof s === 'string') : [];
    return [...new Set([...base.settings.signalingServers, ...extra])];
  }

  private save(t: TeamSecret | null): void {
    this.team = t;
    if (t) localStorage.setItem(KEY, JSON.stringify({ teamId: t.teamId, teamKey: toBase64Url(t.teamKey), autoConnect: true } satisfies Stored));
    else localStorage.removeItem(KEY);
  }

  create(): void { this.save(generateTeam()); void this.connect(); }

  join(code: string, servers: string[] = []): string | null {
    const r = decodeInvite(code);
    if (!r.ok) return r.error;
    localStorage.setItem('kartoteka.signaling', JSON.stringify(servers.filter((s) => /^wss?:\/\//.test(s))));
    this.disconnect();
    this.save(r.value);
    void this.connect();
    return null;
  }

  /**
   * Removing a member = a new key. Everyone who stays gets a new invite; the removed laptop
   * keeps what it had but can no longer read or write anything new.
   */
  rotate(): void {
    if (!this.team) return;
    this.disconnect();
    this.save({ teamId: this.team.teamId, teamKey: generateTeam().teamKey });
    void this.connect();
  }

  leave(): void { this.disconnect(); this.save(null); }

  async connect(): Promise<void> {
    if (!this.team || this.handle) return;
    this.keys = await deriveTeamKeys(this.team);
    this.awareness = new Awareness(base.doc);
    const me = base.members.find((m) => m.id === base.me);
    this.awareness.setLocalStateField('user', { name: me?.name ?? '', colour: me?.colour ?? '#888888', member: base.me });
    this.awareness.on('change', () => this.readViewers());
    const transport = createMeshTransport(browserMeshDeps(), { signalingUrls: this.signalingUrls });
    const h = transport.connect(base.doc, { keys: this.keys, schemaVersion: SCHEMA_VERSION, awareness: this.awareness });
    this.handle = h;
    this.active = true;
    this.status = h.status;
    h.on('status', (s) => {
      this.status = s;
      if (s === 'synced') {
        this.lastSync = new Date().toISOString();
        localStorage.setItem('kartoteka.lastSync', this.lastSync);
        this.progress = null;
        const seen = lastSyncByMember();
        for (const st of this.awareness?.getStates().values() ?? []) {
          const member = (st as { user?: { member?: unknown } }).user?.member;
          if (typeof member === 'string' && member !== base.me) seen[member] = this.lastSync;
        }
        localStorage.setItem(LAST_BY_MEMBER, JSON.stringify(seen));
      }
    });
    h.on('peers', (p) => { this.peers = p; });
    h.on('error', (e) => {
      this.error = e;
      if (e.kind === 'peer-newer-schema') base.readOnly = true;
    });
    this.startRelay();
    // A first sync reports every 64 KB frame (~900 for a big base): the bar moves at most 10×/s, so
    // the page spends its time taking frames in, not re-rendering (it cost ~0.3 s of main thread).
    let shownAt = 0;
    h.on('progress', (p) => {
      if (p.direction !== 'in') return;
      const done = !(p.total > 0 && p.bytes < p.total);
      const now = performance.now();
      if (!done && this.progress && now - shownAt < 100) return;
      shownAt = now;
      this.progress = done ? null : { bytes: p.bytes, total: p.total };
    });
  }

  /**
   * The optional y-websocket relay speaks plain Yjs: its operator can read the base. The room name
   * is derived from the team key, so other users of the same relay cannot find the team's room.
   */
  private startRelay(): void {
    const url = base.settings.relayUrl;
    if (!url || !this.team || !this.awareness) return;
    const tag = new TextEncoder().encode('kartoteka-relay/v1');
    const material = new Uint8Array(this.team.teamKey.length + tag.length);
    material.set(this.team.teamKey, 0);
    material.set(tag, this.team.teamKey.length);
    const room = [...sha256(material)].map((b) => b.toString(16).padStart(2, '0')).join('');
    this.relayStatus = 'connecting';
    this.relay = new WebsocketProvider(url, room, base.doc, { awareness: this.awareness });
    this.relay.on('status', (e: { status: string }) => { this.relayStatus = e.status === 'connected' ? 'connected' : e.status === 'connecting' ? 'connecting' : 'disconnected'; });
  }

  disconnect(): void {
    this.relay?.destroy();
    this.relay = null;
    this.relayStatus = 'off';
    this.handle?.close();
    this.handle = null;
    this.active = false;
    this.awareness?.destroy();
    this.awareness = null;
    this.status = 'offline';
    this.peers = [];
  }

  /** Tells the team which client this laptop has open (presence on the card). */
  setViewing(clientId: string, editing = false): void {
    this.awareness?.setLocalStateField('viewing', clientId ? { clientId, editing } : null);
  }

  private readViewers(): void {
    const out: Viewer[] = [];
    const a = this.awareness;
    if (!a) return;
    // A local scratch map (not state): only the array assigned below is reactive.
    // eslint-disable-next-line svelte/prefer-svelte-reactivity
    const online = new Map<string, { member: string; name: string; colour: string }>();
    for (const [cid, st] of a.getStates()) {
      if (cid === a.clientID) continue;
      const u = (st as { user?: { member?: unknown; name?: unknown; colour?: unknown } }).user;
      if (u && typeof u.member === 'string' && typeof u.name === 'string') online.set(u.member, { member: u.member, name: u.name, colour: typeof u.colour === 'string' ? u.colour : '#888888' });
    }
    this.online = [...online.values()];
    for (const [cid, st] of a.getStates()) {
      if (cid === a.clientID) continue;
      const s = st as { user?: { name?: unknown; colour?: unknown }; viewing?: { clientId?: unknown; editing?: unknown } | null };
      if (s.viewing && typeof s.viewing.clientId === 'string' && typeof s.user?.name === 'string') {
        out.push({ name: s.user.name, colour: typeof s.user.colour === 'string' ? s.user.colour : '#888888', clientId: s.viewing.clientId, editing: s.viewing.editing === true });
      }
    }
    this.viewers = out;
  }
}

export const teamSync = new TeamSync();
