// Incremental RFC 4180 reader for PowerMTA accounting files. Chunks may be cut anywhere (inside
// a UTF-8 character, inside a quoted field, between CR and LF); rows come out only once complete,
// each with the absolute byte offset just past it, so an ingester can persist an offset and
// resume exactly at a record boundary after a restart.
//
// Speed matters (files hold millions of rows): we decode only up to the last LF of the buffered
// bytes (LF is never part of a multi-byte UTF-8 sequence, so that cut is always a character
// boundary) and scan with indexOf, slicing whole fields instead of appending per character.

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
}

export interface CsvReaderOptions {
  /** Absolute byte offset of the first byte that will be pushed (resume point). Default 0. */
  startOffset?: number;
  /** Line number of the first pushed byte. Default 1. */
  startLine?: number;
  /** Longest row held in memory (bytes); a longer one comes out `oversized`. Default 1 MiB. */
  maxRowBytes?: number;
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

  constructor(opts: CsvReaderOptions = {}) {
    this.base = opts.startOffset ?? 0;
    this.line = opts.startLine ?? 1;
    this.maxRowBytes = opts.maxRowBytes ?? DEFAULT_MAX_ROW_BYTES;
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
    const text = this.pending.toString('utf8', 0, byteLen);
    // Pure ASCII (the usual case) lets char indexes double as byte offsets.
    const ascii = text.length === byteLen;
    const rows: CsvRow[] = [];
    const len = text.length;
    let pos = 0;
    let bytePos = 0; // byte offset (relative to pending) of `pos` at row boundaries
    let line = this.line;

    while (pos < len) {
      const rowStart = pos;
      const rowLine = line;
      const fields: string[] = [];
      let nl = text.indexOf('\n', pos);
      if (nl < 0) nl = len; // only possible when final
      let complete = false;
      let unterminated = false;

      for (;;) {
        if (text.charCodeAt(pos) === 0x22 /* " */) {
          const q = readQuoted(text, pos + 1);
          if (q === null) {
            if (!final) break; // wait for the closing quote
            fields.push(text.slice(pos + 1).replace(/""/g, '"'));
            unterminated = true;
            line += countLf(text, pos, len);
            pos = len;
            complete = true;
            break;
          }
          line += q.newlines;
          let value = q.value;
          pos = q.end;
          if (pos > nl) {
            nl = text.indexOf('\n', pos);
            if (nl < 0) nl = len;
          }
          // Lenient: text between the closing quote and the next delimiter is kept verbatim.
          const c = nextComma(text, pos, nl);
          if (c > pos || (c < 0 && trimCr(text, pos, nl) > pos)) value += text.slice(pos, c < 0 ? trimCr(text, pos, nl) : c);
          fields.push(value);
          if (c >= 0) {
            pos = c + 1;
            continue;
          }
        } else {
          const c = nextComma(text, pos, nl);
          if (c >= 0) {
            fields.push(text.slice(pos, c));
            pos = c + 1;
            continue;
          }
          fields.push(text.slice(pos, trimCr(text, pos, nl)));
        }
        // End of row.
        pos = nl + 1;
        if (nl < len) line++;
        complete = true;
        break;
      }
      if (!complete) {
        pos = rowStart;
        line = rowLine;
        break;
      }
      if (pos > len) pos = len;
      const rowBytes = ascii ? pos - rowStart : Buffer.byteLength(text.slice(rowStart, pos), 'utf8');
      const startAbs = this.base + bytePos;
      bytePos += rowBytes;
      // A blank line is not a row (files are sometimes concatenated with blank separators).
      if (fields.length === 1 && fields[0] === '' && !unterminated) continue;
      const row: CsvRow = { fields, line: rowLine, startOffset: startAbs, endOffset: this.base + bytePos };
      if (unterminated) row.unterminated = true;
      rows.push(row);
    }

    this.line = line;
    this.base += bytePos;
    this.pending = bytePos >= this.pending.length ? EMPTY : this.pending.subarray(bytePos);
    return rows;
  }
}

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
function readQuoted(text: string, from: number): { value: string; end: number; newlines: number } | null {
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
    return { value, end: q + 1, newlines: countLf(text, from, q) };
  }
}
