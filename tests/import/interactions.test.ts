import { describe, expect, it } from 'vitest';
import { isImportRequest } from '../../src/workers/import.messages';
import { utf8 } from './helpers';
import { applyClients, planFile } from './planHelpers';

describe('import plan: interactions', () => {
  it('links to clients, reads the kind from RU/MK/EN words, ids are per batch and row', () => {
    const base = applyClients([], planFile(utf8('ИНН;Наименование\n7701234567;ООО «Ромашка»\n'), 'clients').plan);
    const bytes = utf8('Дата;ИНН;Тип;Описание;Результат\n05.01.2024;7701234567;Звонок;Обсудили договор;Перезвонить\n06.01.2024;7701234567;средба;Встреча в офисе;\n07.01.2024;;E-mail;Без клиента;\n');
    const { plan } = planFile(bytes, 'interactions', { existing: base });
    expect(plan.interactions.map((i) => [i.date, i.kind, i.text, i.result, i.clientId])).toEqual([
      ['2024-01-05', 'call', 'Обсудили договор', 'Перезвонить', base[0]!.id],
      ['2024-01-06', 'meeting', 'Встреча в офисе', '', base[0]!.id],
    ]);
    expect(plan.rowErrors).toMatchObject([{ row: 4, reason: expect.stringMatching(/no customer/) }]);
    expect(plan.interactions.every((i) => i.batchId === plan.batchId)).toBe(true);
    const again = planFile(bytes, 'interactions', { existing: base });
    expect(again.plan.interactions.map((i) => i.id)).toEqual(plan.interactions.map((i) => i.id));
  });
});

describe('worker messages', () => {
  it('accepts well-formed requests only', () => {
    const file = new Blob(['a,b\n1,2\n']);
    expect(isImportRequest({ type: 'sniff', id: 1, file })).toBe(true);
    expect(isImportRequest({ type: 'cancel', id: 1 })).toBe(true);
    expect(isImportRequest({ type: 'plan', id: 2, file, fileName: 'a.csv', csv: {}, plan: {}, existing: { clients: [] } })).toBe(true);
    expect(isImportRequest({ type: 'plan', id: 2, file, fileName: 'a.csv', plan: {}, existing: {} })).toBe(false);
    expect(isImportRequest({ type: 'sniff', id: '1', file })).toBe(false);
    expect(isImportRequest({ type: 'sniff', id: 1, file: 'x' })).toBe(false);
    expect(isImportRequest(null)).toBe(false);
  });
});
