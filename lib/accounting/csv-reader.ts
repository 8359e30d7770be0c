// Incremental RFC 4180 reader for PowerMTA accounting files. Chunks may be cut anywhere (inside
// a UTF-8 character, inside a quoted field, between CR and LF); rows come out only once complete,
// each with the absolute byte offset just past it, so an ingester can persist an offset and
// resume exactly at a record boundary after a restart.
//
// Speed matters (files hold millions of rows): we decode only up to the last LF of the buffered
// bytes (LF is never part of a multi-byte UTF-8 sequence, so that cut is always a character
// boundary) and scan with indexOf, slicing whole fields instead of appending per character.

import { isAscii } from 'node:buffer';

export interface CsvRow {
  fields: string[];
  /** Physical line (1-based, counted from `startLine`) on which the row starts. */
  line: number;
  /** Absolute byte offset of the row's first byte. */
  startOffset: number;
  /** Absolute byte offset just past the row's line terminator: a safe resume point. */
  endOffset: number;
  /** Only on the last row at `end()`: a quoted field was still open at end of input. */
  unterminated?: true;
  /**
   * The row was longer than `maxRowBytes` (no newline, or a quote never closed): its bytes
   * were skipped up to the next LF and `fields` holds only the start of its text.
   */
  oversized?: true;
  /**
   * Some columns were left out (CsvReaderOptions.filter): they read as ''. `source` is the
   * text the row was read from, at `sourceFrom` (ASCII): a rejected row's sample reads its
   * cells again whole with `wholeRow`.
   */
  masked?: true;
  source?: string;
  sourceFrom?: number;
}

/** Which columns a reader copies out of a row; the others are stepped over. */
export interface ColumnFilter {
  /** A row whose first cell this accepts is a header: read whole, and `maskFor` it. */
  isHeader(first: string): boolean;
  /** The columns to copy in the rows after this header (1 = copy; columns past its end are copied). */
  maskFor(header: readonly string[]): Uint8Array | null;
}

export interface CsvReaderOptions {
  /** Absolute byte offset of the first byte that will be pushed (resume point). Default 0. */
  startOffset?: number;
  /** Line number of the first pushed byte. Default 1. */
  startLine?: number;
  /** Longest row held in memory (bytes); a longer one comes out `oversized`. Default 1 MiB. */
  maxRowBytes?: number;
  /** Copy only some columns (rows from the header on; before one, `mask`). Default: every column. */
  filter?: ColumnFilter;
  /** Columns to copy until the first header row (the header a resumed reader starts under). */
  mask?: Uint8Array | null;
}

export const DEFAULT_MAX_ROW_BYTES = 1 << 20;
/** Text kept of an oversized row, for the malformed sample. */
const OVERSIZED_HEAD_BYTES = 256;

/** An oversized row being skipped: where it began, what it looked like, LFs passed inside it. */
interface Skipping {
  start: number;
  line: number;
  head: string;
  newlines: number;
}

const LF = 0x0a;
const EMPTY = Buffer.alloc(0);
const BOM = [0xef, 0xbb, 0xbf];

export class CsvReader {
  private pending: Buffer = EMPTY;
  /** Absolute offset of `pending[0]`. */
  private base: number;
  private line: number;
  private atStart: boolean;
  private readonly maxRowBytes: number;
  /** Set while the bytes of an oversized row are skipped (nothing of it is held). */
  private skipping: Skipping | null = null;
  private readonly filter: ColumnFilter | null;
  /** Columns copied from the rows under the current header (null: all). */
  private mask: Uint8Array | null;

  constructor(opts: CsvReaderOptions = {}) {
    this.base = opts.startOffset ?? 0;
    this.line = opts.startLine ?? 1;
    this.maxRowBytes = opts.maxRowBytes ?? DEFAULT_MAX_ROW_BYTES;
    this.filter = opts.filter ?? null;
    this.mask = opts.mask ?? null;
    // A BOM can only sit at the very start of a file.
    this.atStart = this.base === 0;
  }

  /** Absolute byte offset just past the last complete row returned so far. */
  get consumedBytes(): number {
    // Inside a skipped row, the resume point is still its start: offsets stay at row boundaries.
    return this.skipping ? this.skipping.start : this.base;
  }

  /** Line number at `consumedBytes`: persist it with the offset to keep line numbers on resume. */
  get nextLine(): number {
    return this.skipping ? this.skipping.line : this.line;
  }

  /** Bytes held back because they do not yet form a complete row (never above maxRowBytes). */
  get pendingBytes(): number {
    return this.pending.length;
  }

  push(chunk: string | Uint8Array): CsvRow[] {
    let bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    if (bytes.length === 0) return [];
    const out: CsvRow[] = [];
    if (this.skipping) {
      const lf = bytes.indexOf(LF);
      if (lf < 0) {
        this.base += bytes.length;
        return out;
      }
      out.push(this.endSkip(lf + 1));
      bytes = bytes.subarray(lf + 1);
      if (bytes.length === 0) return out;
    }
    this.pending = this.pending.length === 0 ? bytes : Buffer.concat([this.pending, bytes]);
    this.skipBom();
    const lastLf = this.pending.lastIndexOf(LF);
    if (lastLf >= 0) out.push(...this.scan(lastLf + 1, false));
    // A row without a newline, or with a quote that never closes, would otherwise grow the
    // buffer with every read of a growing file: past the cap, skip it to its next LF.
    if (this.pending.length > this.maxRowBytes) out.push(...this.startSkip());
    // The caller may reuse its buffer for the next read, so never keep a view of it.
    if (this.pending.length > 0 && this.pending.buffer === bytes.buffer) this.pending = Buffer.from(this.pending);
    return out;
  }

