/**
 * The import core (src/core/import) explains row problems in English (RowError.reason): it stays
 * UI-free, and its tests and logs rely on that text. This module translates those reasons for the
 * screen and the problems CSV, by a table of patterns: each English shape (a regex with named
 * groups) → a Russian and a Macedonian template. A reason no pattern knows is shown as it is.
 *
 * Composed reasons (`${parserError}; kept as typed`, `date: ${parserError}`) are translated part by
 * part: a group named `part` is itself a reason and goes through `translateReason` again.
 * Other special groups: `col` (a column name: "Column 4" is ours, the rest the file's), `by` (how
 * a row matched: plan.ts `matchedBy`), `sep` (comma / point), `fmt` (a date format's pattern).
 * Everything else (values, numbers, countries) is copied as it is.
 */
import type { CsvCell } from '../../core/export/csvWriter';
import type { RowError } from '../../core/import/problem';
import { importEn } from './import.en';
import { importRu } from './import.ru';
import { importMk } from './import.mk';

export type ReasonLocale = 'en' | 'ru' | 'mk';
type Translated = Exclude<ReasonLocale, 'en'>;

interface Rule { re: RegExp; ru: string; mk: string }

/** "Column 4" (header.ts names a column without a title so): for display only. */
const GENERATED_COLUMN = /^Column (\d+)((?: \(\d+\))?)$/;

const MATCHED_BY: Record<string, Record<Translated, string>> = {
  externalId: { ru: 'код', mk: 'шифрата' },
  taxId: { ru: 'ИНН', mk: 'даночниот број' },
  email: { ru: 'адрес электронной почты', mk: 'е-поштата' },
  phone: { ru: 'телефон', mk: 'телефонот' },
  name: { ru: 'название', mk: 'називот' },
};
const SEPARATOR: Record<string, Record<Translated, string>> = {
  comma: { ru: 'запятая', mk: 'запирка' },
  point: { ru: 'точка', mk: 'точка' },
};
/** The separator after "fits" ("the column's decimal comma"): ru needs the instrumental case. */
const SEPARATOR_OF: Record<string, Record<Translated, string>> = {
  comma: { ru: 'десятичной запятой', mk: 'децималната запирка' },
  point: { ru: 'десятичной точкой', mk: 'децималната точка' },
};
const DATE_PATTERN: Record<string, Record<Translated, string>> = {
  'DD.MM.YYYY': { ru: 'ДД.ММ.ГГГГ', mk: 'ДД.ММ.ГГГГ' },
  'MM/DD/YYYY': { ru: 'ММ/ДД/ГГГГ', mk: 'ММ/ДД/ГГГГ' },
  'YYYY-MM-DD': { ru: 'ГГГГ-ММ-ДД', mk: 'ГГГГ-ММ-ДД' },
  'YYYYMMDD': { ru: 'ГГГГММДД', mk: 'ГГГГММДД' },
};

/**
 * Every reason shape src/core/import produces, first match wins. Composed shapes come first, so
 * that their tails are not read as part of a value. Values are quoted as each language quotes.
 */
