import { type Client, type ClientId, defaultClient } from '../model/client';
import { type Contact, type ContactId, defaultContact } from '../model/contact';
import { type Interaction, type InteractionId, INTERACTION_KINDS } from '../model/interaction';
import type { Task, TaskId } from '../model/task';
import type { MemberId } from '../model/member';
import { type PurchaseLine, CHUNK_ROWS } from '../model/purchase';
import { encodeChunk } from '../model/purchaseEncode';
import { deterministicId } from '../model/ids';
import { dayToIso } from '../util/day';
import { int, pick, prng } from './prng';
import * as N from './names';

/**
 * A deterministic, realistic demo base. The same seed and size give the same base on every
 * laptop (so two people loading the sample converge instead of doubling it). `size.clients`
 * ≈ 500 for the demo; 20 000 clients / 1 000 000 lines for the benchmark base.
 */
export type { SampleSize } from './sizes';
export { DEMO_SIZE, BENCH_SIZE } from './sizes';
import type { SampleSize } from './sizes';

export interface SampleBase {
  members: { id: MemberId; name: string; colour: string }[];
  clients: Client[];
  contacts: Contact[];
  interactions: Interaction[];
  tasks: Task[];
  chunks: Uint8Array[];
  lines: number;
}

type Pattern = 'regular' | 'seasonal' | 'irregular' | 'once' | 'churned';

function phoneRu(r: () => number): string { return `+79${String(int(r, 0, 999_999_999)).padStart(9, '0')}`; }
function phoneMk(r: () => number): string { return `+38970${String(int(r, 0, 999_999)).padStart(6, '0')}`; }
function phoneUk(r: () => number): string { return `+447${String(int(r, 0, 999_999_999)).padStart(9, '0')}`; }

const translit: Record<string, string> = { а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ё: 'e', ж: 'zh', з: 'z', и: 'i', й: 'y', к: 'k', л: 'l', м: 'm', н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'h', ц: 'ts', ч: 'ch', ш: 'sh', щ: 'sch', ы: 'y', э: 'e', ю: 'yu', я: 'ya', ј: 'j', ќ: 'kj', ѓ: 'gj', љ: 'lj', њ: 'nj', џ: 'dz', ѕ: 'dz' };
const latin = (s: string) => [...s.toLowerCase()].map((ch) => translit[ch] ?? (/[a-z0-9]/.test(ch) ? ch : '')).join('');

