/**
 * Column-name synonyms per target field, in Russian, Macedonian and English, already in the
 * normalised form `normaliseName` produces (lower case, camelCase/snake_case split, ё → е).
 * A trailing `:0.6` lowers the weight of an alias that is only a hint.
 */
export type Entity = 'clients' | 'purchases' | 'interactions';

export const CLIENT_FIELDS = [
  'externalId', 'name', 'taxId', 'phone', 'email', 'firstName', 'lastName', 'contactName', 'contactTitle',
  'address', 'city', 'region', 'postalCode', 'country', 'website', 'segment', 'notes', 'legalForm',
  // The contact person's own values (our contacts export writes them): never the client's.
  'contactPhone', 'contactEmail', 'contactBirthday', 'contactNotes',
] as const;
export const PURCHASE_FIELDS = [
  'clientExternalId', 'clientName', 'clientTaxId', 'clientEmail', 'clientPhone', 'date', 'amount', 'qty',
  'unitPrice', 'discount', 'cost', 'orderId', 'product', 'category',
] as const;
export const INTERACTION_FIELDS = [
  'clientExternalId', 'clientName', 'clientTaxId', 'clientEmail', 'clientPhone', 'date', 'kind', 'text', 'result',
] as const;
export type ClientField = (typeof CLIENT_FIELDS)[number];
export type PurchaseField = (typeof PURCHASE_FIELDS)[number];
export type InteractionField = (typeof INTERACTION_FIELDS)[number];
export type TargetField = ClientField | PurchaseField | InteractionField;

/** "ФИО" / "Ф.И.О." (фамилия, имя, отчество), "Име и презиме", "Full name". */
const FULL_NAME = ['фио', 'ф и о', 'full name', 'полное имя', 'име и презиме', 'име презиме', 'презиме и име'];

/**
 * The order of a person's names in a full-name column: ФИО and "презиме и име" put the family name
 * first, "Full name" and "име и презиме" the given name; "полное имя" says nothing.
 */
export type NameOrder = 'last-first' | 'first-last' | 'unknown';
const FULL_NAME_ORDER: Record<string, NameOrder> = {
  'фио': 'last-first', 'ф и о': 'last-first', 'презиме и име': 'last-first',
  'full name': 'first-last', 'име и презиме': 'first-last', 'име презиме': 'first-last', 'полное имя': 'unknown',
};

/** The name order of a column titled as a person's full name ("ФИО клиента" too), or null for any other title. */
export function fullNameOrder(header: string): NameOrder | null {
  const n = normaliseName(header);
  for (const a of FULL_NAME) if (n === a || n.startsWith(`${a} `)) return FULL_NAME_ORDER[a] ?? 'unknown';
  return null;
}

const EXT_ID = ['customer id', 'client id', 'customer no', 'customer number', 'account id', 'master id', 'masterid', 'cust id',
  'код клиента', 'код контрагента', 'id клиента', 'код покупателя', 'шифра на купувач', 'шифра на клиент', 'шифра', 'код', 'id:0.6'];
const NAME = ['customer name', 'client name', 'company name', 'company', 'name', 'display name', 'account name', 'customer',
  'клиент', 'контрагент', 'наименование', 'название', 'организация', 'компания', 'покупатель', 'наименование контрагента',
  'назив', 'купувач', 'фирма', 'назив на купувач', 'client',
  // A person's full name: the client when it is the only name, below a company-name column when both are there
  // (clients files then give it to the contact person, see contactName).
  ...FULL_NAME.map((a) => `${a}:0.9`), 'фио клиента', 'фио покупателя', 'име и презиме на купувач'];
const TAX_ID = ['инн', 'tax id', 'vat', 'vat id', 'vat number', 'tax number', 'едб', 'даночен број', 'унп', 'inn', 'edb', 'бин'];
const PHONE = ['phone', 'telephone', 'tel', 'phone number', 'work phone', 'mobile', 'mobile number', 'mobile phone', 'home phone', 'cell',
  'телефон', 'тел', 'мобильный', 'мобильный телефон', 'мобилен', 'мобилен телефон', 'телефонски број'];