const RULES: readonly Rule[] = [
  // ---- composed: a value parser's error + what the planner did (clientRow.ts, vcardPlan.ts, plan.ts)
  { re: /^(?<part>.+); kept as typed, not used to link cards$/s,
    ru: '{part}; сохранено как есть, для связывания карточек не используется',
    mk: '{part}; зачувано како што е напишано, не се користи за поврзување на картичките' },
  { re: /^(?<part>.+); not added to the existing client \(kept on its contact person, if any\)$/s,
    ru: '{part}; не добавлено к существующему клиенту (сохранено у его контактного лица, если оно есть)',
    mk: '{part}; не е додадено кон постојниот клиент (зачувано е кај неговото лице за контакт, ако го има)' },
  { re: /^(?<part>.+); kept as typed$/s, ru: '{part}; сохранено как есть', mk: '{part}; зачувано како што е напишано' },
  { re: /^(?<part>.+); not imported$/s, ru: '{part}; не импортировано', mk: '{part}; не е увезено' },
  { re: /^date: (?<part>.+)$/s, ru: 'дата: {part}', mk: 'датум: {part}' },
  { re: /^birthday: (?<part>.+)$/s, ru: 'день рождения: {part}', mk: 'роденден: {part}' },

  // ---- rows (plan.ts, clientRow.ts)
  { re: /^no name, ID or e-mail: nothing to call the client$/,
    ru: 'нет ни названия, ни кода, ни адреса электронной почты: клиента нечем назвать',
    mk: 'нема назив, шифра ни е-пошта: клиентот нема како да се именува' },
  { re: /^same client as an earlier row \(matched by (?<by>\w+)\); merged$/,
    ru: 'тот же клиент, что в строке выше (совпадает {by}); данные объединены',
    mk: 'истиот клиент како во претходен ред (се совпаѓа {by}); податоците се споени' },
  { re: /^no customer: the row names no client$/, ru: 'нет покупателя: в строке не указан клиент', mk: 'нема купувач: редот не наведува клиент' },
  { re: /^no amount$/, ru: 'нет суммы', mk: 'нема износ' },
  { re: /^extension (?<ext>.+) not imported; number kept as (?<number>.+)$/s,
    ru: 'добавочный номер {ext} не импортирован; номер сохранён как {number}',
    mk: 'локалот {ext} не е увезен; бројот е зачуван како {number}' },

  // ---- the file as a table (csv.ts, csvStream.ts)
  { re: /^ragged row: (?<n>\d+) fields, the header has (?<w>\d+) \(the file mixes CRLF and LF line ends: lines ending in LF alone were read as one row\)$/,
    ru: 'неверное число полей: {n}, а в заголовке {w} (в файле смешаны концы строк CRLF и LF: строки, оканчивающиеся только на LF, прочитаны как одна строка)',
    mk: 'погрешен број полиња: {n}, а заглавието има {w} (датотеката меша крајеви на редови CRLF и LF: редовите што завршуваат само со LF се прочитани како еден ред)' },
  { re: /^ragged row: (?<n>\d+) fields, the header has (?<w>\d+)$/,
    ru: 'неверное число полей: {n}, а в заголовке {w}', mk: 'погрешен број полиња: {n}, а заглавието има {w}' },
  { re: /^unterminated quote: a field opens with " and never closes \(the (?<n>\d+) lines? after it could not be read\)$/,
    ru: 'незакрытая кавычка: поле начинается с " и нигде не закрывается (после неё не прочитано строк: {n})',
    mk: 'незатворен наводник: полето почнува со " и никаде не се затвора (редови по него што не може да се прочитаат: {n})' },
  { re: /^unterminated quote: a field opens with " and never closes$/,
    ru: 'незакрытая кавычка: поле начинается с " и нигде не закрывается', mk: 'незатворен наводник: полето почнува со " и никаде не се затвора' },
  { re: /^InvalidQuotes: Trailing quote on quoted field is malformed$/,
    ru: 'неверные кавычки: после закрывающей кавычки поля идёт лишний текст',
    mk: 'погрешни наводници: по затворачкиот наводник на полето има вишок текст' },
  { re: /^parser: CSV parser returned an unexpected result$/,
    ru: 'ошибка чтения CSV: неожиданный результат разбора', mk: 'грешка при читање на CSV: неочекуван резултат' },

  // ---- column formats (formats.ts): shown with the warnings on row 1
  { re: /^Decimal separator of column "(?<col>.*)" taken from the team's country \((?<sep>comma|point)\)$/s,
    ru: 'Десятичный разделитель столбца «{col}» взят по стране команды ({sep})',
    mk: 'Децималниот знак на колоната „{col}“ е земен според земјата на тимот ({sep})' },
  { re: /^Decimal separator of column "(?<col>.*)" not told by its values: (?<sep>comma|point) assumed$/s,
    ru: 'Десятичный разделитель столбца «{col}» не ясен из значений: принята {sep}',
    mk: 'Децималниот знак на колоната „{col}“ не се гледа од вредностите: земена е {sep}' },

  // ---- phones, e-mails (contactValues.ts)
  { re: /^"(?<v>.*)" is not a phone number$/s, ru: '«{v}» — не номер телефона', mk: '„{v}“ не е телефонски број' },
  { re: /^"(?<v>.*)" is not a valid (?<country>\S+) number$/s,
    ru: '«{v}» — недопустимый номер для страны {country}', mk: '„{v}“ не е важечки број за земјата {country}' },
  { re: /^"(?<v>.*)" is (?<number>\S+) with extension (?<ext>.+), which a phone field cannot hold$/s,
    ru: '«{v}» — это номер {number} с добавочным {ext}, а поле телефона добавочный номер не хранит',
    mk: '„{v}“ е бројот {number} со локал {ext}, а полето за телефон не може да содржи локал' },
  { re: /^"(?<v>.*)" holds (?<n>\d+) addresses, not one$/s,
    ru: '«{v}» содержит несколько адресов ({n}), а нужен один', mk: '„{v}“ содржи повеќе адреси ({n}), а треба една' },
  { re: /^"(?<v>.*)" is not an e-mail address$/s, ru: '«{v}» — не адрес электронной почты', mk: '„{v}“ не е адреса на е-пошта' },

  // ---- a contact person's values (clientRow.ts readContact, readBirthday)
  { re: /^no contact person named in the row$/, ru: 'в строке не указано контактное лицо', mk: 'во редот не е наведено лице за контакт' },
  { re: /^day and month order unknown \(write YYYY-MM-DD or DD\.MM\.YYYY\)$/,
    ru: 'неясно, где день, а где месяц (пишите ГГГГ-ММ-ДД или ДД.ММ.ГГГГ)', mk: 'не е јасно кој е денот, а кој месецот (пишете ГГГГ-ММ-ДД или ДД.ММ.ГГГГ)' },
  { re: /^not a date$/, ru: 'не дата', mk: 'не е датум' },

  // ---- numbers (numbers.ts)
  { re: /^"(?<v>.*)" does not fit the column's decimal (?<sep>comma|point)$/s,
    ru: '«{v}» не согласуется с {sepOf} столбца', mk: '„{v}“ не одговара на {sepOf} на колоната' },
  { re: /^"(?<v>.*)" is not a number$/s, ru: '«{v}» — не число', mk: '„{v}“ не е број' },
  { re: /^"(?<v>.*)" is not a finite number$/s, ru: '«{v}» — не конечное число', mk: '„{v}“ не е конечен број' },

  // ---- dates (dates.ts)
  { re: /^empty$/, ru: 'пусто', mk: 'празно' },
  { re: /^year (?<y>-?\d+) is out of range$/, ru: 'год {y} вне допустимого диапазона', mk: 'годината {y} е надвор од дозволениот опсег' },
  { re: /^no such calendar day$/, ru: 'такого дня нет в календаре', mk: 'таков ден не постои во календарот' },
  { re: /^not an? (?<fmt>DD\.MM\.YYYY|MM\/DD\/YYYY|YYYY-MM-DD|YYYYMMDD) date$/,
    ru: 'не в формате {fmt}', mk: 'не е во облик {fmt}' },
  { re: /^a dotted date is day-first$/, ru: 'в дате с точками первым идёт день', mk: 'во датум со точки денот е прв' },
  { re: /^not an Excel date number$/, ru: 'не дата в числовом виде Excel', mk: 'не е датум како број од Excel' },
  { re: /^Excel date number out of range$/,
    ru: 'число даты Excel вне допустимого диапазона', mk: 'бројот на датумот од Excel е надвор од дозволениот опсег' },

  // ---- joining two files on a key (join.ts)
  { re: /^key column not found$/, ru: 'ключевой столбец не найден', mk: 'клучната колона не е најдена' },
  { re: /^no (?<col>.+?) (?<v>".*") in the lookup file$/s,
    ru: 'в файле-справочнике нет значения {v} в столбце «{col}»', mk: 'во датотеката за пребарување нема вредност {v} во колоната „{col}“' },
];