export function generateSample(size: SampleSize, endDay: number, seed = 42): SampleBase {
  const r = prng(seed);
  const members = [
    { id: deterministicId('mem', 'sample', 'anna') as MemberId, name: 'Анна Соколова', colour: '#d62728' },
    { id: deterministicId('mem', 'sample', 'igor') as MemberId, name: 'Игорь Петров', colour: '#1f77b4' },
    { id: deterministicId('mem', 'sample', 'marija') as MemberId, name: 'Марија Николовска', colour: '#2ca02c' },
  ];
  const startDay = endDay - 730;
  const clients: Client[] = [];
  const contacts: Contact[] = [];
  const interactions: Interaction[] = [];
  const tasks: Task[] = [];
  const patterns: Pattern[] = [];
  const now = new Date(endDay * 86_400_000).toISOString();
  for (let i = 0; i < size.clients; i++) {
    const id = deterministicId('cli', 'sample', String(seed), String(i)) as ClientId;
    const c = defaultClient(id, now, '');
    const lang = r() < 0.7 ? 'ru' : r() < 0.5 ? 'mk' : 'en';
    const isPerson = r() < 0.35;
    if (isPerson) {
      c.kind = 'person';
      if (lang === 'ru') { const f = r() < 0.5; c.firstName = pick(r, f ? N.RU_FIRST_F : N.RU_FIRST_M); const ln = pick(r, N.RU_LAST); c.lastName = f ? ln + 'а' : ln; }
      else if (lang === 'mk') { c.firstName = pick(r, N.MK_FIRST); c.lastName = pick(r, N.MK_LAST); }
      else { c.firstName = pick(r, N.EN_FIRST); c.lastName = pick(r, N.EN_LAST); }
      c.name = `${c.firstName} ${c.lastName}`;
    } else if (lang === 'en') {
      c.name = `${pick(r, N.EN_COMPANY_WORDS)} ${pick(r, N.EN_COMPANY_SUFFIX)}`;
      c.legalForm = pick(r, ['Ltd', 'LLC', 'Inc']);
    } else {
      c.name = `${pick(r, N.RU_COMPANY_WORDS)}${pick(r, N.RU_COMPANY_SUFFIX)}`;
      c.legalForm = lang === 'mk' ? pick(r, ['ДООЕЛ', 'ДОО']) : pick(r, ['ООО', 'ООО', 'ИП', 'АО']);
      c.taxId = String(int(r, 1_000_000_000, 9_999_999_999));
    }
    const city = lang === 'ru' ? pick(r, N.RU_CITIES) : lang === 'mk' ? pick(r, N.MK_CITIES) : pick(r, N.EN_CITIES);
    c.addresses = [{ id: 'a1', kind: 'office', line: `${pick(r, N.STREETS_RU)}, ${int(r, 1, 120)}`, city, postalCode: String(int(r, 100000, 699999)), country: lang === 'ru' ? 'RU' : lang === 'mk' ? 'MK' : 'GB' }];
    c.phones = [lang === 'ru' ? phoneRu(r) : lang === 'mk' ? phoneMk(r) : phoneUk(r)];
    c.emails = [`${latin(c.lastName || c.name).slice(0, 12) || 'client'}${i}@example.${lang === 'ru' ? 'ru' : lang === 'mk' ? 'mk' : 'com'}`];
    c.website = isPerson ? '' : `https://${latin(c.name).slice(0, 14)}.example`;
    c.segment = pick(r, N.SEGMENTS);
    c.managerId = members[i % 3]!.id;
    if (r() < 0.25) c.tags = [pick(r, N.TAGS)];
    c.notes = r() < 0.2 ? 'Предпочитает звонки до обеда.' : '';
    clients.push(c);
    const roll = r();
    patterns.push(roll < 0.3 ? 'regular' : roll < 0.45 ? 'seasonal' : roll < 0.75 ? 'irregular' : roll < 0.88 ? 'once' : 'churned');
    if (!isPerson) {
      const nc = int(r, 1, 3);
      for (let k = 0; k < nc; k++) {
        const ct = defaultContact(deterministicId('con', 'sample', String(seed), String(i), String(k)) as ContactId, id, now, '');
        const f = r() < 0.5;
        ct.name = lang === 'en' ? `${pick(r, N.EN_FIRST)} ${pick(r, N.EN_LAST)}` : `${pick(r, f ? N.RU_FIRST_F : N.RU_FIRST_M)} ${pick(r, N.RU_LAST)}${f ? 'а' : ''}`;
        ct.role = pick(r, N.ROLES);
        ct.phones = [lang === 'ru' ? phoneRu(r) : lang === 'mk' ? phoneMk(r) : phoneUk(r)];
        ct.emails = [`${latin(ct.name.split(' ')[0] ?? 'x')}.${i}.${k}@example.org`];
        if (r() < 0.4) ct.birthday = dayToIso(int(r, -15000, 5000)).replace(/^\d{4}/, String(int(r, 1960, 1995)));
        contacts.push(ct);
      }
    }
    if (r() < 0.4) {
      const d = endDay - int(r, 1, 120);
      interactions.push({ id: deterministicId('int', 'sample', String(seed), String(i)) as InteractionId, clientId: id, kind: pick(r, INTERACTION_KINDS), date: dayToIso(d), memberId: c.managerId, text: 'Обсудили условия поставки', result: pick(r, ['Договорились о встрече', 'Ждут КП', 'Перезвонить позже', 'Заказ оформлен']), batchId: '', deletedAt: '', createdAt: now, createdBy: c.managerId, updatedAt: now, updatedBy: c.managerId });
    }
    if (r() < 0.3) {
      tasks.push({ id: deterministicId('tsk', 'sample', String(seed), String(i)) as TaskId, clientId: id, due: dayToIso(endDay + int(r, -10, 14)), about: pick(r, ['Предложить новинки', 'Уточнить заказ', 'Напомнить об оплате', 'Поздравить с праздником']), assigneeId: c.managerId, doneAt: '', deletedAt: '', createdAt: now, createdBy: c.managerId, updatedAt: now, updatedBy: c.managerId });
    }
  }
  // Purchases: spread `size.lines` over clients by pattern, written straight into chunks.
  const weights = patterns.map((p) => (p === 'regular' ? 5 : p === 'seasonal' ? 3 : p === 'irregular' ? 1.5 : p === 'once' ? 0.05 : 2));
  const wsum = weights.reduce((a, b) => a + b, 0);
  const chunks: Uint8Array[] = [];
  let buf: PurchaseLine[] = [];
  let lines = 0;
  let order = 0;
  const flush = () => { if (buf.length) { chunks.push(encodeChunk(buf)); buf = []; } };
  for (let i = 0; i < clients.length && lines < size.lines; i++) {
    let want = i === clients.length - 1 ? size.lines - lines : Math.max(1, Math.round((weights[i]! / wsum) * size.lines));
    if (patterns[i] === 'regular') want = Math.max(48, Math.round(want / 48) * 48); // whole months of 2-line orders, two years
    const p = patterns[i]!;
    const favCats = [int(r, 0, N.CATEGORIES.length - 1), int(r, 0, N.CATEGORIES.length - 1)];
    const churnDay = startDay + int(r, 200, 600);
    const seasonMonth = int(r, 0, 11);
    const scale = 0.5 + r() * 3;
    const baseQty = int(r, 5, 30);
    const steady = r() < 0.6; // most regulars buy the same basket each month; the rest vary more
    let made = 0;
    let k0 = 0;
    while (made < want && lines < size.lines) {
      order++;
      k0++;
      let day: number;
      // Regular buyers order about monthly on their own day: stable monthly sums (X/Y in XYZ).
      if (p === 'regular') {
        const perMonth = Math.max(1, Math.floor(want / 2 / 24));
        const m = Math.floor((k0 - 1) / perMonth) % 24, j = (k0 - 1) % perMonth;
        day = startDay + 6 + Math.floor(m * 30.44) + Math.floor((j * 28) / perMonth) + int(r, 0, 2);
      }
      else if (p === 'seasonal') { const y = r() < 0.5 ? 0 : 365; day = startDay + y + ((seasonMonth * 30 + int(r, 0, 45)) % 365); }
      else if (p === 'churned') day = startDay + Math.floor(r() * (churnDay - startDay));
      else day = startDay + Math.floor(r() * 730);
      if (day > endDay) day = endDay;
      const regularBasket = p === 'regular' && steady;
      const nLines = Math.min(regularBasket ? 2 : int(r, 1, 4), want - made, size.lines - lines);
      for (let k = 0; k < nLines; k++) {
        const [cat, prods, price] = N.CATEGORIES[regularBasket || r() < 0.7 ? favCats[k % 2]! : int(r, 0, N.CATEGORIES.length - 1)]!;
        const qty = regularBasket ? Math.max(1, Math.round(baseQty * (0.9 + r() * 0.2))) : int(r, 1, 40) * (r() < 0.02 ? -1 : 1);
        const unit = Math.round(price * (regularBasket ? 0.98 + r() * 0.04 : 0.8 + r() * 0.4) * 100) / 100;
        buf.push({ clientId: clients[i]!.id, date: dayToIso(day), amount: Math.round(qty * unit * scale * 100) / 100, qty, cost: Math.round(qty * unit * scale * 0.7 * 100) / 100, orderId: `S-${order}`, product: pick(r, prods), category: cat });
        made++; lines++;
        if (buf.length === CHUNK_ROWS) flush();
      }
    }
  }
  flush();
  return { members, clients, contacts, interactions, tasks, chunks, lines };
}
