import { err, ok, type Result } from '../util/result';
import { fileProblem, type FileProblem } from './problem';
import { scoreText } from './encodingScore';

/** Encodings the importer can decode (all through the platform `TextDecoder`). */
export const ENCODINGS = [
  'utf-8', 'utf-16le', 'utf-16be', 'windows-1251', 'windows-1252', 'macintosh', 'ibm866', 'shift_jis',
] as const;
export type Encoding = (typeof ENCODINGS)[number];

export const isEncoding = (v: unknown): v is Encoding => typeof v === 'string' && (ENCODINGS as readonly string[]).includes(v);

/** Legacy single/double-byte code pages tried when the bytes are not valid UTF-8. */
const LEGACY: readonly Encoding[] = ['windows-1251', 'windows-1252', 'macintosh', 'ibm866', 'shift_jis'];

export interface EncodingCandidate {
  encoding: Encoding;
  score: number;
}

export interface EncodingGuess {
  encoding: Encoding;
  /** Bytes of byte-order mark to skip before decoding. */
  bomLength: number;
  /** 0..1: 1 for a BOM or valid non-ASCII UTF-8; lower when legacy code pages score close together. */
  confidence: number;
  /** Why this encoding was chosen (shown in the preview). */
  reason: string;
  /** Legacy code pages with their plausibility scores, best first (empty when a BOM or UTF-8 decided). */
  candidates: EncodingCandidate[];
}

/** How many bytes the heuristics look at: enough to be sure, cheap enough for a 50 MB file. */
export const SNIFF_BYTES = 256 * 1024;

const startsWith = (b: Uint8Array, sig: readonly number[]) => sig.every((v, i) => b[i] === v);

/**
 * True when 4-byte groups after `skip` look like UTF-32 code units of mostly-ASCII text.
 * Catches the UTF-32 files some tools write with a 2-byte UTF-16 BOM in front (Salesforce fixtures).
 */
function looksUtf32(b: Uint8Array, skip: number, le: boolean): boolean {
  let groups = 0, hits = 0;
  for (let i = skip; i + 3 < b.length && groups < 256; i += 4, groups++) {
    const hiZero = le ? b[i + 2] === 0 && b[i + 3] === 0 : b[i] === 0 && b[i + 1] === 0;
    if (hiZero) hits++;
  }
  return groups >= 2 && hits / groups > 0.95;
}

/**
 * UTF-16 without a BOM. A text's code units take their high byte from a few values (0x00 for ASCII
 * delimiters, digits and line ends, 0x04 for Cyrillic, 0x20 for dashes and quotes), its low bytes
 * are hardly ever NUL, and a NUL high byte is common (every delimiter); a binary's bytes are spread.
 * Only a share of NULs was checked before, which missed mostly-Cyrillic files. A candidate must
 * also decode strictly into text (`plausibleText`).
 */
function looksUtf16NoBom(b: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const n = Math.min(b.length, 4096) & ~1;
  if (n < 4) return null;
  const pairs = n / 2;
  for (const enc of ['utf-16le', 'utf-16be'] as const) {
    const hiAt = enc === 'utf-16le' ? 1 : 0;
    const hi = new Uint32Array(256);
    let loZero = 0;
    for (let i = 0; i < n; i += 2) { hi[b[i + hiAt]!]!++; if (b[i + 1 - hiAt] === 0) loZero++; }
    if (hi[0]! / pairs < 0.1 || loZero / pairs >= 0.05) continue;
    const top4 = [...hi].sort((x, y) => y - x).slice(0, 4).reduce((a, c) => a + c, 0);
    if (top4 / pairs < 0.9) continue;
    let text: string;
    try { text = new TextDecoder(enc, { fatal: true, ignoreBOM: true }).decode(b.subarray(0, n), { stream: true }); } catch { continue; }
    if (plausibleText(text)) return enc;
  }
  return null;
}

const NOT_TEXT = /[^\p{L}\p{M}\p{N}\p{P}\p{S}\p{Zs}\t\r\n]/u;
const SCRIPTS = ['Latin', 'Cyrillic', 'Greek', 'Armenian', 'Georgian', 'Hebrew', 'Arabic', 'Han', 'Hangul', 'Thai', 'Devanagari']
  .map((name) => new RegExp(`\\p{Script=${name}}`, 'u'));

/** Letters, digits, punctuation and spaces (≤ 1 % anything else), the letters from at most two scripts. */
function plausibleText(text: string): boolean {
  let bad = 0;
  const used = new Set<number>();
  for (const ch of text) {
    if (NOT_TEXT.test(ch)) { bad++; continue; }
    if (ch.charCodeAt(0) < 0x80 || !/\p{L}/u.test(ch)) continue;
    const k = SCRIPTS.findIndex((re) => re.test(ch));
    used.add(k);
  }
  // ASCII letters are Latin: count it as used when any appear.
  if (/[A-Za-z]/.test(text)) used.add(0);
  return bad <= text.length / 100 && used.size <= 2;
}

/** NUL bytes or many C0 control bytes: a binary file (xlsx, zip, image) renamed .csv. */
function looksBinary(b: Uint8Array): boolean {
  const n = Math.min(b.length, 8192);
  let ctl = 0;
  for (let i = 0; i < n; i++) {
    const c = b[i]!;
    if (c === 0) return true;
    if (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0c && c !== 0x1a) ctl++;
  }
  return ctl / Math.max(1, n) > 0.05;
}

/** Valid UTF-8 over the sampled prefix (an incomplete sequence cut by the sample end is fine). */
function isUtf8(sample: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(sample, { stream: true });
    return true;
  } catch {
    return false;
  }
}

