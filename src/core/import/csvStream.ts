import Papa from 'papaparse';

/** Field delimiters the importer detects; 'whitespace' = runs of spaces/tabs (fixed-width dumps like CDNOW). */
export type Delimiter = ',' | ';' | '\t' | '|' | 'whitespace';
export const DELIMITERS: readonly Delimiter[] = [',', ';', '\t', '|', 'whitespace'];
export const isDelimiter = (v: unknown): v is Delimiter => typeof v === 'string' && (DELIMITERS as readonly string[]).includes(v);

export type LineEnding = '\r\n' | '\n' | '\r';

/**
 * Text parsed per call. Every row of a slice is alive until the slice is planned: at 1 MB (~15 000
 * rows of cells) the import bench peaked ~80 MB higher than at 64 KB, for the same time.
 */
const SLICE = 1 << 16;

/** A low-level parse problem: `record` is the 1-based record number (= Excel row number). */
export interface CsvStreamError {
  record: number;
  code: string;
  message: string;
  /** Lines after the record's start that it swallowed (an unterminated quote): they were not read as rows. */
  lines?: number;
}

export interface CsvStreamHandlers {
  /** Called for every good record, including empty lines (as `['']`), so record numbers match Excel rows. */
  record(fields: string[], record: number): void;
  error(e: CsvStreamError): void;
}

interface PapaRaw {
  data: string[][];
  errors: { code?: string; message?: string; row?: number }[];
  meta: { cursor: number };
}

function isPapaRaw(v: unknown): v is PapaRaw {
  if (typeof v !== 'object' || v === null) return false;
  const r = v as Record<string, unknown>;
  const meta = r.meta as Record<string, unknown> | undefined;
  return Array.isArray(r.data) && Array.isArray(r.errors) && typeof meta?.cursor === 'number';
}

/**
 * Push-based CSV parser over decoded text chunks, built on papaparse's own low-level `Parser`
 * (the same call its ChunkStreamer makes: parse the buffer, keep the unfinished last record).
 * We drive it ourselves because papaparse only streams from File or Node streams, and we must
 * decode with TextDecoderStream first (papaparse's chunking splits UTF-8 characters).
 */
export class CsvStream {
  private buffer = '';
  private recordNo = 0;
  /** Re-parse only after the buffer doubled when a quoted field spans chunks (keeps it linear). */
  private waitFor = 0;
  /**
   * Set once a `\r\n` is seen while the newline is `\n`: the file mixes CRLF and LF (concatenated or
   * hand-edited files), so each record's last cell loses the `\r` left of its CRLF. Checked per
   * parsed buffer (a native indexOf), so a pure-LF file pays nothing per row.
   */
  private stripCr = false;
  private readonly parser: Papa.Parser | null;

  constructor(private readonly delimiter: Delimiter, private readonly newline: LineEnding, private readonly on: CsvStreamHandlers) {
    this.parser = delimiter === 'whitespace' ? null : new Papa.Parser({ delimiter, newline, quoteChar: '"' });
  }

  /**
   * Feeds the next chunk of decoded text, in SLICE pieces (Node's Blob.stream() yields the whole
   * file at once) so only a slice's rows are alive at a time.
   */
  push(text: string): void {
    for (let i = 0; i < text.length; i += SLICE) {
      this.buffer += text.length <= SLICE ? text : text.slice(i, i + SLICE);
      if (this.buffer.length < this.waitFor) continue;
      this.run(false);
    }
  }

  /** Records read so far (empty lines included): the Excel row number of the last one. */
  get records(): number { return this.recordNo; }
  /** True when everything pushed so far ended exactly at a record's end (no partial record, no open quote). */
  get atRecordEnd(): boolean { return this.buffer.length === 0; }

  /** Flushes the last record and reports an unterminated quote if there is one. */
  end(): void {
    this.run(true);
  }

