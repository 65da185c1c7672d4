import { describe, expect, it } from 'vitest';
import { detectNumberFormat, parseDate, parseDateColumn, parseEmail, parseNumber, parsePhone } from '../../src/core/import';

describe('dates', () => {
  it.each([
    ['25.12.2024', 'dmy', '2024-12-25'], ['5.1.24', 'dmy', '2024-01-05'], ['5.1.95', 'dmy', '1995-01-05'],
    ['11/8/2019', 'mdy', '2019-11-08'], ['10/31/2011 10:42', 'mdy', '2011-10-31'], ['12/1/2010 8:26 AM', 'mdy', '2010-12-01'],
    ['2016-11-11', 'ymd', '2016-11-11'], ['2010-12-01 08:26:00', 'ymd', '2010-12-01'], ['2024-03-05T10:00:00Z', 'ymd', '2024-03-05'],
    ['19970101', 'yyyymmdd', '1997-01-01'], ['45292', 'excel-serial', '2024-01-01'], ['45351.75', 'excel-serial', '2024-02-29'],
  ] as const)('parseDate(%s, %s) = %s', (v, f, iso) => {
    expect(parseDate(v, f)).toEqual({ ok: true, value: iso });
  });

  it('rejects impossible days and wrong shapes', () => {
    expect(parseDate('31.02.2024', 'dmy').ok).toBe(false);
    expect(parseDate('13/13/2024', 'mdy').ok).toBe(false);
    expect(parseDate('01.02.2024', 'mdy').ok).toBe(false); // dotted dates are day-first
    expect(parseDate('', 'ymd').ok).toBe(false);
  });

  it('decides the format from all values of a column', () => {
    expect(parseDateColumn(['01/02/2024', '12/31/2024'])).toMatchObject({ ok: true, value: { format: 'mdy', dates: ['2024-01-02', '2024-12-31'] } });
    expect(parseDateColumn(['01/02/2024', '31/12/2024'])).toMatchObject({ ok: true, value: { format: 'dmy', dates: ['2024-02-01', '2024-12-31'] } });
    expect(parseDateColumn(['05.01.2024', '', '17.02.2024'])).toMatchObject({ ok: true, value: { format: 'dmy', dates: ['2024-01-05', null, '2024-02-17'] } });
    expect(parseDateColumn(['45292', '45351.5'])).toMatchObject({ ok: true, value: { format: 'excel-serial' } });
    expect(parseDateColumn(['19970101', '19970118'])).toMatchObject({ ok: true, value: { format: 'yyyymmdd' } });
  });

  it('returns "ambiguous" with the candidates when D/M and M/D both fit every value', () => {
    const r = parseDateColumn(['01/02/2024', '03/04/2024', '12/11/2024']);
    expect(r).toMatchObject({ ok: false, error: { kind: 'ambiguous' } });
    if (!r.ok && r.error.kind === 'ambiguous') expect(r.error.candidates.sort()).toEqual(['dmy', 'mdy']);
    expect(parseDateColumn(['01/02/2024', '03/04/2024'], 'dmy')).toMatchObject({ ok: true, value: { dates: ['2024-02-01', '2024-04-03'] } });
  });

  it('reports the few bad cells of a date column, refuses a column that is not dates', () => {
    const r = parseDateColumn(['05.01.2024', '17.02.2024', '31.02.2024', ...Array(20).fill('01.03.2024')]);
    expect(r.ok && r.value.errors).toEqual([{ index: 2, value: '31.02.2024', reason: 'no such calendar day' }]);
    expect(parseDateColumn(['abc', 'def'])).toMatchObject({ ok: false, error: { kind: 'unrecognised' } });
    // Every occurrence counts, not each distinct text once: a date among three copies of a bad cell
    // is a column of bad cells; three copies of a date and one bad cell are a date column.
    expect(parseDateColumn(['2024-01-05', 'n/a', 'n/a', 'n/a'])).toMatchObject({ ok: false, error: { kind: 'unrecognised' } });
    expect(parseDateColumn(['2024-01-05', '2024-01-05', '2024-01-05', 'n/a'])).toMatchObject({ ok: true, value: { format: 'ymd', errors: [{ index: 3 }] } });
  });
});

describe('numbers', () => {
  it.each([
    ['1 234,56', ',', 1234.56], ['1\u00a0234,56', ',', 1234.56], ['1\u202f234,5', ',', 1234.5], ["1'234.50", '.', 1234.5],
    ['1.234,56', ',', 1234.56], ['1,234.56', '.', 1234.56], ['261,96', ',', 261.96], ['-12,5', ',', -12.5],
    ['(123,45)', ',', -123.45], ['12,5%', ',', 0.125], ['1 500 ₽', ',', 1500], ['1500 руб.', ',', 1500], ['250 ден', ',', 250],
    ['MKD 1.200,00', ',', 1200], ['$1,234.00', '.', 1234], ['€ 99.90', '.', 99.9], ['£5', '.', 5], ['17850.0', '.', 17850],
    ['−7', '.', -7], ['7-', '.', -7], ['+3', '.', 3], ['0,5', ',', 0.5], ['1E+05', '.', 100000],
  ] as const)('parseNumber(%j, %s) = %d', (v, d, n) => {
    const r = parseNumber(v, d);
    expect(r.ok && r.value).toBeCloseTo(n, 9);
  });

  it('refuses text and separators that contradict the column', () => {
    expect(parseNumber('abc').ok).toBe(false);
    expect(parseNumber('', ',').ok).toBe(false);
    expect(parseNumber('1.5', ',').ok).toBe(false); // not 15
    expect(parseNumber('1,5', '.').ok).toBe(false);
  });

  it('decides decimal comma or point per column', () => {
    expect(detectNumberFormat(['1 234,56', '7', '12,5'])).toEqual({ decimal: ',', confident: true });
    expect(detectNumberFormat(['261.96', '1,234.00', '3'])).toEqual({ decimal: '.', confident: true });
    expect(detectNumberFormat(['1', '2'])).toMatchObject({ confident: false });
  });
});

describe('phones and e-mails', () => {
  it('normalises phones to E.164 with the default country', () => {
    expect(parsePhone('8 (495) 123-45-67', 'RU')).toEqual({ ok: true, value: '+74951234567' });
    expect(parsePhone('070 123 456', 'MK')).toEqual({ ok: true, value: '+38970123456' });
    expect(parsePhone('00389 2 3123 456', 'RU')).toEqual({ ok: true, value: '+38923123456' });
    expect(parsePhone('030-0074321', 'DE')).toEqual({ ok: true, value: '+49300074321' });
    expect(parsePhone('hello', 'RU').ok).toBe(false);
    expect(parsePhone('123', 'RU').ok).toBe(false);
  });

  it('trims, lower-cases and validates e-mails', () => {
    expect(parseEmail('  Info@Romashka.RU ')).toEqual({ ok: true, value: 'info@romashka.ru' });
    expect(parseEmail('Ivan <ivan@example.mk>')).toEqual({ ok: true, value: 'ivan@example.mk' });
    expect(parseEmail('mailto:a@b.com')).toEqual({ ok: true, value: 'a@b.com' });
    expect(parseEmail('not an email').ok).toBe(false);
    expect(parseEmail('a@b').ok).toBe(false);
  });
});
