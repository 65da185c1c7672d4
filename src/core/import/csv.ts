import { err, ok, type Result } from '../util/result';
import { bomLengthFor, decodeBytes, detectEncoding, SNIFF_BYTES, type Encoding, type EncodingCandidate } from './encoding';
import { CsvStream, isDelimiter, parseAll, SEP_LINE, type Delimiter, type LineEnding } from './csvStream';
import { detectDelimiter, detectLineEnding } from './detect';
import { detectHeader, genericHeader, normaliseHeader, type HeaderProblem } from './header';
import { fileProblem, type FileProblem, type RowError } from './problem';
import { restoreFormulaText } from '../export/csvWriter';

/** What the preview shows before the user confirms: every guess here is overridable. */
export interface CsvSniff {
  encoding: Encoding;
  bomLength: number;
  /** Encoding confidence 0..1 (1 = BOM or valid UTF-8). */
  confidence: number;
  encodingReason: string;
  encodingCandidates: EncodingCandidate[];
  delimiter: Delimiter;
  /** Share of the first rows agreeing on the field count (0..1). */
  delimiterConsistency: number;
  lineEnding: LineEnding;
  hasHeader: boolean;
  /** Unique, non-empty column names ("Column 1…" when the file has no header). */
  header: string[];
  headerProblems: HeaderProblem[];
  /** The first data rows (up to `previewRows`), as strings. */
  rows: string[][];
}

/** User overrides of the sniffed guesses. */
export interface CsvOptions {
  encoding?: Encoding;
  delimiter?: Delimiter;
  hasHeader?: boolean;
  lineEnding?: LineEnding;
  previewRows?: number;
}

export interface ParsedCsv extends CsvSniff {
  /** Data rows with exactly `header.length` fields (ragged rows are in `errors`, not here). */
  rows: string[][];
  /** Excel row number (1-based, header included) of each entry of `rows`. */
  rowNumbers: number[];
  /** Rows that could not be read: ragged, unterminated quote… (row = Excel row number). */
  errors: RowError[];
  /** Records read (without the header and empty lines). */
  rowsRead: number;
}

/** True for a character `trim()` never removes (ASCII printables, Cyrillic…): lets hot paths skip trimming. */
export const isSolidChar = (c: number): boolean => c > 32 && c < 0x1680 && c !== 0xa0;

function isEmptyRecord(r: readonly string[]): boolean {
  // Per streamed row: a data row almost always starts with a visible character, decided without trim().
  if (isSolidChar(r[0]?.charCodeAt(0) ?? 32)) return false;
  for (const f of r) if (f.trim() !== '') return false;
  return true;
}

function hasApostropheCell(r: readonly string[]): boolean {
  for (const c of r) if (c.charCodeAt(0) === 39) return true;
  return false;
}

function decodeHead(bytes: Uint8Array, opts: CsvOptions): Result<{ text: string; enc: Omit<CsvSniff, 'delimiter' | 'delimiterConsistency' | 'lineEnding' | 'hasHeader' | 'header' | 'headerProblems' | 'rows'> }, FileProblem> {
  if (bytes.length === 0) return err(fileProblem('empty', 'The file is empty.'));
  let encoding: Encoding, bomLength: number, confidence = 1, encodingReason = 'chosen by the user';
  let encodingCandidates: EncodingCandidate[] = [];
  if (opts.encoding) {
    encoding = opts.encoding;
    bomLength = bomLengthFor(bytes, encoding);
  } else {
    const g = detectEncoding(bytes);
    if (!g.ok) return g;
    ({ encoding, bomLength, confidence, candidates: encodingCandidates } = g.value);
    encodingReason = g.value.reason;
  }
  const head = bytes.subarray(0, bomLength + SNIFF_BYTES);
  // stream: true so a multi-byte character cut by the sample end is dropped, not turned into U+FFFD.
  let text: string;
  try {
    text = new TextDecoder(encoding, { ignoreBOM: true }).decode(head.subarray(bomLength), { stream: head.length < bytes.length });
  } catch {
    return err(fileProblem('unsupported-encoding', `This platform cannot decode ${encoding}.`));
  }
  return ok({ text, enc: { encoding, bomLength, confidence, encodingReason, encodingCandidates } });
}

function sniffText(text: string, truncated: boolean, opts: CsvOptions) {
  const lineEnding = opts.lineEnding ?? detectLineEnding(text.slice(0, 65536));
  // Excel's `sep=;` first line names the delimiter; CsvStream skips the line (it stays row 1).
  const hint = SEP_LINE.exec(text)?.[1];
  const d = opts.delimiter ? { delimiter: opts.delimiter, consistency: 1 }
    : hint && isDelimiter(hint) ? { delimiter: hint, consistency: 1 }
    : detectDelimiter(text.slice(0, 65536), lineEnding);
  const previewRows = opts.previewRows ?? 20;
  const { records } = parseAll(text, d.delimiter, lineEnding, 200 + previewRows);
  if (truncated && records.length > 1) records.pop(); // the last record may be cut by the sample end
  const nonEmpty = records.filter((r) => !isEmptyRecord(r));
  const first = nonEmpty[0] ?? [];
  const hasHeader = opts.hasHeader ?? detectHeader(first, nonEmpty.slice(1, 20));
  const width = hasHeader ? first.length : modeWidth(nonEmpty);
  const { header, problems } = hasHeader ? normaliseHeader(first) : { header: genericHeader(width), problems: [] };
  const rows = nonEmpty.slice(hasHeader ? 1 : 0, (hasHeader ? 1 : 0) + previewRows);
  return { lineEnding, delimiter: d.delimiter, delimiterConsistency: d.consistency, hasHeader, header, headerProblems: problems, rows };
}

