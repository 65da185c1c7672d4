import { describe, expect, it } from 'vitest';
import { CsvStream, detectEncoding, parseCsv, parseDateColumn, runImport, suggestMapping, mappingFromSuggestions } from '../../src/core/import';
import type { CsvStreamError } from '../../src/core/import/csvStream';
import { detectHeader } from '../../src/core/import/header';
import { detectLineEnding } from '../../src/core/import/detect';
import { fixture, hasReal, real, utf16, utf8 } from './helpers';
import { NOW } from './planHelpers';

function stream(pieces: string[], newline: '\r\n' | '\n' = '\r\n', delimiter: ',' | ';' = ',') {
  const records: [string[], number][] = [];
  const errors: CsvStreamError[] = [];
  const s = new CsvStream(delimiter, newline, { record: (f, r) => records.push([f, r]), error: (e) => errors.push(e) });
  for (const p of pieces) s.push(p);
  s.end();
  return { records, errors, count: s.records };
}

const rowsOf = (text: string) => {
  const r = parseCsv(utf8(text));
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};

describe('CRLF split between two pushes (defect 1)', () => {
  it('is no malformed quote, and every record keeps its number', () => {
    const r = stream(['id,name\r\n1,"Acme"\r', '\n2,"Beta"\r\n']);
    expect(r.errors).toEqual([]);
    expect(r.records).toEqual([[['id', 'name'], 1], [['1', 'Acme'], 2], [['2', 'Beta'], 3]]);
    expect(r.count).toBe(3);
  });

  it('gives the same records at every split point of a quoted CRLF file', () => {
    const text = 'id,name,note\r\n1,"Acme","a\r\nb"\r\n2,"Be""ta",x\r\n3,"C",""\r\n';
    const whole = stream([text]);
    expect(whole.errors).toEqual([]);
    for (let i = 1; i < text.length; i++) {
      expect(stream([text.slice(0, i), text.slice(i)])).toEqual(whole);
    }
  });

  it('reports a real stray quote as an unsplit parse does, at every split point', () => {
    const text = 'a,b\r\n1,"x"y\r\n2,z\r\n3,"w"\r\n';
    const whole = stream([text]);
    expect(whole.errors.length).toBeGreaterThan(0);
    expect(whole.records.map(([, n]) => n)).not.toContain(2);
    for (let i = 1; i < text.length; i++) expect(stream([text.slice(0, i), text.slice(i)])).toEqual(whole);
  });

  it.skipIf(!hasReal)('UCI sample through runImport: no refused row, exact rowsRead', async () => {
    const bytes = real('online_retail_uci_sample2709_origdates.csv');
    const head = parseCsv(bytes);
    if (!head.ok) throw new Error(head.error.message);
    const mapping = mappingFromSuggestions(suggestMapping(head.value.header, 'purchases'));
    const r = await runImport({
      file: new Blob([bytes.slice().buffer]), fileName: 'f.csv', csv: {},
      plan: { entity: 'purchases', mapping, defaultCountry: 'RU', now: NOW, by: '' }, existing: { clients: [] },
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.plan.rowErrors.filter((e) => !/no customer/.test(e.reason))).toEqual([]);
    expect(r.value.plan.rowsRead).toBe(2709);
    expect(r.value.plan.counts.error).toBe(668);
  });
});

describe('mixed CRLF and LF line ends (defect 2)', () => {
  it.each([
    ['Name,Sum\r\nA,1\nB,2\nC,3\r\n'],
    ['Name,Sum\nA,1\r\nB,2\nC,3\r\n'],
    ['Name,Sum\r\nA,1\r\nB,2\nC,"3"\r\n'],
  ])('reads every row with clean cells: %j', (text) => {
    const v = rowsOf(text);
    expect(v.errors).toEqual([]);
    expect(v.header).toEqual(['Name', 'Sum']);
    expect(v.rows).toEqual([['A', '1'], ['B', '2'], ['C', '3']]);
    expect(v.rowNumbers).toEqual([2, 3, 4]);
  });

  it('detects mixed endings as LF, keeps pure files as they were', () => {
    expect(detectLineEnding('a\r\nb\nc\r\n')).toBe('\n');
    expect(detectLineEnding('a\r\nb\r\n"x\ny"\r\n')).toBe('\r\n');
    expect(detectLineEnding('a\nb\n"x\r\ny"\n')).toBe('\n');
  });

  it('strips the CR also when CRLF lines start after the first chunks', () => {
    const lf = 'a;1\n'.repeat(40_000);
    const r = stream(['h;v\n', lf, 'b;2\r', '\nc;3\r\n'], '\n', ';');
    expect(r.errors).toEqual([]);
    expect(r.records.slice(-2)).toEqual([[['b', '2'], 40_002], [['c', '3'], 40_003]]);
    expect(r.records.every(([f]) => !f[1]!.endsWith('\r'))).toBe(true);
  });

  it('names mixed endings when CRLF-read LF lines merge into a ragged row', () => {
    const text = `Name,Sum\r\n${'A,1\r\n'.repeat(20_000)}B,2\nC,3\r\n`;
    const v = rowsOf(text);
    expect(v.lineEnding).toBe('\r\n');
    expect(v.errors).toHaveLength(1);
    expect(v.errors[0]!.reason).toMatch(/mixes CRLF and LF/);
  });
});

describe('UTF-16 without a BOM, mostly Cyrillic (defect 3)', () => {
  const MK = 'Датум\tКупувач\tИзнос\r\n12.03.2024\tАлфа ДООЕЛ\t1.200,00\r\n';
  const RU = 'Имя,Город\r\nАнна,Москва\r\nПётр,Тверь\r\n';
  it.each([[MK, true], [MK, false], [RU, true], [RU, false]])('decodes %j (LE: %s)', (text, le) => {
    const r = parseCsv(utf16(text, le, false));
    expect(r.ok && r.value.encoding).toBe(le ? 'utf-16le' : 'utf-16be');
    if (!r.ok) return;
    expect([r.value.header[0], r.value.rows[0]![0]]).toEqual(text === MK ? ['Датум', '12.03.2024'] : ['Имя', 'Анна']);
  });

  it('still refuses binaries', () => {
    const zipLike = new Uint8Array(4096).map((_, i) => (i * 2654435761) >>> 24);
    zipLike.set([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0, 8, 0]);
    const png = new Uint8Array(4096).map((_, i) => (i % 7 === 0 ? 0 : (i * 40503) >>> 8) & 0xff);
    png.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]);
    const pdf = new Uint8Array([...utf8('%PDF-1.7\n%\u00e2\u00e3\n1 0 obj\n<< /Length 40 /Filter /FlateDecode >>\nstream\n'), ...new Uint8Array(512).map((_, i) => (i * 97) & 0xff)]);
    for (const b of [fixture('binary.csv'), zipLike, png, pdf]) {
      expect(detectEncoding(b)).toMatchObject({ ok: false, error: { code: 'binary' } });
    }
  });
});

