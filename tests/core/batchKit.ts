import { batchIdFor, type BatchId } from '../../src/core/model/batch';
import { defaultClient, type Client, type ClientId } from '../../src/core/model/client';
import { defaultContact, type Contact, type ContactId } from '../../src/core/model/contact';
import type { Interaction, InteractionId } from '../../src/core/model/interaction';
import { deterministicId } from '../../src/core/model/ids';
import { type PurchaseLine } from '../../src/core/model/purchase';
import { encodeChunk } from '../../src/core/model/purchaseEncode';
import type { BatchWrite } from '../../src/core/commands/batches';

/**
 * A small import batch whose ids all derive from `key`, as a real import's do from the file hash:
 * two replicas importing the same key write the same records.
 */
export function makeBatch(key: string, nClients: number, nLines: number, nChunks = 1, existing: ClientId[] = []): BatchWrite & { id: BatchId; clientIds: ClientId[] } {
  const id = batchIdFor(`file-${key}`, 'mapping');
  const clients: Client[] = [];
  const contacts: Contact[] = [];
  const interactions: Interaction[] = [];
  for (let i = 0; i < nClients; i++) {
    const cid = deterministicId('cli', key, String(i)) as ClientId;
    clients.push({ ...defaultClient(cid, '', ''), name: `Импорт ${key} ${i}`, phones: [`+7916000${String(i).padStart(4, '0')}`] });
    contacts.push({ ...defaultContact(deterministicId('con', key, String(i)) as ContactId, cid, '', ''), name: `Контакт ${i}` });
    interactions.push({ id: deterministicId('int', key, String(i)) as InteractionId, clientId: cid, kind: 'call', date: '2026-01-05', memberId: '', text: 'imported', result: '', batchId: '', deletedAt: '', createdAt: '', createdBy: '', updatedAt: '', updatedBy: '' });
  }
  const owners = [...clients.map((c) => c.id), ...existing];
  const chunks: Uint8Array[] = [];
  for (let k = 0; k < nChunks; k++) {
    const lines: PurchaseLine[] = [];
    for (let j = 0; j < nLines && owners.length; j++) {
      lines.push({ clientId: owners[(j + k) % owners.length]!, date: '2026-01-0' + String(1 + (j % 9)), amount: 100 + j, qty: 1 + (j % 3), cost: j % 2 ? NaN : 50, orderId: `O-${k}-${j}`, product: `P${j % 4}`, category: 'Хлеб' });
    }
    chunks.push(encodeChunk(lines));
  }
  return {
    id, clientIds: clients.map((c) => c.id),
    info: { id, fileName: `${key}.csv`, fileHash: `file-${key}`, entity: 'clients', rowsRead: nClients, created: nClients, updated: 0, skipped: 0, createdClientIds: [] },
    clientsToCreate: clients, clientsToUpdate: [], contactsToCreate: contacts, interactions, chunks,
  };
}