/** The patterns, for tests (each must be met by a reason the core really produces). */
export const reasonPatterns: readonly RegExp[] = RULES.map((r) => r.re);

/** A column name for display: our own "Column 4" in the user's language, the file's names as they are. */
export function translateColumn(name: string, locale: ReasonLocale): string {
  if (locale === 'en') return name;
  const m = GENERATED_COLUMN.exec(name);
  return m ? `${locale === 'ru' ? 'Столбец' : 'Колона'} ${m[1]}${m[2]}` : name;
}

function fill(template: string, groups: Record<string, string | undefined>, locale: Translated): string {
  return template.replace(/\{(\w+)\}/g, (_, key: string) => {
    if (key === 'sepOf') return SEPARATOR_OF[groups.sep ?? '']?.[locale] ?? groups.sep ?? '';
    const v = groups[key] ?? '';
    switch (key) {
      case 'part': return translateReason(v, locale);
      case 'col': return translateColumn(v, locale);
      case 'by': return MATCHED_BY[v]?.[locale] ?? v;
      case 'sep': return SEPARATOR[v]?.[locale] ?? v;
      case 'fmt': return DATE_PATTERN[v]?.[locale] ?? v;
      default: return v;
    }
  });
}

/** A RowError.reason in the user's language; the English text when no pattern knows it. */
export function translateReason(reason: string, locale: ReasonLocale): string {
  if (locale === 'en') return reason;
  for (const r of RULES) {
    const m = r.re.exec(reason);
    if (m) return fill(r[locale], m.groups ?? {}, locale);
  }
  return reason;
}

/** The app's locale as one of ours (anything else reads as English). */
export const reasonLocale = (locale: string): ReasonLocale => (locale === 'ru' || locale === 'mk' ? locale : 'en');

const DICTS = { en: importEn, ru: importRu, mk: importMk } as const;

/**
 * The problems CSV's rows, in the user's language: as core/import/rowErrorsCsv.ts lays them out
 * (and in English exactly its text): Excel row number, column, value, reason, and status.
 */
export function problemRows(plan: { rowErrors: readonly RowError[]; warnings: readonly RowError[] }, locale: string): CsvCell[][] {
  const loc = reasonLocale(locale);
  const d = DICTS[loc];
  const rows: CsvCell[][] = [[d['import.csv.row'], d['import.csv.column'], d['import.csv.value'], d['import.csv.problem'], d['import.csv.status']]];
  const all = [
    ...plan.rowErrors.map((e) => ({ ...e, status: d['import.csv.notImported'] })),
    ...plan.warnings.map((e) => ({ ...e, status: d['import.csv.imported'] })),
  ].sort((a, b) => a.row - b.row);
  for (const e of all) rows.push([e.row, translateColumn(e.column, loc), e.value, translateReason(e.reason, loc), e.status]);
  return rows;
}