const EMAIL = ['email', 'e mail', 'primary email', 'email address', 'e mail address', 'mail', 'secondary email:0.8',
  'почта', 'электронная почта', 'эл почта', 'емаил', 'е пошта', 'е маил', 'електронска пошта'];

/**
 * A contact person's value in the three languages: "contact phone", "contact person phone";
 * "телефон контактного лица", "телефон контакта" (…"о контактном лице" for notes); "телефон на
 * лицето за контакт", "телефон на контакт лице", "телефон на контакт".
 */
function contactAliases(en: readonly string[], ru: readonly string[], mk: readonly string[]): string[] {
  return [
    ...en.flatMap((w) => [`contact ${w}`, `contact person ${w}`, `contact s ${w}`]),
    ...ru.flatMap((w) => [`${w} контактного лица`, `${w} контакта`, `${w} о контактном лице`, `${w} контактное лицо`]),
    ...mk.flatMap((w) => [`${w} на лицето за контакт`, `${w} на лице за контакт`, `${w} на контакт лице`, `${w} на контакт лицето`, `${w} за лицето за контакт`, `${w} на контакт`]),
  ];
}

const CLIENT_ALIASES: Record<ClientField, string[]> = {
  externalId: EXT_ID,
  name: NAME,
  taxId: TAX_ID,
  phone: PHONE,
  email: EMAIL,
  firstName: ['first name', 'given name', 'firstname', 'имя', 'име'],
  lastName: ['last name', 'surname', 'family name', 'lastname', 'фамилия', 'презиме'],
  contactName: ['contact name', 'contact', 'contact person', 'контактное лицо', 'контакт', 'лице за контакт', 'контакт лице',
    ...FULL_NAME.map((a) => `${a}:0.8`)],
  contactTitle: ['contact title', 'job title', 'title:0.7', 'position', 'должность', 'позиција', 'работно место', 'функција'],
  address: ['address', 'street', 'street address', 'home address:0.8', 'work address:0.8', 'адрес', 'адреса', 'улица', 'юридический адрес'],
  city: ['city', 'town', 'home city:0.8', 'work city:0.8', 'город', 'град', 'населено место'],
  region: ['region', 'state', 'province', 'область', 'регион', 'край'],
  postalCode: ['postal code', 'zip', 'zip code', 'zipcode', 'postcode', 'home zip code:0.8', 'work zip code:0.8', 'индекс', 'почтовый индекс', 'поштенски број'],
  country: ['country', 'country region', 'home country:0.8', 'work country:0.8', 'страна', 'држава'],
  website: ['website', 'web site', 'web page', 'web page 1:0.8', 'url', 'site', 'сайт', 'веб страна', 'веб сајт'],
  segment: ['segment', 'client type', 'customer type', 'сегмент', 'тип клиента', 'категория клиента'],
  notes: ['notes', 'note', 'comment', 'comments', 'description:0.6', 'комментарий', 'примечание', 'заметки', 'забелешка', 'коментар'],
  legalForm: ['legal form', 'организационно правовая форма', 'опф', 'правна форма'],
  // Named as the contact person's (a bare "Phone" or "Birthday" stays the client's): "Contact phone 2"
  // contains both "contact phone" and "phone", and the longer alias wins (mapping.ts).
  contactPhone: contactAliases(['phone', 'telephone', 'mobile', 'mobile phone', 'phone number'], ['телефон', 'мобильный', 'мобильный телефон'], ['телефон', 'мобилен', 'мобилен телефон']),
  contactEmail: contactAliases(['email', 'e mail', 'email address'], ['email', 'e mail', 'почта', 'электронная почта', 'эл почта'], ['email', 'е пошта', 'е маил', 'електронска пошта']),
  contactBirthday: contactAliases(['birthday', 'birth date', 'date of birth', 'dob'], ['дата рождения', 'день рождения'], ['роденден', 'датум на раѓање']),
  contactNotes: contactAliases(['notes', 'note', 'comment', 'comments'], ['заметки', 'примечание', 'комментарий'], ['белешки', 'забелешка', 'коментар']),
};

