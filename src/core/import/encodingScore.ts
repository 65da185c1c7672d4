/**
 * Plausibility score of decoded text, used to choose between legacy code pages that all decode
 * any byte sequence "successfully". ASCII is the same in every candidate, so only non-ASCII
 * characters and the words containing them are scored:
 *  - letters in words with a sane case pattern (lower, UPPER, Capitalised) and a single script: +1 each;
 *  - words mixing scripts (Latin+Cyrillic — cp1251 read as cp1252 gives "Mьller") or with a
 *    lower→upper switch inside (cp1252 read as Mac Roman gives "cafÈ"): penalised;
 *  - Latin words made mostly of accented letters ("Ïðèâåò" = Russian read as cp1252): penalised;
 *  - box drawing, math symbols, half-width katakana, controls, U+FFFD: penalised.
 */
const WORD = /[\p{L}\p{M}]+/gu;
const CYR = /\p{Script=Cyrillic}/u;
const LAT = /\p{Script=Latin}/u;
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;
const HALFWIDTH_KANA = /[\uff61-\uff9f]/u;
const UPPER = /\p{Lu}/u;
const LOWER = /\p{Ll}/u;

function scoreWord(w: string): number {
  let nonAscii = 0, cyr = 0, lat = 0, cjk = 0, kana = 0;
  for (const ch of w) {
    if (ch.charCodeAt(0) < 0x80) { lat++; continue; }
    nonAscii++;
    if (HALFWIDTH_KANA.test(ch)) kana++;
    else if (CYR.test(ch)) cyr++;
    else if (LAT.test(ch)) lat++;
    else if (CJK.test(ch)) cjk++;
  }
  if (nonAscii === 0) return 0;
  if (kana > 0) return -2 * kana;
  const scripts = (cyr > 0 ? 1 : 0) + (lat > 0 ? 1 : 0) + (cjk > 0 ? 1 : 0);
  if (scripts > 1) return -5;
  if (cjk > 0) return cjk;
  // Case pattern: after the first letter, an upper-case letter may only follow another upper-case one.
  const chars = [...w];
  for (let i = 1; i < chars.length; i++) {
    if (UPPER.test(chars[i]!) && LOWER.test(chars[i - 1]!)) return -4;
  }
  if (lat > 0 && chars.length >= 3 && nonAscii / chars.length > 0.5) return -3;
  return nonAscii;
}

const COMMON_PUNCT = new Set('«»—–“”„‘’…№°€£₽¥§©®™·•'.split(''));

/** cp1252 bytes 0x80–0x9F that are undefined (they really are C1 controls in every decoder). */
const CP1252_UNDEFINED = new Set([0x81, 0x8d, 0x8f, 0x90, 0x9d]);

/**
 * @param c1IsCp1252 Node ≥ 20.18.3 decodes windows-1252 as ISO-8859-1 (nodejs/node#60888), turning
 *   curly quotes and dashes into C1 controls; browsers decode them right. Scoring those as the
 *   punctuation they are keeps the choice the same in both.
 */
export function scoreText(text: string, c1IsCp1252 = false): number {
  let score = 0;
  for (const m of text.matchAll(WORD)) score += scoreWord(m[0]);
  for (const ch of text) {
    const c = ch.charCodeAt(0);
    if (c < 0x80) { if (c < 0x20 && c !== 9 && c !== 10 && c !== 13) score -= 20; continue; }
    if (c === 0xfffd) score -= 20;
    else if (c < 0xa0) score += c1IsCp1252 && !CP1252_UNDEFINED.has(c) ? 0.5 : -20; // C1 controls
    else if (c === 0xa0) continue;
    else if (COMMON_PUNCT.has(ch)) score += 0.5;
    else if (/[\p{L}\p{M}]/u.test(ch)) continue; // scored per word
    else if (c >= 0x2500 && c <= 0x25ff) score -= 4; // box drawing & blocks: cp1251 read as cp866
    else if (/[\p{Sm}\p{So}\p{Co}\p{Cn}]/u.test(ch)) score -= 3;
    else score -= 1;
  }
  return score;
}
