/**
 * The verbs components may use. Each one runs a core command against the open base; components
 * never import Yjs or the schema. Read helpers return plain records.
 */
import { base } from './base.svelte';
import * as C from '../../core/commands/clients';
import * as K from '../../core/commands/contacts';
import * as T from '../../core/commands/team';
import * as W from '../../core/commands/work';
import { getClient, contactsOf, clientHistory } from '../../core/queries/clients';
import { allChunks, purchasesOf } from '../../core/queries/purchases';
import { aliasesOf } from '../../core/queries/aliases';
import { BENCH_SIZE, DEMO_SIZE } from '../../core/sample/sizes';
import { isoToDay, todayIso } from '../../core/util/day';
import type { ClientId, ClientScalarField, Address, CustomValue } from '../../core/model/client';
import type { ContactField, ContactId } from '../../core/model/contact';
import type { FieldType } from '../../core/model/fieldDef';
import type { PurchaseLine, PurchaseChunk } from '../../core/model/purchase';

export const createClient = (input: C.NewClientInput) => C.createClient(base.ctx, input);
export const updateClientField = (id: ClientId, f: ClientScalarField, v: unknown) => C.updateClientField(base.ctx, id, f, v);
export const setTag = (id: ClientId, tag: string, on: boolean) => C.setClientTag(base.ctx, id, tag, on);
export const setAddress = (id: ClientId, a: Address) => C.setClientAddress(base.ctx, id, a);
export const removeAddress = (id: ClientId, aid: string) => C.removeClientAddress(base.ctx, id, aid);
export const setCustom = (id: ClientId, fid: string, v: CustomValue) => C.setCustomValue(base.ctx, id, fid, v);
export const deleteClient = (id: ClientId) => C.deleteClient(base.ctx, id);
export const restoreClient = (id: ClientId) => C.restoreClient(base.ctx, id);
export const addContact = (id: ClientId) => K.addContact(base.ctx, id, {});
export const updateContact = (id: ContactId, f: ContactField, v: unknown) => K.updateContactField(base.ctx, id, f, v);
export const removeContact = (id: ContactId) => K.deleteContact(base.ctx, id);
export const createFieldDef = (label: string, type: FieldType, choices: string[]) => T.createFieldDef(base.ctx, label, type, choices);
export const setSetting = (k: T.SettingKey, v: string | number) => T.setSetting(base.ctx, k, v);
export const updateMember = T.updateMember;
export const logInteraction = (id: ClientId, input: W.LogInput) => W.logInteraction(base.ctx, id, input);

export function createMe(name: string, colour: string) {
  const r = T.createMember(base.ctx, name, colour);
  if (r.ok) base.setMe(r.value);
  return r;
}
export const updateMe = (patch: { name?: string; colour?: string }) => (base.me ? T.updateMember(base.ctx, base.me, patch) : null);

/** Demo sizes offered on the first screen: the small one to look around, bigger ones to try speed and sync. */
export const SAMPLE_SIZES = { small: DEMO_SIZE, medium: { clients: 5_000, lines: 250_000 }, large: BENCH_SIZE } as const;
/** The generator is loaded only now: it is not needed by anyone who starts with their own data. */
export async function loadSample(size: keyof typeof SAMPLE_SIZES = 'small') {
  const { loadSample: make } = await import('../../core/commands/sample');
  return make(base.ctx, SAMPLE_SIZES[size], isoToDay(todayIso()));
}

export const readClient = (id: ClientId) => getClient(base.doc, id);
export const readContacts = (id: ClientId) => contactsOf(base.doc, id);
export const readHistory = (id: ClientId) => clientHistory(base.doc, id);

let chunkCache: { rev: number; chunks: PurchaseChunk[] } | null = null;
export function readPurchases(id: ClientId): PurchaseLine[] {
  // Decoding all chunks is ~100 ms for a million lines: do it once per doc revision.
  if (!chunkCache || chunkCache.rev !== base.rev) chunkCache = { rev: base.rev, chunks: allChunks(base.doc) };
  // A merged-away client's purchases belong to the survivor (chunks are immutable; merges are aliases).
  return purchasesOf(chunkCache.chunks, id, aliasesOf(base.doc, id));
}
