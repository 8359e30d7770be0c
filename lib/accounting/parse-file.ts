// Streaming accounting-file parser: CSV rows → typed records, driven by the header line.
//
// Columns are always mapped by name (case-insensitively), never by position, because
// `record-fields` can reorder or drop any column and a multi-type file carries the union of
// columns. A row whose first cell is `type` is a header and replaces the current one: a
// restarted pipe or concatenated files re-emit it mid-stream.
//
// Resuming: persist `{ file, offset: consumedBytes, header }` from a push result and later create
// a parser with `{ startOffset: offset, header }`, feeding the file from that byte on. The
// header must be persisted because the resumed stream starts after it.
//
// Bad rows never throw; they are counted by reason and sampled (first/last N).

import { CsvReader, wholeRow, type ColumnFilter, type CsvRow } from './csv-reader';
import { DEFAULT_COLUMNS } from './default-columns';
import { buildRecord, canonicalColumn, normaliseAcctType, NO_FIELDS, RECORD_COLUMNS, type AcctRecord, type AcctType } from './records';

export type RejectReason = 'no-header' | 'unknown-type' | 'too-many-fields' | 'bad-time' | 'unterminated-quote' | 'row-too-long';

export interface RejectSample {
  /** Physical line the row starts on (relative to `startLine`). */
  line: number;
  /** Absolute byte offset of the row. */
  offset: number;
  reason: RejectReason;
  /** The row re-encoded as CSV, truncated. */
  text: string;
}

export interface AcctParseStats {
  /** CSV rows read (headers and rejected rows included, blank lines not). */
  lines: number;
  headers: number;
  records: number;
  /** Rows shorter than their header, padded with empty cells (accepted, not malformed). */
  padded: number;
  /** Rows that produced no record; split in `byReason`. */
  malformed: number;
  byReason: Partial<Record<RejectReason, number>>;
  byType: Partial<Record<AcctType, number>>;
  /** `first`: the first N rejects; `last`: the most recent N after those. */
  samples: { first: RejectSample[]; last: RejectSample[] };
}

export interface AcctParserOptions {
  /** Header in effect at `startOffset` (as persisted from `header`), or a raw header line. */
  header?: readonly string[] | string | null;
  /** Absolute byte offset of the first pushed byte. Default 0. */
  startOffset?: number;
  startLine?: number;
  /**
   * For header-less files: `true` uses PowerMTA's default column order per type; a partial map
   * overrides it for some types. Off by default: without a header, rows are rejected.
   */
  defaultColumns?: boolean | Partial<Record<AcctType, readonly string[]>>;
  /** Samples kept at each end. Default 5. */
  maxSamples?: number;
  /** A row longer than this (bytes) is skipped as `row-too-long`. Default 1 MiB. */
  maxRowBytes?: number;
  /**
   * Keep every raw column in `record.fields` (default). `false` leaves `fields` empty
   * (NO_FIELDS) and copies only the columns the typed record needs: for readers that only
   * count records (the ingester), that object per row is most of the parser's garbage.
   */
  fields?: boolean;
  /**
   * Only these columns (canonical names) are copied out of a row at all, the others are
   * stepped over by the CSV scan and read as empty; implies `fields: false`. For readers that
   * use a few of the typed fields (the ingester's counts: `COUNTED_COLUMNS`). A rejected row's
   * sample still shows all its cells.
   */
  keepColumns?: readonly string[];
}

export interface AcctPushResult {
  records: AcctRecord[];
  /** Absolute byte offset just past the last complete row: a safe resume point. */
  consumedBytes: number;
  /** Header in effect at `consumedBytes` (persist it with the offset). */
  header: readonly string[] | null;
  /** Line number at `consumedBytes` (optional to persist; pass back as `startLine`). */
  line: number;
}

export interface AcctParser {
  push(chunk: string | Uint8Array): AcctPushResult;
  /** Flushes a final row without trailing newline. */
  end(): AcctPushResult;
  stats(): AcctParseStats;
  readonly header: readonly string[] | null;
}

const SAMPLE_CHARS = 300;