  private run(final: boolean): void {
    if (!this.buffer) return;
    if (!this.parser) return this.runWhitespace(final);
    // The buffer holds every record's whole line break (an unfinished record stays in it), so a CRLF
    // is always seen before the record it ends is emitted.
    if (!this.stripCr && this.newline === '\n' && this.buffer.includes('\r\n')) this.stripCr = true;
    const res: unknown = this.parser.parse(this.buffer, 0, !final);
    if (!isPapaRaw(res)) { this.on.error({ record: this.recordNo + 1, code: 'parser', message: 'CSV parser returned an unexpected result' }); this.buffer = ''; return; }
    // A record with a parse error (unterminated or stray quote) is reported instead of emitted:
    // its fields are unreliable (an open quote swallows the rest of the file into one cell).
    // Errors in the unfinished last record (row ≥ data.length) are dropped: it stays in the buffer
    // and is parsed again whole. (`"Acme"\r` at a chunk end, its `\n` in the next chunk, reads as
    // a malformed closing quote until the `\n` arrives.)
    const done = res.data.length;
    let bad: Set<number> | null = null;
    for (const e of res.errors) {
      const row = e.row ?? 0;
      if (!final && row >= done) continue;
      const record = this.recordNo + row + 1;
      (bad ??= new Set()).add(record);
      // An open quote swallows every later line into its field: say how many, so no row goes uncounted.
      const swallowed = e.code === 'MissingQuotes' ? lineBreaks(res.data[row]) : 0;
      this.on.error({ record, code: e.code ?? 'error', message: e.message ?? 'parse error', ...(swallowed ? { lines: swallowed } : {}) });
    }
    for (const row of res.data) {
      ++this.recordNo;
      if (bad?.has(this.recordNo)) continue;
      // Excel's `sep=;` hint line (record 1 only): counted as a row, never data or header.
      if (this.recordNo === 1 && isSepLine(row)) continue;
      if (this.stripCr) stripLastCr(row);
      this.on.record(row, this.recordNo);
    }
    const consumed = final ? this.buffer.length : res.meta.cursor;
    this.buffer = this.buffer.slice(consumed);
    this.waitFor = consumed === 0 ? this.buffer.length * 2 : 0;
  }

  private runWhitespace(final: boolean): void {
    const lines = this.buffer.split(this.newline);
    this.buffer = final ? '' : (lines.pop() ?? '');
    for (const line of lines) {
      const t = line.trim();
      const fields = t ? t.split(/[ \t]+/) : [''];
      if (++this.recordNo === 1 && isSepLine(fields)) continue;
      this.on.record(fields, this.recordNo);
    }
  }
}

/** Excel's delimiter hint `sep=X` as the first line of the text (X is the delimiter). */
export const SEP_LINE = /^\ufeff?sep=([^\r\n])(?:\r\n|\n|\r|$)/i;
/** The hint line as parsed: ['sep=', ''] with X as the delimiter, ['sep=X'] with another one. */
function isSepLine(r: readonly string[]): boolean {
  if (r.length === 2) return r[1] === '' && /^\ufeff?sep=$/i.test(r[0]!);
  return r.length === 1 && /^\ufeff?sep=\S$/i.test(r[0]!);
}

/** Line breaks inside a record's fields (CRLF counted once). */
function lineBreaks(r: readonly string[] | undefined): number {
  let n = 0;
  for (const c of r ?? []) n += c.match(/\r\n|\r|\n/g)?.length ?? 0;
  return n;
}

/** Drops the `\r` of a CRLF parsed with `\n` as the newline (quoted cells lose it in papaparse already). */
function stripLastCr(row: string[]): void {
  const i = row.length - 1;
  const c = row[i]!;
  if (c.charCodeAt(c.length - 1) === 13) row[i] = c.slice(0, -1);
}

/** Parses a whole decoded text in one go (small files, previews, tests). */
export function parseAll(text: string, delimiter: Delimiter, newline: LineEnding, limit = Infinity): { records: string[][]; errors: CsvStreamError[] } {
  const records: string[][] = [];
  const errors: CsvStreamError[] = [];
  const s = new CsvStream(delimiter, newline, {
    record: (f) => { if (records.length < limit) records.push(f); },
    error: (e) => errors.push(e),
  });
  s.push(text);
  s.end();
  return { records, errors };
}
