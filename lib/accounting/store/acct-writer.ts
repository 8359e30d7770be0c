// What the ingesters (follower, webhook receiver) need of the accounting store's write side, on
// either backend: AcctStoreWriter (SQLite, synchronous statements on the local connection) or
// PgAcctWriter (PostgreSQL, one round of multi-row upserts per slice). Callers await every
// answer; the SQLite writer answers synchronously, which `await` takes as it is.
import type { SliceCounts } from '@/lib/accounting/slice-counts';
import type { FileProgress, IngestBatch, IngestSlice } from './writer';

type Awaitable<T> = T | Promise<T>;

export interface AcctWriter {
  /** The slice's counts and the file's new resume point, in one transaction; ProgressConflictError when the stored point moved. */
  commit(slice: IngestSlice): Awaitable<void>;
  /** A pushed batch, once per idempotency key. */
  commitBatch(batch: IngestBatch): Awaitable<'counted' | 'duplicate'>;
  sourceStartedAt(node: string, source: string): Awaitable<number | null>;
  startSource(node: string, source: string, files: [string, FileProgress][]): Awaitable<void>;
  resetProgress(node: string, file: string, p: FileProgress, source?: string): Awaitable<void>;
  /** Resume points of one node's files of one source (also primes the node's IP → vMTA map for counts()). */
  loadProgress(node: string, source?: string): Awaitable<Map<string, FileProgress>>;
  /** Counts a reader fills while it parses, for commit({ records: counts }). */
  counts(node: string): SliceCounts;
  readonly keepDiagnostics: number;
  knownIps(node: string): [string, string][];
}
