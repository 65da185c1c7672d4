import * as Y from 'yjs';
import { collection, settingsMap } from '../schema/layout';
import { type Member, type MemberId, MEMBER_COLOURS, newMemberId } from '../model/member';
import { type FieldDef, type FieldDefId, type FieldType, FIELD_TYPES, newFieldDefId } from '../model/fieldDef';
import { err, ok, type Result } from '../util/result';
import { run, type Ctx } from './context';

export function createMember(ctx: Ctx, name: string, colour: string = MEMBER_COLOURS[0]!, id: MemberId = newMemberId()): Result<MemberId> {
  const n = name.trim();
  if (!n) return err('name must not be empty');
  if (!/^#[0-9a-f]{6}$/i.test(colour)) return err('colour must be #rrggbb');
  return run(ctx, 'createMember', () => {
    const col = collection(ctx.doc, 'members');
    if (col.has(id)) return ok(id);
    const m = new Y.Map<unknown>();
    col.set(id, m);
    const rec: Member = { id, name: n, colour, active: true, createdAt: ctx.now() };
    for (const [k, v] of Object.entries(rec)) m.set(k, v);
    return ok(id);
  });
}

export function updateMember(ctx: Ctx, id: MemberId, patch: Partial<Pick<Member, 'name' | 'colour' | 'active'>>): Result<boolean> {
  return run(ctx, 'updateMember', () => {
    const m = collection(ctx.doc, 'members').get(id);
    if (!m) return err('no such member');
    // Check the whole patch before writing: an error returned after a write would still commit it.
    if (patch.name !== undefined && (typeof patch.name !== 'string' || !patch.name.trim())) return err('name must not be empty');
    if (patch.colour !== undefined && !/^#[0-9a-f]{6}$/i.test(String(patch.colour))) return err('colour must be #rrggbb');
    if (patch.active !== undefined && typeof patch.active !== 'boolean') return err('active must be true or false');
    let changed = false;
    for (const [k, v] of Object.entries(patch)) {
      if (v === undefined || m.get(k) === v) continue;
      m.set(k, v);
      changed = true;
    }
    return ok(changed);
  });
}

export function createFieldDef(ctx: Ctx, label: string, type: FieldType, choices: string[] = []): Result<FieldDefId> {
  const l = label.trim();
  if (!l) return err('label must not be empty');
  if (!FIELD_TYPES.includes(type)) return err('unknown field type');
  if (type === 'choice' && choices.filter((c) => c.trim()).length === 0) return err('a choice field needs choices');
  return run(ctx, 'createFieldDef', () => {
    const id = newFieldDefId();
    const col = collection(ctx.doc, 'fieldDefs');
    const m = new Y.Map<unknown>();
    col.set(id, m);
    const def: FieldDef = { id, label: l, type, choices: choices.map((c) => c.trim()).filter(Boolean), order: col.size, archived: false };
    for (const [k, v] of Object.entries(def)) m.set(k, v);
    return ok(id);
  });
}

export function archiveFieldDef(ctx: Ctx, id: FieldDefId, archived = true): Result<boolean> {
  return run(ctx, 'archiveFieldDef', () => {
    const m = collection(ctx.doc, 'fieldDefs').get(id);
    if (!m) return err('no such field');
    m.set('archived', archived);
    return ok(true);
  });
}

export const SETTING_KEYS = ['currency', 'defaultCountry', 'activeWindowDays'] as const;
export type SettingKey = (typeof SETTING_KEYS)[number];

export function setSetting(ctx: Ctx, key: SettingKey, value: string | number): Result<boolean> {
  if (key === 'activeWindowDays' && !(typeof value === 'number' && value > 0 && value < 10_000)) return err('window must be a positive number of days');
  if ((key === 'currency' && !/^[A-Z]{3}$/.test(String(value))) || (key === 'defaultCountry' && !/^[A-Z]{2}$/.test(String(value)))) return err(`bad ${key}`);
  return run(ctx, 'setSetting', () => {
    const s = settingsMap(ctx.doc);
    if (s.get(key) === value) return ok(false);
    s.set(key, value);
    return ok(true);
  });
}

/**
 * The team's signaling servers (y-webrtc compatible), shared through the base so every laptop
 * finds the others the same way. Only ws:// and wss:// URLs; duplicates dropped.
 */
export function setSignalingServers(ctx: Ctx, urls: string[]): Result<string[]> {
  const clean: string[] = [];
  for (const raw of urls) {
    const u = raw.trim();
    if (!u) continue;
    let parsed: URL;
    try { parsed = new URL(u); } catch { return err(`not a URL: ${u}`); }
    if (parsed.protocol !== 'ws:' && parsed.protocol !== 'wss:') return err(`must start with ws:// or wss://: ${u}`);
    if (!clean.includes(parsed.href)) clean.push(parsed.href);
  }
  return run(ctx, 'setSignalingServers', () => {
    const s = settingsMap(ctx.doc);
    if (JSON.stringify(s.get('signalingServers') ?? []) !== JSON.stringify(clean)) s.set('signalingServers', clean);
    return ok(clean);
  });
}

/** Optional y-websocket relay for teams that outgrow a mesh ('' = none). */
export function setRelayUrl(ctx: Ctx, url: string): Result<string> {
  const u = url.trim();
  if (u) {
    let parsed: URL;
    try { parsed = new URL(u); } catch { return err(`not a URL: ${u}`); }
    if (parsed.protocol !== 'ws:' && parsed.protocol !== 'wss:') return err(`must start with ws:// or wss://: ${u}`);
  }
  return run(ctx, 'setRelayUrl', () => {
    const s = settingsMap(ctx.doc);
    if ((s.get('relayUrl') ?? '') !== u) s.set('relayUrl', u);
    return ok(u);
  });
}