export function createAcctParser(opts: AcctParserOptions = {}): AcctParser {
  const maxSamples = opts.maxSamples ?? 5;
  const keepFields = (opts.fields ?? true) && !opts.keepColumns;
  const defaults = resolveDefaults(opts.defaultColumns);
  let header: string[] | null = opts.header == null ? null : toHeader(opts.header);
  // A lean parser copies only the columns it reads (a CSV cell is a string allocation).
  const filter = keepFields ? undefined : columnFilter(opts.keepColumns ?? RECORD_COLUMNS);
  const reader = new CsvReader({
    startOffset: opts.startOffset,
    startLine: opts.startLine,
    maxRowBytes: opts.maxRowBytes,
    filter,
    mask: filter && header ? filter.maskFor(header) : null,
  });
  const st: AcctParseStats = {
    lines: 0,
    headers: 0,
    records: 0,
    padded: 0,
    malformed: 0,
    byReason: {},
    byType: {},
    samples: { first: [], last: [] },
  };

  function reject(row: CsvRow, reason: RejectReason): void {
    st.malformed++;
    st.byReason[reason] = (st.byReason[reason] ?? 0) + 1;
    const sample: RejectSample = { line: row.line, offset: row.startOffset, reason, text: encodeRow(wholeRow(row)).slice(0, SAMPLE_CHARS) };
    if (st.samples.first.length < maxSamples) st.samples.first.push(sample);
    else {
      st.samples.last.push(sample);
      if (st.samples.last.length > maxSamples) st.samples.last.shift();
    }
  }

  function handle(rows: CsvRow[]): AcctPushResult {
    const records: AcctRecord[] = [];
    for (const row of rows) {
      st.lines++;
      const cells = row.fields;
      if (row.oversized) {
        reject(row, 'row-too-long');
        continue;
      }
      if (row.unterminated) {
        reject(row, 'unterminated-quote');
        continue;
      }
      const first = cells[0] ?? '';
      if (isHeaderCell(first)) {
        header = cells.map(canonicalColumn);
        st.headers++;
        continue;
      }
      const type = normaliseAcctType(first);
      if (!type) {
        reject(row, 'unknown-type');
        continue;
      }
      const columns = header ?? defaults?.[type] ?? null;
      if (!columns) {
        reject(row, 'no-header');
        continue;
      }
      if (cells.length > columns.length && !extrasEmpty(cells, columns.length)) {
        reject(row, 'too-many-fields');
        continue;
      }
      if (cells.length < columns.length) st.padded++;
      const built = keepFields ? buildRecord(type, fieldsBuilder(columns)(cells)) : buildRecord(type, pickerFor(columns)(cells), NO_FIELDS);
      if (!built.ok) {
        reject(row, built.reason);
        continue;
      }
      st.records++;
      st.byType[type] = (st.byType[type] ?? 0) + 1;
      records.push(built.record);
    }
    return { records, consumedBytes: reader.consumedBytes, header, line: reader.nextLine };
  }

  return {
    push: (chunk) => handle(reader.push(chunk)),
    end: () => handle(reader.end()),
    stats: () => structuredClone(st),
    get header() {
      return header;
    },
  };
}

/** Parses a whole in-memory file (tests, small uploads). */
export function parseAcctText(text: string, opts: AcctParserOptions = {}): { records: AcctRecord[]; stats: AcctParseStats; header: readonly string[] | null } {
  const p = createAcctParser(opts);
  const a = p.push(text);
  const b = p.end();
  return { records: [...a.records, ...b.records], stats: p.stats(), header: b.header };
}

type FieldsBuilder = (cells: readonly string[]) => Record<string, string>;
const builders = new WeakMap<readonly string[], FieldsBuilder>();

/**
 * Row → `fields` object for one header. Adding two dozen keys one by one to `{}` costs ~1.6 µs
 * per row in V8 (every store is a megamorphic keyed store with a map transition); an object
 * literal compiled once per header costs ~0.03 µs, which is most of the parser's time on large
 * files. Keys are embedded with JSON.stringify, so a header cannot inject code; every key is
 * computed (`["__proto__"]: …`), which defines an own property where a plain `"__proto__": …`
 * literal would set the object's prototype.
 */
function fieldsBuilder(columns: readonly string[]): FieldsBuilder {
  let b = builders.get(columns);
  if (!b) {
    const props = columns.map((name, i) => `[${JSON.stringify(name)}]: c[${i}] ?? '',`).join('');
    b = new Function('c', `'use strict'; return { ${props} };`) as FieldsBuilder;
    builders.set(columns, b);
  }
  return b;
}

const pickers = new WeakMap<readonly string[], FieldsBuilder>();

/** Like `fieldsBuilder`, but only the columns `buildRecord` reads (those the header has). */
function pickerFor(columns: readonly string[]): FieldsBuilder {
  let b = pickers.get(columns);
  if (!b) {
    // A name given twice reads its last column, as the duplicate key of `fieldsBuilder` does.
    const index = new Map<string, number>();
    columns.forEach((name, i) => index.set(name, i));
    const props = RECORD_COLUMNS.filter((name) => index.has(name))
      .map((name) => `[${JSON.stringify(name)}]: c[${index.get(name)}] ?? '',`)
      .join('');
    b = new Function('c', `'use strict'; return { ${props} };`) as FieldsBuilder;
    pickers.set(columns, b);
  }
  return b;
}

/** A row whose first cell is `type` is a header line. */
function isHeaderCell(first: string): boolean {
  return first.trim().toLowerCase() === 'type';
}

/** Copies the `type` column (always the first of a header) and `keep`, by canonical name. */
function columnFilter(keep: readonly string[]): ColumnFilter {
  const wanted = new Set(keep);
  return {
    isHeader: isHeaderCell,
    maskFor: (cells) => Uint8Array.from(cells, (c, i) => (i === 0 || wanted.has(canonicalColumn(c)) ? 1 : 0)),
  };
}

function toHeader(h: readonly string[] | string): string[] {
  if (typeof h !== 'string') return h.map(canonicalColumn);
  const r = new CsvReader();
  const rows = [...r.push(h), ...r.end()];
  return (rows[0]?.fields ?? []).map(canonicalColumn);
}

function resolveDefaults(d: AcctParserOptions['defaultColumns']): Partial<Record<AcctType, string[]>> | null {
  if (!d) return null;
  const merged: Partial<Record<AcctType, readonly string[]>> = d === true ? DEFAULT_COLUMNS : { ...DEFAULT_COLUMNS, ...d };
  const out: Partial<Record<AcctType, string[]>> = {};
  for (const [k, cols] of Object.entries(merged) as [AcctType, readonly string[]][]) out[k] = cols.map(canonicalColumn);
  return out;
}

function extrasEmpty(cells: string[], from: number): boolean {
  for (let i = from; i < cells.length; i++) if ((cells[i] as string).trim() !== '') return false;
  return true;
}

export function encodeRow(cells: readonly string[]): string {
  return cells.map((c) => (/[",\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',');
}
