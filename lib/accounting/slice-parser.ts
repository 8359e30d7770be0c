// Parses one pass over a file into committable slices: the records' counts (SliceCounts), the
// offset, header and line just past the slice's last complete row, and its malformed rows.
// Pure (no I/O), so the ingester runs the same code in its thread or in its parse worker.
import { createAcctParser, type AcctParser, type AcctPushResult, type RejectSample } from './parse-file';
import { COUNTED_COLUMNS, type CountedSlice, type SliceCounts } from './slice-counts';

export interface ParsedSlice<C extends CountedSlice = CountedSlice> {
  /** Absolute offset just past the slice's last complete row: the resume point to commit. */
  consumedBytes: number;
  header: readonly string[] | null;
  line: number;
  counts: C;
  /** Rows of this slice that produced no record. */
  malformed: number;
  /** Samples of those rows (the parser's first and last few, those inside this slice). */
  samples: RejectSample[];
}

export interface SliceParserOptions {
  /** Where the pass starts (a committed resume point). */
  startOffset: number;
  header: readonly string[] | null;
  startLine: number;
  /** A slice is closed once it spans this many bytes (and at every `take`). */
  commitBytes: number;
}

export class SliceParser {
  private readonly parser: AcctParser;
  private counts: SliceCounts;
  private from: number;
  private mal = 0;
  private done: AcctPushResult | null = null;

  constructor(
    private readonly opts: SliceParserOptions,
    private readonly newCounts: () => SliceCounts,
  ) {
    // Counting reads a dozen typed fields: copy only their columns out of the rows.
    this.parser = createAcctParser({ startOffset: opts.startOffset, header: opts.header, startLine: opts.startLine, keepColumns: COUNTED_COLUMNS });
    this.counts = newCounts();
    this.from = opts.startOffset;
  }

  /** Parses the next bytes of the file; returns a slice once one spans `commitBytes`. */
  push(bytes: Uint8Array): ParsedSlice<SliceCounts> | null {
    this.count(this.parser.push(bytes));
    return this.done && this.done.consumedBytes - this.from >= this.opts.commitBytes ? this.take() : null;
  }

  /** The file is finished: a last row without its newline counts too. */
  end(): void {
    this.count(this.parser.end());
  }

  /** Closes the slice read so far; null when it holds no complete row. */
  take(): ParsedSlice<SliceCounts> | null {
    const res = this.done;
    if (!res || res.consumedBytes <= this.from) return null;
    const stats = this.parser.stats();
    const samples = [...stats.samples.first, ...stats.samples.last].filter((s) => s.offset >= this.from && s.offset < res.consumedBytes);
    const slice = { consumedBytes: res.consumedBytes, header: res.header, line: res.line, counts: this.counts, malformed: stats.malformed - this.mal, samples };
    this.from = res.consumedBytes;
    this.mal = stats.malformed;
    this.counts = this.newCounts();
    this.done = null;
    return slice;
  }

  private count(res: AcctPushResult): void {
    this.counts.add(res.records);
    this.done = res;
  }
}
