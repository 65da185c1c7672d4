import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  buildClientIndex, joinOnKey, parseCsv, parseDate, parseEmail, parseNumber, parsePhone, parseVcards, planVcards,
  rowErrorsCsv, type Entity, type ImportPlan, type RowError,
} from '../../src/core/import';
import { hashBytes } from '../../src/core/model/ids';
import { csvFormatFor, toCsv } from '../../src/core/export/csvWriter';
import { problemRows, reasonPatterns, translateColumn, translateReason } from '../../src/ui/i18n/reasons';
import { fixture, hasReal, real, realDir, utf8 } from '../import/helpers';
import { NOW, planFile } from '../import/planHelpers';

/** Every distinct reason seen, with one row error carrying it (its value and column are the user's). */
const corpus = new Map<string, RowError>();
const collect = (plan: Pick<ImportPlan, 'rowErrors' | 'warnings'>) => {
  for (const e of [...plan.rowErrors, ...plan.warnings]) if (!corpus.has(e.reason)) corpus.set(e.reason, e);
};
const add = (reason: string, value = '', column = '') => { if (!corpus.has(reason)) corpus.set(reason, { row: 0, column, value, reason }); };

function tryPlan(bytes: Uint8Array, entity: Entity, opts: Parameters<typeof planFile>[2] = {}): ImportPlan | null {
  const parsed = parseCsv(bytes);
  if (parsed.ok) for (const e of parsed.value.errors) add(e.reason, e.value, e.column);
  try { const { plan } = planFile(bytes, entity, opts); collect(plan); return plan; } catch { return null; }
}

function vcards(text: string, index = buildClientIndex([]), fileHash = hashBytes(utf8(text))): ImportPlan {
  const cards = parseVcards(utf8(text));
  if (!cards.ok) throw new Error(cards.error.message);
  const r = planVcards(cards.value, { fileName: 'c.vcf', fileHash, defaultCountry: 'RU', index, now: NOW, by: '' });
  if (!r.ok) throw new Error(r.error.message);
  collect(r.value);
  return r.value;
}

// ---- the corpus: fixtures, real files, hand-made bad rows ----

for (const f of readdirSync(path.resolve(__dirname, '../fixtures/import'))) {
  for (const entity of ['clients', 'purchases', 'interactions'] as const) tryPlan(fixture(f), entity);
}
if (hasReal) {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const f of readdirSync(dir)) {
      const p = path.join(dir, f);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.(csv|txt)$/.test(f) && statSync(p).size < 600_000) files.push(path.relative(realDir, p));
      else if (f.endsWith('.vcf')) {
        const c = parseVcards(real(path.relative(realDir, p)));
        const r = c.ok ? planVcards(c.value, { fileName: f, fileHash: f, defaultCountry: 'RU', index: buildClientIndex([]), now: NOW, by: '' }) : null;
        if (r?.ok) collect(r.value);
      }
    }
  };
  walk(realDir);
  for (const f of files) for (const entity of ['clients', 'purchases'] as const) tryPlan(real(f), entity);
}

