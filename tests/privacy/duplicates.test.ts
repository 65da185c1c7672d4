import { describe, expect, it } from 'vitest';
import { defaultClient, type Client, type ClientId } from '../../src/core/model/client';
import { findDuplicates, nameKey, similarKeys } from '../../src/core/queries/duplicates';

let n = 0;
const mk = (p: Partial<Client>): Client => ({ ...defaultClient(`cli_${String(n++).padStart(10, '0')}` as ClientId, '', ''), ...p });

describe('name keys', () => {
  it('match across Cyrillic/Latin and word order', () => {
    expect(nameKey('Иван Петров')).toBe(nameKey('Petrov Ivan'));
    expect(nameKey('ООО Вектор')).toBe(nameKey('Вектор ООО'));
    expect(nameKey('ООО «Вектор»')).toBe(nameKey('Vektor LLC'));
    expect(nameKey('Дмитрий Щукин')).toBe(nameKey('Dmitriy Shchukin'));
    expect(nameKey('Никола Јовановски')).toBe(nameKey('Nikola Jovanovski'));
    expect(nameKey('Юлия Ёлкина')).toBe(nameKey('Yulia Elkina'));
  });
  it('similar names within one edit per five letters', () => {
    expect(similarKeys(nameKey('Vector'), nameKey('Вектор'))).toBe(true);
    expect(similarKeys(nameKey('Alpha Trade'), nameKey('Omega Trade'))).toBe(false);
  });
});

describe('findDuplicates', () => {
  it('finds pairs by tax id, phone, e-mail and name, strongest first', () => {
    const a = mk({ name: 'ООО Вектор', taxId: '7701234567' });
    const b = mk({ name: 'Vektor LLC', taxId: '7701 234 567' });
    const c = mk({ name: 'Иван Петров', kind: 'person', phones: ['+7 916 123-45-67'] });
    const d = mk({ name: 'Petrov Ivan', kind: 'person', phones: ['8 (916) 123 45 67'] });
    const e = mk({ name: 'Анна', emails: ['Anna@Example.com'] });
    const f = mk({ name: 'Совсем другая', emails: ['anna@example.com'] });
    const g = mk({ name: 'Unrelated Co' });
    const h = mk({ name: 'Иван Петров', deletedAt: '2026-01-01' });
    const pairs = findDuplicates([a, b, c, d, e, f, g, h]);
    const key = (x: Client, y: Client): string => [x.id, y.id].sort().join(' ');
    const got = new Map(pairs.map((p) => [`${p.a} ${p.b}`, p.reasons.sort()]));
    expect(got.get(key(a, b))).toEqual(['name', 'taxId']);
    expect(got.get(key(c, d))).toEqual(['name', 'phone']);
    expect(got.get(key(e, f))).toEqual(['email']);
    expect(pairs).toHaveLength(3);
    expect(pairs[0]!.reasons).toContain('taxId');
  });
  it('a typo in a name is a weaker, "similar" match', () => {
    const a = mk({ name: 'Petrova Svetlana' });
    const b = mk({ name: 'Петрова Светлна' });
    expect(findDuplicates([a, b]).map((p) => p.reasons)).toEqual([['similarName']]);
  });
  it('companies of different legal forms are not duplicates by name alone', () => {
    expect(findDuplicates([mk({ name: 'Торг', legalForm: 'ИП' }), mk({ name: 'Торг', legalForm: 'АО' })])).toEqual([]);
    expect(findDuplicates([mk({ name: 'Вектор', legalForm: 'ООО' }), mk({ name: 'Vektor', legalForm: 'LLC' })])).toHaveLength(1);
    expect(findDuplicates([mk({ name: 'Торг', legalForm: 'ИП', taxId: '123456789' }), mk({ name: 'Торг', legalForm: 'АО', taxId: '123456789' })])).toHaveLength(1);
  });
  it('numbered names are different clients, not typos', () => {
    expect(findDuplicates([mk({ name: 'Магазин 1' }), mk({ name: 'Магазин 2' }), mk({ name: 'Магазин 1111' })])).toEqual([]);
  });
  it('20 000 clients take at most a few seconds (shared CI cores)', () => {
    const list: Client[] = [];
    for (let i = 0; i < 20_000; i++) list.push(mk({ name: `Клиент ${i} ${['Альфа', 'Бета', 'Гамма'][i % 3]}`, phones: [`+7916${String(i).padStart(7, '0')}`] }));
    const t = performance.now();
    expect(findDuplicates(list)).toEqual([]);
    expect(performance.now() - t).toBeLessThan(3000);
  });
});
