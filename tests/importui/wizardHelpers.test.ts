import { describe, expect, it } from 'vitest';
import { pluralCategory } from '../../src/ui/areas/import/plural';
import { dateOrderFor, headDates } from '../../src/ui/areas/import/dateOrder';
import { importEn } from '../../src/ui/i18n/import.en';

describe('import wizard helpers', () => {
  it('picks plural categories per locale, and every counted message has them all', () => {
    expect([1, 2, 5].map((n) => pluralCategory('en', n))).toEqual(['one', 'other', 'other']);
    expect([1, 2, 5, 21, 11].map((n) => pluralCategory('ru', n))).toEqual(['one', 'few', 'many', 'one', 'many']);
    expect([1, 2, 11, 21].map((n) => pluralCategory('mk', n))).toEqual(['one', 'other', 'other', 'one']);
    for (const base of ['import.validOnly', 'import.refuse.errors', 'import.rate', 'import.undone']) {
      for (const c of ['one', 'few', 'many', 'other']) expect(importEn).toHaveProperty([`${base}.${c}`]);
    }
  });

  it('shows a remembered date order only where the rows are ambiguous', () => {
    const amb = headDates(['05/01/2024', '06/02/2024']);
    expect(amb).toEqual({ kind: 'ambiguous', candidates: expect.arrayContaining(['dmy', 'mdy']) });
    const cands = amb.kind === 'ambiguous' ? amb.candidates : null;
    expect(dateOrderFor('mdy', amb, cands)).toBe('mdy');
    expect(dateOrderFor('ymd', amb, cands)).toBeUndefined();
    expect(dateOrderFor(undefined, amb, cands)).toBeUndefined();
    const decided = headDates(['31/01/2024', '06/02/2024']);
    expect(decided).toEqual({ kind: 'decided', format: 'dmy' });
    expect(dateOrderFor('mdy', decided, null)).toBeUndefined();
    expect(dateOrderFor('mdy', { kind: 'unknown' }, null)).toBe('mdy');
    expect(dateOrderFor('mdy', null, null)).toBe('mdy');
  });
});
