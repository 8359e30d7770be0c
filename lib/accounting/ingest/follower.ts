import 'server-only';
// Follows one node's accounting files like `tail -F`: new files appear, the newest one grows,
// older ones may be moved away or deleted; a file that shrank (or whose first bytes changed)
// was replaced and is read again from the start. Reads always restart from the persisted
// offset, which only ever sits at a record boundary, so a partial last line is simply read
// again next time instead of being held in memory. Each slice is committed together with its
// offset (AcctStoreWriter), which makes the whole thing exactly-once across crashes.
import { setImmediate as yieldTick } from 'node:timers/promises';
import { createAcctParser } from '@/lib/accounting';
import { SliceParser, type ParsedSlice } from '@/lib/accounting/slice-parser';
import type { AcctWriter } from '@/lib/accounting/store/acct-writer';
import { DEFAULT_SOURCE, ProgressConflictError, type FileProgress } from '@/lib/accounting/store/writer';
import { AcctParseWorkerError, type AcctParsePool, type ParsePass } from './parse-pool';
import { findRenamed, hashHead } from './renames';
import { MAX_FILES, type AcctFileInfo, type AcctSource, type ReadResult, type SkippedFile } from './source';

export interface FollowerOptions {
  /**
   * Bytes per transaction (at most one read: a read's end always commits what it completed).
   * Records are parsed in pieces of at most 256 KiB with a yield to the event loop between
   * them and counted as they come (AcctStoreWriter.counts), so a large transaction holds no
   * rows and does not block the server for longer than one piece and its write.
   */
  commitBytes?: number;
  /** Bytes per read: one positional read from a directory, one `Range: bytes=S-E` over HTTP. */
  readBytes?: number;
  /** Bytes read per poll at most; `poll()` then returns with `behind` set (call it again). */
  maxBytesPerPoll?: number;
  /** Where a source never started before begins: every file from byte 0, or only what comes next. */
  startAt?: 'beginning' | 'end';
  /** Source id the progress is stored under. */
  sourceId?: string;
  /** A non-newest file unchanged this long may end without a newline (see settleSeconds). */
  settleMs?: number;
  now?: () => number;
  /**
   * Parse worker (AccountingIngest's): reads are parsed and counted there while this thread
   * commits; without one (or when it fails) they are parsed here.
   */
  pool?: AcctParsePool | null;
}

export interface FollowerStatus {
  files: number;
  currentFile: string | null;
  currentOffset: number | null;
  currentSize: number | null;
  /** Bytes present in the listed files and not ingested yet. */
  lagBytes: number;
  /** The last poll stopped at its byte budget with more to read. */
  behind: boolean;
  /** Files of the last listing (newest last, at most 20) with how far each is read. */
  seen: { name: string; size: number | null; offset: number }[];
  /** Listed names not followed (symlinks out of the directory, FIFOs, too many files…), at most 20. */
  skipped: SkippedFile[];
  /** How many names the last listing left out (`skipped` shows the first ones). */
  skippedTotal: number;
  resets: { file: string; reason: 'truncated' | 'replaced'; at: number }[];
}

const HEAD_BYTES = 4096;
/**
 * Reads handed to the parser whose slices are not committed yet, at most (each holds up to
 * readBytes until parsed), besides the one read ahead: two keep the parse worker busy while
 * this thread commits.
 */
const MAX_UNCOMMITTED = 2;
/** Bytes parsed between two yields to the event loop. */
const PARSE_PIECE = 256 << 10;
const LISTED = 20;
/** A header line longer than this is not looked for when starting at the end of a file. */
const HEADER_SCAN = 64 * 1024;
const FRESH: FileProgress = { offset: 0, header: null, line: 1, headLen: 0, headHash: null };

export class AcctFollower {
  private readonly o: Required<FollowerOptions>;
  /** Size last seen per file and since when, to tell a finished file from a stalled one. */
  private readonly seen = new Map<string, { size: number | null; since: number }>();
  private st: FollowerStatus = {
    files: 0,
    currentFile: null,
    currentOffset: null,
    currentSize: null,
    lagBytes: 0,
    behind: false,
    seen: [],
    skipped: [],
    skippedTotal: 0,
    resets: [],
  };
  /** Bytes left in this poll's budget. */
  private budget = 0;
  /** This poll committed something (the budget only stops a poll that made progress). */
  private progressed = false;
  /** This poll stopped at its budget. */
  private stopped = false;
  /** Resume points as the store has them; read at the first poll (and after a conflict). */
  private progress = new Map<string, FileProgress>();
  private loaded = false;

