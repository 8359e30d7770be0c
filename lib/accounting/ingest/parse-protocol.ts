// Messages between the accounting follower (main thread) and its parse worker. A pass is one
// follower's read through one file; its pushes are answered in order with the slices they
// closed, as plain data (the worker keeps the parser and the counts between pushes).
import type { ParsedSlice } from '@/lib/accounting/slice-parser';
import type { SliceCountsData } from '@/lib/accounting/slice-counts';

export type AcctWorkerRequest =
  | {
      op: 'open';
      pass: number;
      node: string;
      startOffset: number;
      header: readonly string[] | null;
      startLine: number;
      commitBytes: number;
      keepDiagnostics: number;
      /** The node's known IP → vMTA pairs (FBL rows are mapped through them). */
      ips: [string, string][];
    }
  /** The next bytes of the file (moved, not copied); `end`: the file is finished after them. */
  | { op: 'push'; pass: number; seq: number; bytes: ArrayBuffer; end: boolean }
  | { op: 'close'; pass: number };

export type WireSlice = Omit<ParsedSlice, 'counts'> & { counts: SliceCountsData };

export type AcctWorkerResponse = { pass: number; seq: number; ok: true; slices: WireSlice[] } | { pass: number; seq: number; ok: false; error: string };
