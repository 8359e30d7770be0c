import 'server-only';
// Follows one node's accounting files like `tail -F`: new files appear, the newest one grows,
// older ones may be moved away or deleted; a file that shrank (or whose first bytes changed)
// was replaced and is read again from the start. Reads always restart from the persisted
// offset, which only ever sits at a record boundary, so a partial last line is simply read
// again next time instead of being held in memory. Each slice is committed together with its
// offset (AcctStoreWriter), which makes the whole thing exactly-once across crashes.
import { setImmediate as yieldTick } from 'node:timers/promises';
import { createAcctParser, type AcctParser, type AcctPushResult } from '@/lib/accounting';
import { ProgressConflictError, type AcctStoreWriter, type FileProgress } from '@/lib/accounting/store/writer';
import { findRenamed, hashHead } from './renames';
import { MAX_FILES, type AcctFileInfo, type AcctSource, type SkippedFile } from './source';

export interface FollowerOptions {
  /** Bytes per transaction. */
  commitBytes?: number;
  /** Bytes per read from a directory (HTTP returns the rest of the file at once). */
  readBytes?: number;
  /** A non-newest file unchanged this long may end without a newline (see settleSeconds). */
  settleMs?: number;
  now?: () => number;
}

export interface FollowerStatus {
  files: number;
  currentFile: string | null;
  currentOffset: number | null;
  currentSize: number | null;
  /** Bytes present in the listed files and not ingested yet. */
  lagBytes: number;
  resets: { file: string; reason: 'truncated' | 'replaced'; at: number }[];
  /** Listed names not followed (symlinks out of the directory, FIFOs, too many files…). */
  skipped: SkippedFile[];
}

const HEAD_BYTES = 4096;
const FRESH: FileProgress = { offset: 0, header: null, line: 1, headLen: 0, headHash: null };

export class AcctFollower {
  private readonly o: Required<FollowerOptions>;
  /** Size last seen per file and since when, to tell a finished file from a stalled one. */
  private readonly seen = new Map<string, { size: number | null; since: number }>();
  private st: FollowerStatus = { files: 0, currentFile: null, currentOffset: null, currentSize: null, lagBytes: 0, resets: [], skipped: [] };
  private progress: Map<string, FileProgress>;

  /** `load` reads the persisted resume points (at start, and again after a conflict). */
  constructor(
    readonly node: string,
    private readonly source: AcctSource,
    private readonly writer: AcctStoreWriter,
    private readonly load: () => Map<string, FileProgress>,
    opts: FollowerOptions = {},
  ) {
    this.o = { commitBytes: 256 << 10, readBytes: 8 << 20, settleMs: 60_000, now: Date.now, ...opts };
    this.progress = load();
  }

  status(): FollowerStatus {
    return structuredClone(this.st);
  }

  /** Reads everything new in every listed file, oldest name first; resolves when caught up. */
  async poll(signal?: AbortSignal): Promise<void> {
    const files = (await this.source.list(signal)).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const now = this.o.now();
    this.st.skipped = this.source.skipped?.() ?? [];
    const listed = new Set(files.map((f) => f.name));
    // Only names still listed are remembered: a listing that changes every poll must not grow these.
    for (const name of this.seen.keys()) if (!listed.has(name)) this.seen.delete(name);
    if (this.progress.size > 2 * MAX_FILES) for (const name of this.progress.keys()) if (!listed.has(name)) this.progress.delete(name);
    for (const f of files) {
      const s = this.seen.get(f.name);
      if (!s || s.size !== f.size) this.seen.set(f.name, { size: f.size, since: now });
    }
    for (const [name, p] of await findRenamed(files, this.progress, this.source)) {
      this.writer.resetProgress(this.node, name, p);
      this.progress.set(name, p);
    }
    for (const [i, f] of files.entries()) {
      signal?.throwIfAborted();
      try {
        await this.follow(f, i === files.length - 1, signal);
      } catch (e) {
        // Another ingester wrote to this store: nothing of ours was committed; start over from
        // what the store says instead of counting its bytes again.
        if (e instanceof ProgressConflictError) this.progress = this.load();
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
  }

  private at(name: string): FileProgress {
    return this.progress.get(name) ?? FRESH;
  }

  private async follow(f: AcctFileInfo, newest: boolean, signal?: AbortSignal): Promise<void> {
    let p = this.at(f.name);
    // Unchanged since we finished it (the usual case for older files): not even a read.
    if (f.size !== null && f.size === p.offset) return;
    if (f.size !== null && f.size < p.offset) p = this.reset(f.name, 'truncated');
    else if (p.headLen > 0 && this.source.head) {
      const head = await this.source.head(f.name, p.headLen);
      if (head && hashHead(head) !== p.headHash) p = this.reset(f.name, 'replaced');
    }
    if (f.size !== null && f.size <= p.offset) return;

    // One parser for the whole pass, fed by consecutive reads of the same size: a partial row
    // at the end of a read waits in the parser (at most its row cap, 1 MiB) instead of being
    // read again with a doubled buffer, so a row that never ends costs bounded memory.
    const parser = createAcctParser({ startOffset: p.offset, header: p.header, startLine: p.line });
    let mal = 0;
    let at = p.offset;
    for (;;) {
      const { bytes, size } = await this.source.read(f.name, at, this.o.readBytes, signal);
      if (bytes.length === 0) {
        if (size !== null && size < at) p = this.reset(f.name, 'truncated');
        return;
      }
      for (let i = 0; i < bytes.length; i += this.o.commitBytes) {
        const res = parser.push(bytes.subarray(i, i + this.o.commitBytes));
        if (res.consumedBytes > p.offset) ({ p, mal } = await this.commit(f.name, parser, res, p, mal));
      }
      at += bytes.length;
      const eof = size === null || at >= size;
      if (eof && !newest && this.settled(f.name, size)) {
        const res = parser.end();
        if (res.consumedBytes > p.offset) ({ p, mal } = await this.commit(f.name, parser, res, p, mal));
      }
      if (eof) return;
    }
  }

  private async commit(file: string, parser: AcctParser, res: AcctPushResult, prev: FileProgress, prevMal: number) {
    const stats = parser.stats();
    const samples = [...stats.samples.first, ...stats.samples.last].filter((s) => s.offset >= prev.offset && s.offset < res.consumedBytes);
    let headLen = prev.headLen;
    let headHash = prev.headHash;
    if (headLen < HEAD_BYTES && this.source.head) {
      const head = await this.source.head(file, Math.min(HEAD_BYTES, res.consumedBytes));
      if (head) [headLen, headHash] = [head.length, hashHead(head)];
    }
    const p: FileProgress = { offset: res.consumedBytes, header: res.header, line: res.line, headLen, headHash };
    this.writer.commit({ node: this.node, file, fromOffset: prev.offset, progress: p, records: res.records, malformed: stats.malformed - prevMal, samples });
    this.progress.set(file, p);
    // Let the server answer requests between transactions while a backlog is read.
    await yieldTick();
    return { p, mal: stats.malformed };
  }

  private reset(file: string, reason: 'truncated' | 'replaced'): FileProgress {
    this.writer.resetProgress(this.node, file, FRESH);
    this.progress.set(file, FRESH);
    this.st.resets = [...this.st.resets, { file, reason, at: this.o.now() }].slice(-5);
    return FRESH;
  }

  private settled(name: string, size: number | null): boolean {
    const s = this.seen.get(name);
    return s !== undefined && s.size === size && this.o.now() - s.since >= this.o.settleMs;
  }
}
