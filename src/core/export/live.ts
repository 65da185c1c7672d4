import type { Client } from '../model/client';

/**
 * Whether a client's records (contacts, tasks) belong in an export: the client must exist and not
 * be deleted or erased — the agenda (queries/agenda.ts `openTasks`) and the client card show no
 * others. A merged client's records are kept: the merge moves them to the survivor.
 */
export const isLiveClient = (c: Client | undefined): c is Client => !!c && !c.deletedAt && !c.erasedAt;

/** The Customer ID every export writes: the source system's id when there is one, else ours (both link back on import). */
export const customerId = (c: Pick<Client, 'id' | 'externalId'>): string => c.externalId || c.id;
