import 'server-only';
// The cluster's two tables, for both dialects: one row per live (or recently live) console
// replica, and one lease row per node poll or exactly-once task. Times are epoch ms.
import type { SqlMigration } from '@/lib/store/sql';
import { columnTypes } from '@/lib/store/sql';

export type ClusterTables = {
  cluster_replicas: { id: string; started_at: number; last_seen_at: number; url: string | null };
  /** `key`: a node id, `task:resumes`, `task:alerts`, `acct:<node>`. `generation`: the fencing token. */
  cluster_leases: { key: string; owner: string; generation: number; expires_at: number };
};

export const CLUSTER_MIGRATIONS: SqlMigration[] = [
  {
    version: 1,
    description: 'replicas and leases',
    up: (d) => {
      const int = columnTypes(d).int;
      return [
        `CREATE TABLE IF NOT EXISTS cluster_replicas (id TEXT PRIMARY KEY, started_at ${int} NOT NULL, last_seen_at ${int} NOT NULL, url TEXT)`,
        `CREATE TABLE IF NOT EXISTS cluster_leases (key TEXT PRIMARY KEY, owner TEXT NOT NULL, generation ${int} NOT NULL, expires_at ${int} NOT NULL)`,
      ];
    },
  },
];