// Clients: phones, e-mails, names, repeats; ragged rows, bad quotes.
tryPlan(utf8([
  'Название;Телефон;Почта;ИНН',
  'ООО Ромашка;не телефон;info@romashka.ru;7701234567',
  'ООО Лютик;+7 12;lutik@x.ru;',
  'ООО Василёк;+7 495 123-45-67 ext. 123;вася@;',
  'ООО Клевер;+7 495 765-43-21;a@klever.ru, плохой;',
  ';;;',
  ';;;7709876543',
  'ООО Ромашка;+7 495 111-22-33;info@romashka.ru;7701234567',
  'ООО Лишнее;1;2;3;4',
  '"ООО Кавычка"x;+7 495 111-22-44;q@x.ru;',
].join('\r\n')), 'clients', { mapping: { 'Название': 'name', 'Телефон': 'phone', 'Почта': 'email', 'ИНН': 'taxId' } });
// An empty title ("Column 2"), and a quote never closed.
tryPlan(utf8('Клиент;;Телефон\nИП Петров;x;+7 495 000-00-00\nИП Сидоров;y;"+7\nИП Иванов;z;1\n'), 'clients', { mapping: { 'Клиент': 'name', 'Телефон': 'phone' } });
// CRLF with LF-only lines after the sniffed sample (256 KB): they merge into one record.
{
  const parsed = parseCsv(utf8(`Клиент;Сумма\r\n${'ИП Петров;1\r\n'.repeat(20_000)}ИП А;1\nИП Б;2\r\n`));
  if (parsed.ok) for (const e of parsed.value.errors) add(e.reason, e.value, e.column);
}
// A clients file's contact person: values without a contact name, birthdays that cannot be read.
tryPlan(utf8([
  'Название;Контактное лицо;Телефон контактного лица;День рождения контактного лица',
  'ООО Ромашка;;+7 495 123-45-67;',
  'ООО Лютик;Анна Петрова;;03/07/1985',
  'ООО Клевер;Иван Сидоров;;вчера',
  'ООО Вереск;Олег Орлов;;31.02.1990',
].join('\n')), 'clients', { mapping: { 'Название': 'name', 'Контактное лицо': 'contactName', 'Телефон контактного лица': 'contactPhone', 'День рождения контактного лица': 'contactBirthday' } });
// Purchases: no customer, bad dates, bad numbers, no amount; a decimal separator from the country.
const purchases = [
  'Клиент;Дата;Сумма',
  'ООО Ромашка;01.02.2024;1.200',
  ';02.02.2024;10',
  'ООО Ромашка;31.02.2024;10',
  'ООО Ромашка;вчера;10',
  'ООО Ромашка;01.02.1700;10',
  'ООО Ромашка;;10',
  'ООО Ромашка;03.02.2024;сто',
  'ООО Ромашка;03.02.2024;1e400',
  'ООО Ромашка;04.02.2024;',
].join('\n');
const purchasesMapping = { 'Клиент': 'clientName', 'Дата': 'date', 'Сумма': 'amount' } as const;
tryPlan(utf8(purchases), 'purchases', { mapping: purchasesMapping, extra: { defaultCountry: 'MK', dateFormat: 'dmy' } });
tryPlan(utf8(purchases), 'purchases', { mapping: purchasesMapping, extra: { defaultCountry: 'US', dateFormat: 'dmy' } });
tryPlan(utf8(purchases), 'purchases', { mapping: purchasesMapping, extra: { defaultCountry: 'ZA', dateFormat: 'dmy' } });
tryPlan(utf8('Клиент;Дата;Сумма\nООО Ромашка;2024-02-01;1.234,5\nООО Ромашка;2024-02-01;1.5\n'), 'purchases', { mapping: purchasesMapping, extra: { decimal: '.' } });
tryPlan(utf8('Клиент;Дата;Сумма\nООО Ромашка;2024-02-01;1,234.5\n'), 'purchases', { mapping: purchasesMapping, extra: { decimal: ',' } });
// vCards: an unreadable phone on a new client, then on a client already in the base; an extension.
const card = 'BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Иван Петров\r\nORG:ООО Ромашка\r\nTEL:123\r\nTEL:+7 495 123-45-67 ext. 9\r\nEMAIL:ivan@romashka.ru\r\nEND:VCARD\r\n';
const first = vcards(card);
vcards(card, buildClientIndex(first.clientsToCreate, [], []), 'other');
// Parsers' errors the files above may not reach, composed as the planner composes them.
for (const [v, f] of [['01.02.2024', 'mdy'], ['x', 'mdy'], ['x', 'ymd'], ['x', 'yyyymmdd'], ['x', 'excel-serial'], ['10', 'excel-serial'], ['', 'dmy']] as const) {
  const r = parseDate(v, f);
  if (!r.ok) add(`date: ${r.error}`, v);
}
for (const v of ['a@x.mk b@x.mk', 'не почта']) { const r = parseEmail(v); if (!r.ok) add(`${r.error}; not imported`, v); }
for (const v of ['1.5', '1,234.5']) { const r = parseNumber(v, ','); if (!r.ok) add(r.error, v); }
{ const r = parsePhone('+7 495 123-45-67 ext. 9', 'RU'); if (!r.ok) add(`${r.error}; kept as typed`, '+7 495 123-45-67 ext. 9'); }
{
  const lookup = { header: ['Заказ', 'Клиент'], rows: [['1', 'ООО Ромашка']] };
  for (const e of joinOnKey({ header: ['Заказ', 'Товар'], rows: [['2', 'Чай']] }, lookup, 'Заказ', 'Заказ').errors) add(e.reason, e.value, e.column);
  for (const e of joinOnKey({ header: ['Товар'], rows: [['Чай']] }, lookup, 'Заказ', 'Заказ').errors) add(e.reason, e.value, e.column);
}
// The parser's own failure (csvStream.ts): no file produces it.
add('parser: CSV parser returned an unexpected result');

/** What is left of a translation after the user's own text: quoted values, the row's value and column, names of things. */
function leftover(text: string, e: RowError): string {
  let s = text.replace(/«[^»]*»|„[^“]*“|"[^"]*"/g, ' ').replace(/\b(?:Excel|CSV|CRLF|LF)\b/g, ' ');
  for (const own of [e.value, e.column]) if (own) s = s.split(own).join(' ');
  return s;
}