/**
 * The lines that contain non-ASCII bytes (from the first few MB, at most 64 KB of them): only they
 * tell code pages apart, and in an English export they may be rare and far from the top.
 */
function highByteLines(bytes: Uint8Array): Uint8Array {
  const limit = Math.min(bytes.length, 8 * 1024 * 1024);
  const out = new Uint8Array(64 * 1024);
  let used = 0, lineStart = 0, high = false;
  for (let i = 0; i < limit && used < out.length; i++) {
    const c = bytes[i]!;
    if (c >= 0x80) high = true;
    if (c === 0x0a || c === 0x0d || i === limit - 1) {
      if (high) {
        const line = bytes.subarray(lineStart, Math.min(i + 1, lineStart + out.length - used));
        out.set(line, used);
        used += line.length;
      }
      lineStart = i + 1;
      high = false;
    }
  }
  return out.subarray(0, used);
}

const hasHighBytes = (b: Uint8Array) => b.some((c) => c >= 0x80);

function decoderAvailable(enc: Encoding): boolean {
  try { new TextDecoder(enc); return true; } catch { return false; }
}

/**
 * Detects the text encoding of a file: BOM first, then UTF-16 without BOM, then strict UTF-8,
 * then the most plausible legacy code page by scoring the decoded text (see encodingScore.ts).
 * Refuses (as a value) empty, binary and UTF-32 files.
 */
export function detectEncoding(bytes: Uint8Array): Result<EncodingGuess, FileProblem> {
  if (bytes.length === 0) return err(fileProblem('empty', 'The file is empty.'));
  const b = bytes.subarray(0, SNIFF_BYTES);
  const bom = (encoding: Encoding, bomLength: number, reason: string): Result<EncodingGuess, FileProblem> =>
    ok({ encoding, bomLength, confidence: 1, reason, candidates: [] });
  const utf32 = () => err(fileProblem('unsupported-encoding',
    'The file is UTF-32, which browsers cannot decode. Save it again as "CSV UTF-8" (Excel) or UTF-16.'));

  if (startsWith(b, [0xff, 0xfe, 0, 0]) || startsWith(b, [0, 0, 0xfe, 0xff])) return utf32();
  if (startsWith(b, [0xef, 0xbb, 0xbf])) return bom('utf-8', 3, 'UTF-8 byte-order mark');
  if (startsWith(b, [0xff, 0xfe])) return looksUtf32(b, 2, true) ? utf32() : bom('utf-16le', 2, 'UTF-16 LE byte-order mark');
  if (startsWith(b, [0xfe, 0xff])) {
    if (looksUtf32(b, 2, true) || looksUtf32(b, 2, false)) return utf32();
    return bom('utf-16be', 2, 'UTF-16 BE byte-order mark');
  }
  const u16 = looksUtf16NoBom(b);
  if (u16) return ok({ encoding: u16, bomLength: 0, confidence: 0.9, reason: 'UTF-16 without byte-order mark (byte pattern)', candidates: [] });
  if (looksBinary(b)) return err(fileProblem('binary', 'This is not a text file (it contains NUL or control bytes). Is it an .xlsx renamed to .csv? Save it from Excel as CSV.'));
  if (!hasHighBytes(b)) return ok({ encoding: 'utf-8', bomLength: 0, confidence: 1, reason: 'plain ASCII', candidates: [] });
  if (isUtf8(b)) return ok({ encoding: 'utf-8', bomLength: 0, confidence: 1, reason: 'valid UTF-8', candidates: [] });

  const evidence = highByteLines(bytes);
  const candidates: EncodingCandidate[] = [];
  for (const enc of LEGACY) {
    if (!decoderAvailable(enc)) continue; // Node without full ICU has no shift_jis
    candidates.push({ encoding: enc, score: scoreText(new TextDecoder(enc).decode(evidence), enc === 'windows-1252') });
  }
  candidates.sort((x, y) => y.score - x.score);
  const best = candidates[0];
  if (!best) return err(fileProblem('bad-encoding', 'The file is not UTF-8 and no legacy code page decoder is available.'));
  const second = candidates[1]?.score ?? -Infinity;
  const margin = best.score - second;
  const confidence = Math.max(0.05, Math.min(0.99, margin / (Math.abs(best.score) + 10)));
  return ok({ encoding: best.encoding, bomLength: 0, confidence, reason: `not UTF-8; ${best.encoding} reads most plausibly`, candidates });
}

/** Byte-order-mark length for a forced encoding (so a user override still skips the BOM). */
export function bomLengthFor(bytes: Uint8Array, encoding: Encoding): number {
  if (encoding === 'utf-8' && startsWith(bytes, [0xef, 0xbb, 0xbf])) return 3;
  if (encoding === 'utf-16le' && startsWith(bytes, [0xff, 0xfe])) return 2;
  if (encoding === 'utf-16be' && startsWith(bytes, [0xfe, 0xff])) return 2;
  return 0;
}

/**
 * Decodes the whole file. Invalid sequences become U+FFFD (not an error): the user sees them in the
 * preview and can pick another encoding.
 */
export function decodeBytes(bytes: Uint8Array, encoding: Encoding, bomLength = bomLengthFor(bytes, encoding)): Result<string, FileProblem> {
  if (!decoderAvailable(encoding)) return err(fileProblem('unsupported-encoding', `This browser cannot decode ${encoding}.`));
  // ignoreBOM: we strip the BOM ourselves (bomLength), so a forced encoding behaves the same.
  return ok(new TextDecoder(encoding, { ignoreBOM: true }).decode(bytes.subarray(bomLength)));
}
