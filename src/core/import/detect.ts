import { parseAll, type Delimiter, type LineEnding } from './csvStream';

/**
 * The line ending used by most rows of the sample (CR-only files come from old Mac Excel); `\n` when
 * CRLF and bare LF are mixed.
 */
export function detectLineEnding(sample: string): LineEnding {
  let crlf = 0, lf = 0, cr = 0, quoted = false;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    // Line breaks inside quoted fields are data, not row ends ("" toggles twice, so it is harmless).
    if (c === 34) quoted = !quoted;
    else if (quoted) continue;
    else if (c === 13) { if (sample.charCodeAt(i + 1) === 10) { crlf++; i++; } else cr++; }
    else if (c === 10) lf++;
  }
  // Both CRLF and bare LF (files concatenated or edited by hand): '\n' ends every line, and
  // CsvStream drops the CR it leaves on a record's last cell. Parsed as CRLF, the LF lines would
  // merge into ragged records and be lost.
  if (crlf > 0 && lf > 0) return cr > crlf + lf ? '\r' : '\n';
  if (crlf >= cr && crlf > 0) return '\r\n';
  return cr > lf ? '\r' : '\n';
}

export interface DelimiterGuess {
  delimiter: Delimiter;
  /** Share of sampled rows whose field count equals the most common count (0..1). */
  consistency: number;
  fields: number;
}

const SAMPLE_ROWS = 50;

function modeOf(counts: number[]): { mode: number; share: number } {
  const freq = new Map<number, number>();
  for (const c of counts) freq.set(c, (freq.get(c) ?? 0) + 1);
  let mode = 0, best = 0;
  for (const [c, f] of freq) if (f > best || (f === best && c > mode)) { mode = c; best = f; }
  return { mode, share: counts.length ? best / counts.length : 0 };
}

/**
 * Picks the delimiter whose field counts are most consistent over the first rows (quotes respected,
 * since we parse with each candidate). Whitespace-separated is only chosen when no real delimiter
 * splits the rows and every row has the same ≥ 3 whitespace-separated fields.
 */
export function detectDelimiter(sample: string, newline: LineEnding): DelimiterGuess {
  let best: DelimiterGuess = { delimiter: ',', consistency: 0, fields: 1 };
  for (const d of [',', ';', '\t', '|'] as const) {
    const { records } = parseAll(sample, d, newline, SAMPLE_ROWS + 1);
    // The last sampled record may be cut by the sample end.
    const counts = records.slice(0, SAMPLE_ROWS).filter((r) => !(r.length === 1 && r[0] === '')).map((r) => r.length);
    const { mode, share } = modeOf(counts);
    if (mode < 2) continue;
    // Prefer consistency; on a tie prefer more fields (a comma inside text splits less regularly).
    if (share > best.consistency + 1e-9 || (Math.abs(share - best.consistency) < 1e-9 && mode > best.fields)) {
      best = { delimiter: d, consistency: share, fields: mode };
    }
  }
  if (best.consistency > 0) return best;
  const { records } = parseAll(sample, 'whitespace', newline, SAMPLE_ROWS);
  const counts = records.filter((r) => !(r.length === 1 && r[0] === '')).map((r) => r.length);
  const { mode, share } = modeOf(counts);
  if (mode >= 3 && share >= 0.9) return { delimiter: 'whitespace', consistency: share, fields: mode };
  return { delimiter: ',', consistency: 1, fields: 1 };
}