  /** `load` reads the persisted resume points (at start, and again after a conflict). */
  constructor(
    readonly node: string,
    private readonly source: AcctSource,
    private readonly writer: AcctWriter,
    private readonly load: () => Map<string, FileProgress> | Promise<Map<string, FileProgress>>,
    opts: FollowerOptions = {},
  ) {
    this.o = {
      commitBytes: 4 << 20,
      readBytes: 8 << 20,
      maxBytesPerPoll: Number.MAX_SAFE_INTEGER,
      startAt: 'beginning',
      sourceId: DEFAULT_SOURCE,
      settleMs: 60_000,
      now: Date.now,
      pool: null,
      ...opts,
    };
  }

  status(): FollowerStatus {
    return structuredClone(this.st);
  }

  /** Reads everything new in every listed file, oldest name first; resolves when caught up. */
  async poll(signal?: AbortSignal): Promise<void> {
    if (!this.loaded) {
      this.progress = await this.load();
      this.loaded = true;
    }
    const files = (await this.source.list(signal)).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const now = this.o.now();
    this.st.skipped = this.source.skipped?.() ?? [];
    this.st.skippedTotal = this.source.skippedTotal?.() ?? this.st.skipped.length;
    const listed = new Set(files.map((f) => f.name));
    // Only names still listed are remembered: a listing that changes every poll must not grow these.
    for (const name of this.seen.keys()) if (!listed.has(name)) this.seen.delete(name);
    if (this.progress.size > 2 * MAX_FILES) for (const name of this.progress.keys()) if (!listed.has(name)) this.progress.delete(name);
    if ((await this.writer.sourceStartedAt(this.node, this.o.sourceId)) === null) await this.start(files, signal);
    this.budget = this.o.maxBytesPerPoll;
    this.progressed = false;
    this.stopped = false;
    for (const f of files) {
      const s = this.seen.get(f.name);
      if (!s || s.size !== f.size) this.seen.set(f.name, { size: f.size, since: now });
    }
    for (const [name, p] of await findRenamed(files, this.progress, this.source)) {
      await this.writer.resetProgress(this.node, name, p, this.o.sourceId);
      this.progress.set(name, p);
    }
    for (const [i, f] of files.entries()) {
      signal?.throwIfAborted();
      if (this.overBudget()) break;
      try {
        await this.follow(f, i === files.length - 1, signal);
      } catch (e) {
        // Another ingester wrote to this store: nothing of ours was committed; start over from
        // what the store says instead of counting its bytes again.
        if (e instanceof ProgressConflictError) this.progress = await this.load();
        // Deleted or moved while we read it: whatever was committed stays; move on.
        if (e instanceof ProgressConflictError || (e as NodeJS.ErrnoException).code === 'ENOENT') continue;
        throw e;
      }
    }
    const last = files.at(-1) ?? null;
    this.st.files = files.length;
    this.st.currentFile = last?.name ?? null;
    this.st.currentOffset = last ? this.at(last.name).offset : null;
    this.st.currentSize = last?.size ?? null;
    this.st.lagBytes = files.reduce((sum, f) => sum + Math.max(0, (f.size ?? 0) - this.at(f.name).offset), 0);
    this.st.behind = this.stopped && this.st.lagBytes > 0;
    this.st.seen = files.slice(-LISTED).map((f) => ({ name: f.name, size: f.size, offset: this.at(f.name).offset }));
  }

  /**
   * The per-poll budget is spent. It only ends a poll that has committed something: a row
   * longer than the budget (up to the 1 MiB row cap, or an oversized row being skipped, whose
   * resume point stays at its start) is read through in one poll instead of being started
   * again forever.
   */
  private overBudget(): boolean {
    if (this.budget > 0 || !this.progressed) return false;
    this.stopped = true;
    return true;
  }

