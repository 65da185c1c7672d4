import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { answerOffer, startOffer, type InPersonDeps } from '../../src/sync/pairing';
import type { SyncError } from '../../src/sync/transport';
import { impostorKeys, sameContent, sleep, teamKeys, waitFor } from '../contract/transport.helpers';
import { FakeRtcRegistry } from './fakes/rtc';

function deps(reg: FakeRtcRegistry): InPersonDeps {
  return { createPeerConnection: (c) => reg.create(c) as unknown as RTCPeerConnection };
}

describe('in-person sync', () => {
  it('offer code → answer code → proofs checked → docs converge', async () => {
    const reg = new FakeRtcRegistry();
    const keys = await teamKeys();
    const a = new Y.Doc();
    const b = new Y.Doc();
    a.getMap('m').set('anna', 1);
    b.getMap('m').set('boris', 2);
    const offer = await startOffer(deps(reg), a, { keys, schemaVersion: 1 });
    if (!offer.ok) throw new Error(offer.error);
    expect(offer.value.code.length).toBeLessThan(130);
    const answer = await answerOffer(deps(reg), b, { keys, schemaVersion: 1 }, offer.value.code);
    if (!answer.ok) throw new Error(answer.error);
    expect(offer.value.handle.status).toBe('connecting');
    expect(await offer.value.acceptAnswer(answer.value.code)).toEqual({ ok: true, value: undefined });
    await waitFor(() => sameContent(a, b), 'in-person sync');
    await waitFor(() => offer.value.handle.status === 'synced' && answer.value.handle.status === 'synced', 'synced');
    offer.value.handle.close();
    answer.value.handle.close();
  });

  it('a device without the team key fails the proof: wrong-key on both sides, nothing flows', async () => {
    const reg = new FakeRtcRegistry();
    const keys = await teamKeys();
    const a = new Y.Doc();
    const b = new Y.Doc();
    a.getMap('m').set('secret', 1);
    const offer = await startOffer(deps(reg), a, { keys, schemaVersion: 1 });
    if (!offer.ok) throw new Error(offer.error);
    const answer = await answerOffer(deps(reg), b, { keys: await impostorKeys(keys), schemaVersion: 1 }, offer.value.code);
    if (!answer.ok) throw new Error(answer.error);
    const ea: SyncError[] = [];
    const eb: SyncError[] = [];
    offer.value.handle.on('error', (e) => ea.push(e));
    answer.value.handle.on('error', (e) => eb.push(e));
    await offer.value.acceptAnswer(answer.value.code);
    await waitFor(() => ea.length > 0 && eb.length > 0, 'errors on both sides');
    expect(ea.map((e) => e.kind)).toEqual(['wrong-key']);
    expect(eb.map((e) => e.kind)).toEqual(['wrong-key']);
    await sleep(30);
    expect(b.getMap('m').has('secret')).toBe(false);
    expect(offer.value.handle.peers()).toEqual([]);
    offer.value.handle.close();
    answer.value.handle.close();
  });

  it('times out with link-failed when the connection never comes up', async () => {
    const reg = new FakeRtcRegistry();
    reg.connectable = false;
    const keys = await teamKeys();
    const offer = await startOffer(deps(reg), new Y.Doc(), { keys, schemaVersion: 1, connectTimeoutMs: 50 });
    if (!offer.ok) throw new Error(offer.error);
    const answer = await answerOffer(deps(reg), new Y.Doc(), { keys, schemaVersion: 1 }, offer.value.code);
    if (!answer.ok) throw new Error(answer.error);
    const errors: SyncError[] = [];
    offer.value.handle.on('error', (e) => errors.push(e));
    await offer.value.acceptAnswer(answer.value.code);
    await waitFor(() => errors.length > 0, 'timeout');
    expect(errors[0]).toEqual({ kind: 'link-failed', detail: 'timeout' });
    expect(offer.value.handle.status).toBe('offline');
    offer.value.handle.close();
    answer.value.handle.close();
  });

  it('rejects a garbage code, and an offer code where an answer is expected', async () => {
    const reg = new FakeRtcRegistry();
    const keys = await teamKeys();
    expect(await answerOffer(deps(reg), new Y.Doc(), { keys, schemaVersion: 1 }, 'not a code')).toEqual({ ok: false, error: 'invalid-code' });
    const offer = await startOffer(deps(reg), new Y.Doc(), { keys, schemaVersion: 1 });
    if (!offer.ok) throw new Error(offer.error);
    expect(await offer.value.acceptAnswer(offer.value.code)).toEqual({ ok: false, error: 'wrong-code-kind' });
    offer.value.handle.close();
  });
});