function modeWidth(records: readonly (readonly string[])[]): number {
  const freq = new Map<number, number>();
  for (const r of records.slice(0, 100)) freq.set(r.length, (freq.get(r.length) ?? 0) + 1);
  let best = 0, width = 1;
  for (const [w, f] of freq) if (f > best) { best = f; width = w; }
  return width;
}

/**
 * Detects encoding, delimiter, line ending and header from the first 256 KB, and returns the first
 * rows for the preview. Never throws: an empty, binary or UTF-32 file is an error value.
 */
export function sniffCsv(bytes: Uint8Array, options: CsvOptions = {}): Result<CsvSniff, FileProblem> {
  const h = decodeHead(bytes, options);
  if (!h.ok) return h;
  const truncated = bytes.length > h.value.enc.bomLength + SNIFF_BYTES;
  const s = sniffText(h.value.text, truncated, options);
  if (!s.header.length || (s.header.length === 1 && s.header[0] === 'Column 1' && !s.rows.length)) {
    return err(fileProblem('no-data-rows', 'The file has no rows.'));
  }
  return ok({ ...h.value.enc, ...s });
}

/**
 * Streaming row assembler shared by `parseCsv`, the worker and the benchmark: skips empty lines and
 * the header, checks every row against the header width and turns parser errors into row errors.
 * Cells our CSV export protected against formula injection (`'=…`) get their text back.
 */
export class RowAssembler {
  readonly errors: RowError[] = [];
  rowsRead = 0;
  private readonly stream: CsvStream;
  private headerSeen: boolean;

  constructor(
    private readonly sniff: Pick<CsvSniff, 'delimiter' | 'lineEnding' | 'hasHeader' | 'header'>,
    private readonly onRow: (fields: string[], excelRow: number) => void,
  ) {
    this.headerSeen = !sniff.hasHeader;
    const width = sniff.header.length;
    this.stream = new CsvStream(sniff.delimiter, sniff.lineEnding, {
      record: (fields, record) => {
        if (isEmptyRecord(fields)) return;
        if (!this.headerSeen) { this.headerSeen = true; return; }
        this.rowsRead++;
        // Excel often pads rows with empty trailing cells; those are not a real mismatch.
        let f = fields;
        while (f.length > width && f[f.length - 1] === '') f = f.slice(0, -1);
        if (f.length !== width) {
          const value = fields.join(sniff.delimiter === 'whitespace' ? ' ' : sniff.delimiter);
          // Read with CRLF, LF-ended lines beyond the sniffed sample merge into one record.
          const merged = sniff.lineEnding === '\r\n' && fields.length > width && value.includes('\n');
          this.errors.push({ row: record, column: '', value: value.slice(0, 200),
            reason: `ragged row: ${fields.length} fields, the header has ${width}${merged ? ' (the file mixes CRLF and LF line ends: lines ending in LF alone were read as one row)' : ''}` });
          return;
        }
        // Only rows with an apostrophe-led cell pay for the copy.
        this.onRow(hasApostropheCell(f) ? f.map(restoreFormulaText) : f, record);
      },
      error: (e) => {
        const reason = e.code === 'MissingQuotes'
          ? `unterminated quote: a field opens with " and never closes${e.lines ? ` (the ${e.lines} line${e.lines === 1 ? '' : 's'} after it could not be read)` : ''}`
          : `${e.code}: ${e.message}`;
        this.errors.push({ row: e.record, column: '', value: '', reason });
      },
    });
  }

  push(text: string): void { this.stream.push(text); }
  end(): void { this.stream.end(); }
  /** Records read so far, header and empty lines included (row numbers of a later part start after it). */
  get records(): number { return this.stream.records; }
  get atRecordEnd(): boolean { return this.stream.atRecordEnd; }
}

/**
 * Parses the whole file into rows of strings plus row errors. Options override the sniffed
 * encoding, delimiter and header decision. A file with a header but no data rows is an error value.
 */
export function parseCsv(bytes: Uint8Array, options: CsvOptions = {}): Result<ParsedCsv, FileProblem> {
  const s = sniffCsv(bytes, options);
  if (!s.ok) return s;
  const text = decodeBytes(bytes, s.value.encoding, s.value.bomLength);
  if (!text.ok) return text;
  const rows: string[][] = [];
  const rowNumbers: number[] = [];
  const asm = new RowAssembler(s.value, (f, r) => { rows.push(f); rowNumbers.push(r); });
  asm.push(text.value);
  asm.end();
  if (rows.length === 0 && asm.errors.length === 0) return err(fileProblem('no-data-rows', 'The file has a header but no data rows.'));
  return ok({ ...s.value, rows, rowNumbers, errors: asm.errors, rowsRead: asm.rowsRead });
}