  /** Flushes a final row that lacks a trailing newline. The reader is spent afterwards. */
  end(): CsvRow[] {
    if (this.skipping) return [this.endSkip(0)];
    this.skipBom();
    if (this.pending.length === 0) return [];
    return this.scan(this.pending.length, true);
  }

  /** Drops the held (oversized, incomplete) row; its end is found by later pushes. */
  private startSkip(): CsvRow[] {
    const p = this.pending;
    let newlines = 0;
    for (let i = p.indexOf(LF); i >= 0; i = p.indexOf(LF, i + 1)) newlines++;
    this.skipping = { start: this.base, line: this.line, head: p.toString('utf8', 0, OVERSIZED_HEAD_BYTES), newlines };
    this.base += p.length;
    this.pending = EMPTY;
    return [];
  }

  /** The skipped row ends `upTo` bytes into what comes next (past its LF; 0 at end of input). */
  private endSkip(upTo: number): CsvRow {
    const sk = this.skipping as Skipping;
    this.skipping = null;
    this.base += upTo;
    this.line = sk.line + sk.newlines + (upTo > 0 ? 1 : 0);
    this.atStart = false;
    return { fields: [sk.head], line: sk.line, startOffset: sk.start, endOffset: this.base, oversized: true };
  }

  private skipBom(): void {
    if (!this.atStart) return;
    const p = this.pending;
    for (let i = 0; i < Math.min(3, p.length); i++) {
      if (p[i] !== BOM[i]) {
        this.atStart = false;
        return;
      }
    }
    if (p.length < 3) return; // still possibly a BOM split across chunks
    this.atStart = false;
    this.pending = p.subarray(3);
    this.base += 3;
  }

  /** Parses `pending[0, byteLen)`; keeps whatever does not form a complete row. */
  private scan(byteLen: number, final: boolean): CsvRow[] {
    // Decoded as latin1 (one char per byte, so char indexes are byte offsets and no row needs
    // its byte length measured); every delimiter is ASCII. Only a row holding bytes ≥ 0x80 is
    // decoded again as UTF-8 and read from that text: an LF ends every UTF-8 sequence, so a
    // row decoded alone reads exactly as it would inside the whole chunk's decode. (Decoding
    // the whole chunk as UTF-8 made it a two-byte string as soon as one row had a non-ASCII
    // character, which was about a fifth of the ingest worker's time.)
    const text = this.pending.toString('latin1', 0, byteLen);
    const bytes = this.pending;
    let high = nextHigh(bytes, 0, byteLen);
    const rows: CsvRow[] = [];
    const len = text.length;
    const filter = this.filter;
    let pos = 0;
    let line = this.line;

    while (pos < len) {
      const rowStart = pos;
      let mask = filter ? this.mask : null;
      if (!readRow(text, pos, len, final, mask, filter)) break;
      pos = row.end;
      let fields = row.fields;
      let unterminated = row.unterminated;
      const header = row.whole;
      if (header) mask = null;
      if (high < pos) {
        // Bytes ≥ 0x80 in this row: read it again from its UTF-8 text, whole.
        const utf8 = this.pending.toString('utf8', rowStart, pos);
        readRow(utf8, 0, utf8.length, final, null, null);
        fields = row.fields;
        unterminated = row.unterminated;
        mask = null;
        high = nextHigh(bytes, pos, byteLen);
      }
      const rowLine = line;
      line += row.newlines;
      // A blank line is not a row (files are sometimes concatenated with blank separators).
      if (fields.length === 1 && fields[0] === '' && !unterminated) continue;
      const r: CsvRow = { fields, line: rowLine, startOffset: this.base + rowStart, endOffset: this.base + pos };
      if (unterminated) r.unterminated = true;
      else if (filter && header) this.mask = filter.maskFor(fields);
      if (mask) {
        r.masked = true;
        r.source = text;
        r.sourceFrom = rowStart;
      }
      rows.push(r);
    }

    this.line = line;
    this.base += pos;
    this.pending = pos >= this.pending.length ? EMPTY : this.pending.subarray(pos);
    return rows;
  }
}

/** Every cell of a row, also of one read with some columns left out. */
export function wholeRow(r: CsvRow): string[] {
  if (!r.masked || r.source === undefined || r.sourceFrom === undefined) return r.fields;
  const end = r.sourceFrom + (r.endOffset - r.startOffset);
  readRow(r.source, r.sourceFrom, end, true, null, null);
  return row.fields;
}