  /**
   * First poll of a source with no stored start: with `startAt: end`, every listed file is
   * taken as read up to its last complete line (its header read from the first line), so only
   * records written from now on count. Either way the start is recorded, so a restart never
   * skips again. Reads two small ranges per file, never the body.
   */
  private async start(files: AcctFileInfo[], signal?: AbortSignal): Promise<void> {
    const points: [string, FileProgress][] = [];
    if (this.o.startAt === 'end') {
      for (const f of files) {
        if (this.progress.has(f.name) || !f.size) continue;
        try {
          const p = await this.endPoint(f.name, f.size, signal);
          if (p) points.push([f.name, p]);
        } catch (e) {
          // Gone since the listing: nothing of it to skip.
          if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
        }
      }
    }
    await this.writer.startSource(this.node, this.o.sourceId, points);
    for (const [name, p] of points) this.progress.set(name, p);
  }

  private async endPoint(name: string, size: number, signal?: AbortSignal): Promise<FileProgress | null> {
    const head = (await this.source.read(name, 0, Math.min(size, HEADER_SCAN), signal)).bytes;
    const nl = head.indexOf(0x0a);
    if (nl < 0) return null; // no complete first line yet: read it from the start
    const header = createAcctParser({}).push(head.subarray(0, nl + 1)).header;
    // The last newline, looking back a window at a time (a few windows at most: a row longer
    // than that is cut, and its rest is counted as one malformed line).
    let offset = size;
    for (let end = size, k = 0; end > nl + 1 && k < 16; k++) {
      const from = Math.max(nl + 1, end - HEADER_SCAN);
      const last = (await this.source.read(name, from, end - from, signal)).bytes.lastIndexOf(0x0a);
      if (last >= 0) {
        offset = from + last + 1;
        break;
      }
      end = from;
      if (end <= nl + 1) offset = nl + 1;
    }
    const h = head.subarray(0, Math.min(HEAD_BYTES, offset));
    // Line numbers of samples count from here on (the lines skipped are not counted).
    return { offset, header, line: 1, headLen: h.length, headHash: hashHead(h) };
  }

  private at(name: string): FileProgress {
    return this.progress.get(name) ?? FRESH;
  }

  private async follow(f: AcctFileInfo, newest: boolean, signal?: AbortSignal, inThread = false): Promise<void> {
    let p = this.at(f.name);
    // Unchanged since we finished it (the usual case for older files): not even a read.
    if (f.size !== null && f.size === p.offset) return;
    if (f.size !== null && f.size < p.offset) p = await this.reset(f.name, 'truncated');
    else if (p.headLen > 0 && this.source.head) {
      const head = await this.source.head(f.name, p.headLen);
      if (head && hashHead(head) !== p.headHash) p = await this.reset(f.name, 'replaced');
    }
    if (f.size !== null && f.size <= p.offset) return;

    // One parser for the whole pass, fed by consecutive reads of the same size (readBytes: one
    // positional read, or one `Range: bytes=S-E` over HTTP, so a node's reply stays under the
    // client's maxBytes): a partial row at the end of a read waits in the parser (at most its
    // row cap, 1 MiB; a longer one is skipped to its LF) instead of being read again with a
    // doubled buffer, so a row that never ends costs bounded memory. Only complete rows are
    // committed, at their exact end offsets; a partial row at the end is read again next poll.
    // With a parse worker, the next read is parsed there while this thread commits the last
    // one; a worker that fails is left for this file, which is read on from what was committed.
    let pooled = this.o.pool !== null && !inThread;
    const pass = this.openPass(p, pooled);
    pooled &&= pass.pooled;
    let at = p.offset;
    // Reads handed to the parser and not committed yet, oldest first: their slices are
    // committed strictly in this order, each in one transaction with its own resume point.
    const parsing: Promise<ParsedSlice[]>[] = [];
    // The next read, started before the last one's slices are committed (it goes on in libuv's
    // pool or over HTTP while this thread is in a synchronous SQLite transaction).
    let ahead: Promise<ReadResult> | null = null;
    // Nobody may be left holding an unobserved rejection if a commit throws.
    const observed = <T>(x: Promise<T>) => (x.catch(() => {}), x);
    const read = () => observed(this.source.read(f.name, at, this.o.readBytes, signal));
    const settleOne = async () => {
      const slices = await parsing.shift()!;
      for (const s of slices) p = await this.commit(f.name, s, p);
    };
    const settle = async () => {
      while (parsing.length > 0) await settleOne();
    };
    try {
      for (;;) {
        // The budget is judged on what was committed, as if nothing were parsed ahead.
        if (this.budget <= 0) await settle();
        if (this.overBudget()) return;
        const { bytes, size } = await (ahead ?? read());
        ahead = null;
        this.budget -= bytes.length;
        if (bytes.length === 0) {
          await settle();
          if (size !== null && size < at) p = await this.reset(f.name, 'truncated');
          return;
        }
        at += bytes.length;
        // Without a known size, a short read is the end of what there is.
        const eof = size === null ? bytes.length < this.o.readBytes : at >= size;
        parsing.push(observed(pass.push(bytes, eof && !newest && this.settled(f.name, size))));
        if (!eof && this.budget > 0) ahead = read();
        // The parser keeps the newest read to work on while this thread commits the one before.
        while (parsing.length > MAX_UNCOMMITTED - 1) await settleOne();
        if (eof) {
          await settle();
          return;
        }
      }
    } catch (e) {
      if (!(pooled && e instanceof AcctParseWorkerError)) throw e;
      console.error(`[accounting] ${this.node}/${f.name}: ${e.message}; reading on in the ingester's thread`);
      return this.follow(f, newest, signal, true);
    } finally {
      pass.close();
    }
  }

