import 'server-only';
// Persisted side of the ingestion status: per-node counters, malformed samples and the
// resume point of the newest file (the in-memory ingester adds polling state and lag).
import type { Db } from '@/lib/store/db';
import { ensureAccountingSchema } from './schema';
import type { MalformedSample } from './types';

export interface StoredNodeStatus {
  records: number;
  malformed: number;
  lastRecordAt: number | null;
  samples: MalformedSample[];
  /** Newest file by name with its offset (what a stopped ingester last reached). */
  lastFile: { file: string; offset: number } | null;
}

export function storedNodeStatus(db: Db, node: string, samples = 20): StoredNodeStatus {
  ensureAccountingSchema(db);
  const n = db.prepare('SELECT records, malformed, last_record_at AS lastRecordAt FROM acct_node WHERE node = ?').get(node) as
    { records: number; malformed: number; lastRecordAt: number | null } | undefined;
  const s = db
    .prepare('SELECT file, line, offset, reason, text, at FROM acct_malformed WHERE node = ? ORDER BY id DESC LIMIT ?')
    .all(node, samples) as MalformedSample[];
  const last = db.prepare('SELECT file, offset FROM acct_progress WHERE node = ? ORDER BY file DESC LIMIT 1').get(node) as
    { file: string; offset: number } | undefined;
  return { records: n?.records ?? 0, malformed: n?.malformed ?? 0, lastRecordAt: n?.lastRecordAt ?? null, samples: s, lastFile: last ?? null };
}
