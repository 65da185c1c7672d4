import { describe, expect, it } from 'vitest';
import { detectEncoding, decodeBytes } from '../../src/core/import';
import { encodeSingleByte, fixture, utf16, utf8 } from './helpers';

const RU = 'Наименование;ИНН;Сумма\nООО Ромашка;7701234567;1 234,50\nИП Иванов Пётр;;99,00\nАО Заря;;10\n';
const MK = 'Назив;Купувач;Износ\nДООЕЛ Ѓорѓи;Љубица Његош;1,5\nЅвезда;Ќерамика;2\n';
const LATIN = 'Name,City\nMüller,Köln\nJosé,São Paulo\nFrançois Côté,Zürich\n';

describe('detectEncoding', () => {
  it('reads BOMs', () => {
    const bom8 = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('a,b\n')]);
    expect(detectEncoding(bom8)).toMatchObject({ ok: true, value: { encoding: 'utf-8', bomLength: 3, confidence: 1 } });
    expect(detectEncoding(utf16('a,b\n', true))).toMatchObject({ ok: true, value: { encoding: 'utf-16le', bomLength: 2 } });
    expect(detectEncoding(utf16('a,b\n', false))).toMatchObject({ ok: true, value: { encoding: 'utf-16be', bomLength: 2 } });
  });

  it('finds UTF-16 without a BOM by its NUL pattern', () => {
    expect(detectEncoding(utf16('name,city\nAnna,Skopje\n', true, false))).toMatchObject({ ok: true, value: { encoding: 'utf-16le' } });
  });

  it('refuses UTF-32 (standard BOM and the FE FF + UTF-32 quirk) with a reason', () => {
    const u32 = new Uint8Array([0xff, 0xfe, 0, 0, 0x61, 0, 0, 0, 0x2c, 0, 0, 0, 0x62, 0, 0, 0]);
    const quirk = new Uint8Array([0xfe, 0xff, 0x61, 0, 0, 0, 0x2c, 0, 0, 0, 0x62, 0, 0, 0, 0x0a, 0, 0, 0]);
    for (const b of [u32, quirk]) {
      const r = detectEncoding(b);
      expect(r.ok).toBe(false);
      if (!r.ok) { expect(r.error.code).toBe('unsupported-encoding'); expect(r.error.message).toMatch(/UTF-32/); }
    }
  });

  it('prefers valid UTF-8', () => {
    expect(detectEncoding(utf8(RU))).toMatchObject({ ok: true, value: { encoding: 'utf-8' } });
  });

  it.each([
    ['windows-1251', RU], ['windows-1251', MK], ['ibm866', RU.replace(/«|»/g, '"')],
    ['windows-1252', LATIN], ['macintosh', LATIN],
  ])('recognises %s', (encoding, text) => {
    const r = detectEncoding(encodeSingleByte(text, encoding));
    expect(r.ok && r.value.encoding).toBe(encoding);
    if (r.ok) expect(decodeBytes(encodeSingleByte(text, encoding), r.value.encoding)).toEqual({ ok: true, value: text });
  });

  it('refuses empty and binary files', () => {
    expect(detectEncoding(new Uint8Array())).toMatchObject({ ok: false, error: { code: 'empty' } });
    expect(detectEncoding(fixture('binary.csv'))).toMatchObject({ ok: false, error: { code: 'binary' } });
  });

  it('lists the candidates with scores for the preview', () => {
    const r = detectEncoding(fixture('clients_cp1251.csv'));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.encoding).toBe('windows-1251');
    expect(r.value.candidates.map((c) => c.encoding)).toContain('ibm866');
    expect(r.value.confidence).toBeGreaterThan(0.5);
  });
});
