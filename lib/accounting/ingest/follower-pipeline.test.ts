// The follower's pipeline (read ahead → parser → commit): with a parser slower than the
// reads, the follower must still commit slices strictly in file order, each with a resume
// point that never runs ahead of the rows it counted, and hold at most two reads handed to the
// parser uncommitted plus one read in progress, whatever the parser's pace.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SliceCounts } from '@/lib/accounting/slice-counts';
import { SliceParser, type ParsedSlice } from '@/lib/accounting/slice-parser';
import { AcctStoreWriter, loadProgress } from '@/lib/accounting/store/writer';
import { openDatabase, type Db } from '@/lib/store/db';
import { createDirSource } from './dir-source';
import { AcctFollower } from './follower';
import { AcctParsePool, type ParsePass, type PassRequest } from './parse-pool';

const HEADER = 'type,timeLogged,rcpt,vmta,queue,dlvSourceIp\n';
const row = (i: number) => `d,2026-11-26 10:00:05+0000,a${i}@gmail.com,vmta-1,gmail.com/vmta-1,10.0.0.${i % 7}\n`;
const ROWS = 3000;
const READ = 4096;

/** Parses in this thread like the worker does, but answers each push only after `delayMs`. */
class SlowPool extends AcctParsePool {
  pushed = 0;
  constructor(private readonly delayMs: () => number) {
    super();
  }
  override open(req: PassRequest): ParsePass {
    const sp = new SliceParser(req, () => new SliceCounts(req.node, new Map(req.ips), req.keepDiagnostics));
    let tail: Promise<unknown> = Promise.resolve();
    return {
      push: (bytes, end) => {
        this.pushed++;
        const out = tail.then(async () => {
          await new Promise((r) => setTimeout(r, this.delayMs()));
          const slices: ParsedSlice[] = [];
          const s = sp.push(bytes);
          if (s) slices.push(s);
          if (end) sp.end();
          const last = sp.take();
          if (last) slices.push(last);
          return slices;
        });
        tail = out;
        return out;
      },
      close: () => {},
    };
  }
}

let dir: string;
let db: Db;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'acct-pipe-'));
  db = openDatabase(path.join(dir, 'store.sqlite'));
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('AcctFollower pipeline', () => {
  it.each([
    ['a parser slower than the commits', () => 3],
    ['a parser of uneven pace', () => (Math.random() < 0.3 ? 8 : 0)],
  ])('commits in order, never past its counted rows, with bounded reads ahead (%s)', async (_, delayMs) => {
    const text = HEADER + Array.from({ length: ROWS }, (_, i) => row(i)).join('');
    writeFileSync(path.join(dir, 'acct-a.csv'), text);
    /** Rows that end at or before each byte offset (the resume point of a slice is one). */
    const rowsBefore = (offset: number) => text.slice(0, offset).split('\n').length - 2;

    const writer = new AcctStoreWriter(db, { recentDiagnostics: 10, malformedSamples: 10 });
    const src = createDirSource(dir, 'acct-*.csv');
    let committed = 0;
    let reading = 0;
    let maxReading = 0;
    let maxAhead = 0;
    const pool = new SlowPool(delayMs);
    const source: typeof src = {
      ...src,
      read: async (name, from, max, signal) => {
        // Bytes handed out and not committed yet when the next read starts: at most two reads.
        maxAhead = Math.max(maxAhead, from - committed);
        maxReading = Math.max(maxReading, ++reading);
        try {
          return await src.read(name, from, max, signal);
        } finally {
          reading--;
        }
      },
    };
    const commit = writer.commit.bind(writer);
    const offsets: [number, number][] = [];
    writer.commit = (slice) => {
      offsets.push([slice.fromOffset, slice.progress.offset]);
      commit(slice);
      committed = slice.progress.offset;
      // The resume point stored with these counts is just past the last row they hold.
      const n = db.prepare('SELECT coalesce(sum(delivered), 0) AS n FROM acct_agg').get() as { n: number };
      expect(n.n).toBe(rowsBefore(committed));
    };
    const fw = new AcctFollower('n1', source, writer, () => loadProgress(db, 'n1'), { settleMs: 0, readBytes: READ, commitBytes: READ, pool });
    await fw.poll();

    // Each slice starts where the previous one ended: strictly in file order, none skipped.
    expect(offsets[0]?.[0]).toBe(0);
    for (let i = 1; i < offsets.length; i++) expect(offsets[i]![0]).toBe(offsets[i - 1]![1]);
    expect(offsets.at(-1)![1]).toBe(Buffer.byteLength(text));
    expect(rowsBefore(committed)).toBe(ROWS);
    expect(pool.pushed).toBeGreaterThan(20);
    expect(maxReading).toBe(1);
    // At most two reads with the parser (plus the partial row the last commit left behind) when
    // the next read starts; more than one: it started before the slices of the one before
    // the newest were committed.
    const rowLen = row(ROWS).length;
    expect(maxAhead).toBeLessThanOrEqual(2 * READ + rowLen);
    expect(maxAhead).toBeGreaterThan(READ + rowLen);
  });
});
