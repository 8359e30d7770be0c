import 'server-only';
// Persisted side of the ingestion status: per-node counters, malformed samples and the
// resume point of the newest file (the in-memory ingester adds polling state and lag).
import { all, get, type AcctDb } from './acct-db';
import type { MalformedSample } from './types';

export interface StoredNodeStatus {
  records: number;
  malformed: number;
  lastRecordAt: number | null;
  samples: MalformedSample[];
  /** Newest file by name with its offset (what a stopped ingester last reached). */
  lastFile: { file: string; offset: number } | null;
}

export async function storedNodeStatus(db: AcctDb, node: string, samples = 20): Promise<StoredNodeStatus> {
  const n = await get<{ records: number; malformed: number; lastRecordAt: number | null }>(
    db,
    'SELECT records, malformed, last_record_at AS "lastRecordAt" FROM acct_node WHERE node = ?',
    [node],
  );
  const s = await all<MalformedSample>(db, 'SELECT file, line, "offset", reason, "text", at FROM acct_malformed WHERE node = ? ORDER BY id DESC LIMIT ?', [
    node,
    samples,
  ]);
  const last = await get<{ file: string; offset: number }>(db, 'SELECT file, "offset" FROM acct_progress WHERE node = ? ORDER BY file DESC LIMIT 1', [node]);
  return { records: n?.records ?? 0, malformed: n?.malformed ?? 0, lastRecordAt: n?.lastRecordAt ?? null, samples: s, lastFile: last ?? null };
}