describe('import problem reasons in ru and mk', () => {
  const reasons = [...corpus.keys()];

  it('the corpus meets every pattern of the table', () => {
    expect(reasons.length).toBeGreaterThanOrEqual(35);
    // A composed reason meets its own pattern and its parts' (a `part` group is a reason again).
    const met = new Set<RegExp>();
    const meet = (r: string): void => {
      const re = reasonPatterns.find((p) => p.test(r));
      if (!re) return;
      met.add(re);
      const part = re.exec(r)?.groups?.part;
      if (part) meet(part);
    };
    reasons.forEach(meet);
    const unmet = reasonPatterns.filter((re) => !met.has(re));
    expect(unmet.map(String)).toEqual([]);
  });

  it.each(['ru', 'mk'] as const)('every reason is translated into %s, with no English left outside the user’s values', (locale) => {
    const bad: string[] = [];
    for (const [reason, e] of corpus) {
      const tr = translateReason(reason, locale);
      if (tr === reason || /[a-z]{3,}/i.test(leftover(tr, e))) bad.push(`${reason} → ${tr}`);
    }
    expect(bad).toEqual([]);
  });

  it('English stays as the core wrote it; an unknown reason falls back to English', () => {
    for (const r of reasons) expect(translateReason(r, 'en')).toBe(r);
    expect(translateReason('something new', 'ru')).toBe('something new');
  });

  it('translates exactly', () => {
    expect(translateReason('"не телефон" is not a phone number; kept as typed', 'ru')).toBe('«не телефон» — не номер телефона; сохранено как есть');
    expect(translateReason('"не телефон" is not a phone number; kept as typed', 'mk')).toBe('„не телефон“ не е телефонски број; зачувано како што е напишано');
    expect(translateReason('unterminated quote: a field opens with " and never closes (the 3 lines after it could not be read)', 'ru'))
      .toBe('незакрытая кавычка: поле начинается с " и нигде не закрывается (после неё не прочитано строк: 3)');
    expect(translateReason('date: no such calendar day', 'ru')).toBe('дата: такого дня нет в календаре');
    expect(translateReason('date: no such calendar day', 'mk')).toBe('датум: таков ден не постои во календарот');
    expect(translateReason('no customer: the row names no client', 'mk')).toBe('нема купувач: редот не наведува клиент');
    expect(translateReason('ragged row: 4 fields, the header has 3', 'ru')).toBe('неверное число полей: 4, а в заголовке 3');
    expect(translateReason('Decimal separator of column "Сумма" taken from the team\'s country (comma)', 'ru'))
      .toBe('Десятичный разделитель столбца «Сумма» взят по стране команды (запятая)');
    expect(translateReason('Decimal separator of column "Column 4" not told by its values: point assumed', 'mk'))
      .toBe('Децималниот знак на колоната „Колона 4“ не се гледа од вредностите: земена е точка');
    expect(translateReason('same client as an earlier row (matched by email); merged', 'ru'))
      .toBe('тот же клиент, что в строке выше (совпадает адрес электронной почты); данные объединены');
    expect(translateReason('"1.5" does not fit the column\'s decimal comma', 'ru')).toBe('«1.5» не согласуется с десятичной запятой столбца');
  });

  it('names generated columns in the UI language, and only those', () => {
    expect(translateColumn('Column 4', 'ru')).toBe('Столбец 4');
    expect(translateColumn('Column 4', 'mk')).toBe('Колона 4');
    expect(translateColumn('Column 4', 'en')).toBe('Column 4');
    expect(translateColumn('Column of sums', 'ru')).toBe('Column of sums');
  });

  it('the problems CSV: English byte-identical to the core’s, ru and mk headings, statuses and reasons translated', () => {
    const plan = {
      rowErrors: [{ row: 3, column: 'Дата', value: '31.02.2024', reason: 'date: no such calendar day' }, { row: 5, column: 'Column 4', value: '', reason: 'ragged row: 4 fields, the header has 3' }],
      warnings: [{ row: 2, column: 'Телефон', value: 'не телефон', reason: '"не телефон" is not a phone number; kept as typed' }],
    };
    for (const loc of ['en', 'ru', 'mk']) expect(toCsv(problemRows(plan, 'en'), csvFormatFor(loc))).toBe(rowErrorsCsv(plan, loc));
    const ru = toCsv(problemRows(plan, 'ru'), csvFormatFor('ru'));
    expect(ru.split(/\r?\n/)[0]).toBe('Строка;Столбец;Значение;Проблема;Статус');
    expect(ru).toContain('3;Дата;31.02.2024;дата: такого дня нет в календаре;не импортирована');
    expect(ru).toContain('5;Столбец 4;;неверное число полей: 4, а в заголовке 3;не импортирована');
    expect(ru).toContain('импортирована');
    expect(ru).not.toMatch(/not imported|Row;/);
    const mk = toCsv(problemRows(plan, 'mk'), csvFormatFor('mk'));
    expect(mk.split(/\r?\n/)[0]).toBe('Ред;Колона;Вредност;Проблем;Статус');
    expect(mk).toContain('не е увезен');
  });
});