  /** A pass through a file from `p`: in the parse worker if there is one, else in this thread. */
  private openPass(p: FileProgress, pooled: boolean): ParsePass & { pooled: boolean } {
    const opts = { startOffset: p.offset, header: p.header, startLine: p.line, commitBytes: this.o.commitBytes };
    if (pooled && this.o.pool) {
      try {
        const keepDiagnostics = this.writer.keepDiagnostics;
        return { ...this.o.pool.open({ ...opts, node: this.node, keepDiagnostics, ips: this.writer.knownIps(this.node) }), pooled: true };
      } catch (e) {
        if (!(e instanceof AcctParseWorkerError)) throw e;
      }
    }
    const sp = new SliceParser(opts, () => this.writer.counts(this.node));
    const piece = Math.min(PARSE_PIECE, this.o.commitBytes);
    const parse = async (bytes: Buffer, end: boolean) => {
      const out: ParsedSlice[] = [];
      for (let i = 0; i < bytes.length; i += piece) {
        // Records are parsed in pieces with a yield between them (see commitBytes).
        if (i > 0) await yieldTick();
        const s = sp.push(bytes.subarray(i, i + piece));
        if (s) out.push(s);
      }
      if (end) sp.end();
      const s = sp.take();
      if (s) out.push(s);
      return out;
    };
    // A read is pushed while the previous one may still be between two pieces: queue it.
    let tail: Promise<unknown> = Promise.resolve();
    return {
      pooled: false,
      push: (bytes, end) => {
        const next = tail.then(() => parse(bytes, end));
        tail = next.catch(() => {});
        return next;
      },
      close: () => {},
    };
  }

  private async commit(file: string, s: ParsedSlice, prev: FileProgress): Promise<FileProgress> {
    let headLen = prev.headLen;
    let headHash = prev.headHash;
    if (headLen < HEAD_BYTES && this.source.head) {
      const head = await this.source.head(file, Math.min(HEAD_BYTES, s.consumedBytes));
      if (head) [headLen, headHash] = [head.length, hashHead(head)];
    }
    const p: FileProgress = { offset: s.consumedBytes, header: s.header, line: s.line, headLen, headHash };
    await this.writer.commit({
      node: this.node,
      source: this.o.sourceId,
      file,
      fromOffset: prev.offset,
      progress: p,
      records: s.counts,
      malformed: s.malformed,
      samples: s.samples,
    });
    this.progress.set(file, p);
    this.progressed = true;
    // Let the server answer requests between transactions while a backlog is read.
    await yieldTick();
    return p;
  }

  private async reset(file: string, reason: 'truncated' | 'replaced'): Promise<FileProgress> {
    await this.writer.resetProgress(this.node, file, FRESH, this.o.sourceId);
    this.progress.set(file, FRESH);
    this.st.resets = [...this.st.resets, { file, reason, at: this.o.now() }].slice(-5);
    return FRESH;
  }

  private settled(name: string, size: number | null): boolean {
    const s = this.seen.get(name);
    return s !== undefined && s.size === size && this.o.now() - s.since >= this.o.settleMs;
  }
}