const PURCHASE_ALIASES: Record<PurchaseField, string[]> = {
  clientExternalId: EXT_ID,
  clientName: NAME.filter((a) => a !== 'наименование' && a !== 'name' && a !== 'display name').concat(['наименование:0.5', 'name:0.5', 'ship name:0.5']),
  clientTaxId: TAX_ID,
  clientEmail: EMAIL,
  clientPhone: PHONE,
  date: ['date', 'order date', 'invoice date', 'sale date', 'purchase date', 'transaction date', 'close date', 'ship date:0.7',
    'shipped date:0.5', 'дата', 'дата продажи', 'дата заказа', 'дата документа', 'дата покупки', 'датум', 'датум на фактура', 'датум на продажба'],
  amount: ['sales', 'amount', 'sum', 'total', 'revenue', 'line total', 'dollar value', 'sales amount', 'value', 'net amount',
    'сумма', 'выручка', 'итого', 'сумма продажи', 'сумма с ндс', 'износ', 'вкупно', 'вкупен износ', 'сума', 'продажба'],
  qty: ['quantity', 'qty', 'units', 'cds', 'number of cds', 'количество', 'кол во', 'колво', 'количина', 'шт'],
  unitPrice: ['unit price', 'unitprice', 'price', 'price each', 'цена', 'цена за единицу', 'единечна цена', 'цена без ндс'],
  discount: ['discount', 'скидка', 'попуст'],
  cost: ['cost', 'unit cost', 'себестоимость', 'набавна цена', 'набавна вредност'],
  orderId: ['order id', 'invoice no', 'invoice', 'invoice number', 'order', 'order number', 'order no', 'номер заказа', 'заказ',
    'номер документа', 'документ', 'счет', 'номер счета', 'фактура', 'број на фактура', 'нарачка', 'број на нарачка'],
  product: ['product', 'product name', 'description', 'item', 'item name', 'товар', 'номенклатура', 'наименование товара',
    'продукт', 'производ', 'артикл', 'stock code:0.6', 'product id:0.6', 'sku:0.6', 'артикул:0.7',
    // A product's code, not the client's ("код" / "шифра" alone are the client's).
    'код товара:0.6', 'код продукта:0.6', 'шифра на производ:0.6', 'шифра на артикл:0.6', 'product code:0.6', 'item code:0.6'],
  category: ['category', 'product category', 'sub category:0.6', 'group', 'категория', 'группа', 'категорија', 'група'],
};

const INTERACTION_ALIASES: Record<InteractionField, string[]> = {
  clientExternalId: EXT_ID,
  clientName: NAME,
  clientTaxId: TAX_ID,
  clientEmail: EMAIL,
  clientPhone: PHONE,
  date: ['date', 'activity date', 'дата', 'датум', 'created date:0.7'],
  kind: ['type', 'kind', 'channel', 'activity type', 'тип', 'вид', 'канал'],
  text: ['text', 'subject', 'description', 'notes', 'comment', 'тема', 'описание', 'комментарий', 'содржина', 'опис'],
  result: ['result', 'outcome', 'status', 'результат', 'итог', 'исход', 'резултат'],
};

export const ALIASES: Record<Entity, Record<string, string[]>> = {
  clients: CLIENT_ALIASES,
  purchases: PURCHASE_ALIASES,
  interactions: INTERACTION_ALIASES,
};

export const FIELDS: Record<Entity, readonly TargetField[]> = {
  clients: CLIENT_FIELDS, purchases: PURCHASE_FIELDS, interactions: INTERACTION_FIELDS,
};

/** Lower case, camelCase and snake_case split into words, punctuation to spaces, ё → е. */
export function normaliseName(s: string): string {
  return s
    .replace(/^\ufeff/, '')
    .replace(/(\p{Ll})(\p{Lu})/gu, '$1 $2')
    .replace(/(\p{Lu})(\p{Lu}\p{Ll})/gu, '$1 $2')
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

let known: Set<string> | null = null;
/** True when the cell is a column name we know in any language (used to detect a header row). */
export function isKnownHeader(cell: string): boolean {
  if (!known) {
    known = new Set();
    for (const table of Object.values(ALIASES)) for (const list of Object.values(table)) for (const a of list) known.add(a.split(':')[0]!);
  }
  const n = normaliseName(cell);
  return n !== 'id' && known.has(n); // "id" alone is too common a data value to decide a header
}