describe('header with a column-name cell in a data row (defect 4)', () => {
  it('a date, amount, e-mail or phone makes the first row data', () => {
    const v = rowsOf('12.03.2024;ООО Ромашка;Телефон;Договорились\n13.03.2024;ИП Иванов;Email;Перезвонить\n');
    expect(v.hasHeader).toBe(false);
    expect(v.rows).toHaveLength(2);
    expect(detectHeader(['ООО Ромашка', 'Телефон', 'ivan@example.com'], [])).toBe(false);
    expect(detectHeader(['ООО Ромашка', 'Телефон', '1 200,50'], [])).toBe(false);
  });

  it('a row of mostly column names, or a name next to year columns, stays a header', () => {
    expect(detectHeader(['Дата', 'Клиент', 'Телефон', '12.03.2024'], [])).toBe(true);
    expect(detectHeader(['Клиент', '2023', '2024'], [['А', '1', '2']])).toBe(true);
  });
});

describe("Excel's sep= line (defect 5)", () => {
  it('sets the delimiter, is skipped, and counts as row 1', () => {
    const v = rowsOf('sep=;\nКлиент;Сумма\nА;1\n');
    expect(v.delimiter).toBe(';');
    expect(v.header).toEqual(['Клиент', 'Сумма']);
    expect(v.rows).toEqual([['А', '1']]);
    expect(v.rowNumbers).toEqual([3]);
  });

  it('works with a comma hint, CRLF and a BOM', () => {
    const v = parseCsv(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('sep=,\r\nName;Note,Sum\r\nA;b,1\r\n')]));
    expect(v.ok && [v.value.delimiter, v.value.header, v.value.rows]).toEqual([',', ['Name;Note', 'Sum'], [['A;b', '1']]]);
  });
});

describe('mixed date formats (defect 6)', () => {
  it('is unrecognised (mixed), not ambiguous', () => {
    const r = parseDateColumn(['2024-03-12', '12.03.2024']);
    expect(r).toMatchObject({ ok: false, error: { kind: 'unrecognised' } });
    expect(!r.ok && r.error.message).toMatch(/mixes date formats/);
  });

  it('01/02/2024-style columns stay ambiguous', () => {
    expect(parseDateColumn(['01/02/2024', '03/04/2024'])).toMatchObject({ ok: false, error: { kind: 'ambiguous', candidates: ['dmy', 'mdy'] } });
  });
});

describe('an unterminated quote', () => {
  it('says how many lines after it could not be read', () => {
    const r = parseCsv(new TextEncoder().encode('Name;Email;City\nAlpha;a@x.ru;Moscow\nBeta;"b@x.ru;Tver\nGamma;g@x.ru;Perm\nDelta;d@x.ru;Omsk\n'));
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.rows.map((x) => x[0])).toEqual(['Alpha']);
    expect(r.value.errors.map((e) => [e.row, e.reason])).toEqual([[3, 'unterminated quote: a field opens with " and never closes (the 3 lines after it could not be read)']]);
  });
});