/** What `readRow` read (one shared object: a row's fields are the only allocation per row). */
const row = { fields: [] as string[], end: 0, newlines: 0, unterminated: false, whole: false };
/** A column the filter leaves out reads as this (no slice of the text is made for it). */
const SKIPPED = '';

/**
 * Reads the row starting at `pos` into `row`; false when it is not complete yet (more bytes
 * may follow). Columns whose `mask` entry is 0 are only stepped over; a row whose first cell
 * the filter calls a header is read whole (`row.whole`).
 */
function readRow(text: string, pos: number, len: number, final: boolean, mask: Uint8Array | null, filter: ColumnFilter | null): boolean {
  const fields: string[] = [];
  let newlines = 0;
  let nl = text.indexOf('\n', pos);
  if (nl < 0) nl = len; // only possible when final
  let unterminated = false;
  let whole = false;

  for (let i = 0; ; i++) {
    const skip = mask !== null && i < mask.length && mask[i] === 0;
    if (text.charCodeAt(pos) === 0x22 /* " */) {
      let value: string;
      let end: number;
      if (skip) {
        end = skipQuoted(text, pos + 1);
        if (end < 0 && !final) return false; // wait for the closing quote
        value = SKIPPED;
      } else {
        const q = readQuoted(text, pos + 1);
        end = q ? q.end : -1;
        value = q ? q.value : '';
        if (end < 0 && !final) return false;
      }
      if (end < 0) {
        fields.push(skip ? SKIPPED : text.slice(pos + 1).replace(/""/g, '"'));
        unterminated = true;
        newlines += countLf(text, pos, len);
        pos = len;
        break;
      }
      newlines += countLf(text, pos + 1, end - 1);
      pos = end;
      if (pos > nl) {
        nl = text.indexOf('\n', pos);
        if (nl < 0) nl = len;
      }
      // Lenient: text between the closing quote and the next delimiter is kept verbatim.
      const c = nextComma(text, pos, nl);
      if (!skip && (c > pos || (c < 0 && trimCr(text, pos, nl) > pos))) value += text.slice(pos, c < 0 ? trimCr(text, pos, nl) : c);
      fields.push(value);
      if (i === 0 && filter?.isHeader(value)) [mask, whole] = [null, true];
      if (c >= 0) {
        pos = c + 1;
        continue;
      }
    } else {
      const c = nextComma(text, pos, nl);
      if (c >= 0) {
        const value = skip ? SKIPPED : text.slice(pos, c);
        fields.push(value);
        pos = c + 1;
        if (i === 0 && filter?.isHeader(value)) [mask, whole] = [null, true];
        continue;
      }
      const value = skip ? SKIPPED : text.slice(pos, trimCr(text, pos, nl));
      fields.push(value);
      if (i === 0 && filter?.isHeader(value)) whole = true;
    }
    // End of row.
    pos = nl + 1;
    if (nl < len) newlines++;
    break;
  }
  row.fields = fields;
  row.end = pos > len ? len : pos;
  row.newlines = newlines;
  row.unterminated = unterminated;
  row.whole = whole;
  return true;
}

/**
 * Offset of the next byte ≥ 0x80 in `bytes[from, end)`, or Infinity: whole blocks are checked
 * with the native `isAscii` (a regex over the text cost as much as decoding it), a block that
 * fails byte by byte.
 */
function nextHigh(bytes: Buffer, from: number, end: number): number {
  for (let i = from; i < end;) {
    const blockEnd = Math.min(end, (i | (HIGH_BLOCK - 1)) + 1);
    if (!isAscii(bytes.subarray(i, blockEnd))) for (; i < blockEnd; i++) if ((bytes[i] as number) >= 0x80) return i;
    i = blockEnd;
  }
  return Infinity;
}
const HIGH_BLOCK = 4096;

function nextComma(text: string, from: number, nl: number): number {
  const c = text.indexOf(',', from);
  return c >= 0 && c < nl ? c : -1;
}

/** End index of a line's content, excluding a CR right before the LF at `nl`. */
function trimCr(text: string, from: number, nl: number): number {
  return nl > from && text.charCodeAt(nl - 1) === 0x0d ? nl - 1 : nl;
}

function countLf(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = text.indexOf('\n', from); i >= 0 && i < to; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** Reads a quoted field whose content starts at `from`; null if the closing quote is missing. */
function readQuoted(text: string, from: number): { value: string; end: number } | null {
  let value = '';
  let j = from;
  for (;;) {
    const q = text.indexOf('"', j);
    if (q < 0) return null;
    if (text.charCodeAt(q + 1) === 0x22) {
      value += text.slice(j, q + 1);
      j = q + 2;
      continue;
    }
    // A quote as the very last decoded char could be half of `""`; that only happens at
    // end(), because non-final scans stop at an LF.
    value += text.slice(j, q);
    return { value, end: q + 1 };
  }
}

/** Index just past the closing quote of a quoted field whose content starts at `from`; -1 if missing. */
function skipQuoted(text: string, from: number): number {
  for (let j = from; ;) {
    const q = text.indexOf('"', j);
    if (q < 0) return -1;
    if (text.charCodeAt(q + 1) === 0x22) {
      j = q + 2;
      continue;
    }
    return q + 1;
  }
}
