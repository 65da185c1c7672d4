import type { Client, ClientId } from '../model/client';
import { digits, norm } from './search';

/**
 * Likely duplicates: same tax id, same phone (national part), same e-mail, or similar names —
 * across Cyrillic and Latin spelling («Иван Петров» ~ "Petrov Ivan"), word order and legal forms
 * («ООО Вектор» ~ «Вектор ООО» ~ "Vektor LLC"). Pure: takes the live clients, returns pairs.
 */
export type DuplicateReason = 'taxId' | 'phone' | 'email' | 'name' | 'similarName';
export interface DuplicatePair { a: ClientId; b: ClientId; reasons: DuplicateReason[]; score: number }

const TRANSLIT: Record<string, string> = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ё: 'e', ж: 'zh', з: 'z', и: 'i', й: 'i', к: 'k', л: 'l', м: 'm', н: 'n', о: 'o',
  п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'h', ц: 'c', ч: 'ch', ш: 'sh', щ: 'sh', ъ: '', ы: 'i', ь: '', э: 'e', ю: 'iu', я: 'ia',
  // Macedonian, Serbian, Ukrainian, Belarusian letters
  ѓ: 'g', ѕ: 'dz', ј: 'i', љ: 'l', њ: 'n', ќ: 'k', џ: 'dz', ђ: 'd', ћ: 'c', і: 'i', ї: 'i', є: 'e', ґ: 'g', ў: 'u',
};

/** Legal forms and company noise words, after transliteration: not part of the name. */
const NOISE = new Set(['ooo', 'oao', 'zao', 'ao', 'pao', 'nao', 'ip', 'chp', 'dooel', 'doo', 'ad', 'tov', 'llc', 'ltd', 'inc', 'gmbh', 'co', 'corp', 'company', 'kompania', 'firma', 'the']);

/** One word in a spelling that Cyrillic and the usual Latin transliterations share. */
function translit(w: string): string {
  let s = '';
  for (const ch of w) s += TRANSLIT[ch] ?? ch;
  return s;
}

export function foldWord(w: string): string {
  const s = translit(w)
    .replace(/shch/g, 'sh').replace(/kh/g, 'h').replace(/tz|ts/g, 'c').replace(/ph/g, 'f').replace(/ck/g, 'k')
    .replace(/x/g, 'ks').replace(/w/g, 'v').replace(/q/g, 'k').replace(/[yj]/g, 'i')
    .replace(/[^a-z0-9]/g, '')
    .replace(/([a-z])\1+/g, '$1'); // doubled letters: Anna ~ Ana, Филиппов ~ Filipov
  return s.replace(/ii$/, 'i').replace(/ei$/, 'i').replace(/ie/g, 'e'); // Дмитрий ~ Dmitriy ~ Dmitri
}

/** Names share most words (Иван, ООО, Трейд…): folding each distinct word once is ~10× faster. */
const wordCache = new Map<string, string>();

/** The name's words, folded, without legal forms, sorted: order-independent. */
export function nameKey(name: string): string {
  const words: string[] = [];
  for (const w of norm(name).split(/[^\p{L}\p{N}]+/u)) {
    if (!w) continue;
    let f = wordCache.get(w);
    if (f === undefined) {
      f = NOISE.has(translit(w)) ? '' : foldWord(w);
      if (wordCache.size > 200_000) wordCache.clear();
      wordCache.set(w, f);
    }
    if (f) words.push(f);
  }
  return words.sort().join(' ');
}

function clientNameKey(c: Client): string {
  const parts = c.kind === 'person' && (c.firstName || c.lastName) ? `${c.firstName} ${c.lastName}` : c.name;
  return nameKey(parts) || nameKey(c.name);
}

/** Edit distance, bounded: gives up (returns max+1) once it cannot stay within `max`. */
export function levenshtein(a: string, b: string, max = Infinity): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let best = i;
    for (let k = 1; k <= b.length; k++) {
      const v = Math.min(prev[k]! + 1, cur[k - 1]! + 1, prev[k - 1]! + (a[i - 1] === b[k - 1] ? 0 : 1));
      cur.push(v);
      if (v < best) best = v;
    }
    if (best > max) return max + 1;
    prev = cur;
  }
  return prev[b.length]!;
}

/** Similar enough: at most one edit per 5 letters (Petrov ~ Petrow, Vektor ~ Vector). */
const numbers = (k: string): string => k.split(' ').filter((w) => /\d/.test(w)).join(' ');

export function similarKeys(a: string, b: string): boolean {
  if (!a || !b || a === b) return a === b && !!a;
  // «Магазин 1» and «Магазин 2» are two shops, not a typo.
  if (numbers(a) !== numbers(b)) return false;
  const max = Math.floor(Math.min(a.length, b.length) / 5);
  return max > 0 && levenshtein(a, b, max) <= max;
}

/** Legal forms that name the same kind of entity across languages; other differing forms are different entities. */
const FORM_GROUP: Record<string, string> = {
  ooo: 'llc', llc: 'llc', ltd: 'llc', doo: 'llc', dooel: 'llc', gmbh: 'llc', tov: 'llc',
  ao: 'stock', pao: 'stock', zao: 'stock', oao: 'stock', nao: 'stock', ad: 'stock', inc: 'stock', corp: 'stock',
  ip: 'sole', chp: 'sole',
};
const formKey = (f: string): string => { const k = translit(norm(f).replace(/[^\p{L}]/gu, '')); return FORM_GROUP[k] ?? k; };
/** «ИП Торг» and «АО Торг» are two legal entities: a name alone does not make them duplicates. */
const formsClash = (a: Client, b: Client): boolean => a.kind === 'company' && b.kind === 'company' && !!a.legalForm && !!b.legalForm && formKey(a.legalForm) !== formKey(b.legalForm);

const phoneKey = (p: string): string => { const d = digits(p); return d.length >= 6 ? d.slice(-9) : ''; };
const WEIGHT: Record<DuplicateReason, number> = { taxId: 5, email: 4, phone: 3, name: 2, similarName: 1 };
/** Groups larger than this are common values (a shared switchboard, «ИП»), not duplicates. */
const MAX_GROUP = 25;

export function findDuplicates(clients: readonly Client[]): DuplicatePair[] {
  const live = clients.filter((c) => !c.deletedAt && !c.mergedInto && !c.erasedAt);
  const pairs = new Map<string, DuplicatePair>();
  const add = (x: ClientId, y: ClientId, r: DuplicateReason): void => {
    if (x === y) return;
    const [a, b] = x < y ? [x, y] : [y, x];
    const k = `${a} ${b}`;
    let p = pairs.get(k);
    if (!p) { p = { a, b, reasons: [], score: 0 }; pairs.set(k, p); }
    if (!p.reasons.includes(r)) { p.reasons.push(r); p.score += WEIGHT[r]; }
  };
  const groups = new Map<string, Set<ClientId>>();
  const put = (k: string, id: ClientId): void => { const g = groups.get(k); if (g) g.add(id); else groups.set(k, new Set([id])); };
  const keys = new Map<ClientId, string>();
  const byId = new Map<ClientId, Client>(live.map((c) => [c.id, c]));
  for (const c of live) {
    const tax = digits(c.taxId) || c.taxId.trim().toLowerCase();
    if (tax.length >= 5) put(`taxId\u0000${tax}`, c.id);
    for (const p of c.phones) { const k = phoneKey(p); if (k) put(`phone\u0000${k}`, c.id); }
    for (const e of c.emails) { const k = e.trim().toLowerCase(); if (k.includes('@')) put(`email\u0000${k}`, c.id); }
    const nk = clientNameKey(c);
    keys.set(c.id, nk);
    if (nk) {
      put(`name\u0000${nk}`, c.id);
      // Blocks for fuzzy names: each word's first 3 letters (a typo rarely hits every word's start).
      for (const w of new Set(nk.split(' '))) if (w.length >= 3) put(`block\u0000${w.slice(0, 3)}`, c.id);
    }
  }
  for (const [k, set] of groups) {
    if (set.size < 2 || set.size > MAX_GROUP) continue;
    const ids = [...set];
    const kind = k.slice(0, k.indexOf('\u0000'));
    for (let i = 0; i < ids.length; i++) for (let m = i + 1; m < ids.length; m++) {
      if (kind === 'block') { if (similarKeys(keys.get(ids[i]!)!, keys.get(ids[m]!)!) && keys.get(ids[i]!) !== keys.get(ids[m]!)) add(ids[i]!, ids[m]!, 'similarName'); }
      else add(ids[i]!, ids[m]!, kind as DuplicateReason);
    }
  }
  // Name-only matches between companies of clashing legal forms are dropped.
  for (const [k, p] of pairs) if (p.reasons.every((r) => r === 'name' || r === 'similarName') && formsClash(byId.get(p.a)!, byId.get(p.b)!)) pairs.delete(k);
  return [...pairs.values()].sort((x, y) => y.score - x.score || x.a.localeCompare(y.a) || x.b.localeCompare(y.b));
}
