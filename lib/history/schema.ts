import 'server-only';
// History tables (component 'history'). One table per entity holds every resolution, told
// apart by `res` (0 = raw poll samples, 60 = 1-minute, 3600 = 1-hour rollups), so queries and
// rollups share column lists. `n` is how many raw samples a row stands for. Plain types and
// no SQLite-only syntax beyond the migration runner, so the DDL ports to PostgreSQL.
import type { Db, Migration } from '@/lib/store/db';
import { COUNTERS, DOMAIN_GAUGES, NODE_GAUGES } from './metrics';

export const RES = { raw: 0, minute: 60, hour: 3600 } as const;

export const NODE_COLS = [...COUNTERS.map((c) => `t_${c}`), ...COUNTERS.map((c) => `d_${c}`), ...NODE_GAUGES.map((g) => `g_${g}`)];
export const DOMAIN_COLS = [...DOMAIN_GAUGES];

const v1 = (db: Db) => {
  db.exec(`CREATE TABLE hist_node (
    res INTEGER NOT NULL, node TEXT NOT NULL, at INTEGER NOT NULL, n INTEGER NOT NULL, dt INTEGER,
    ${NODE_COLS.map((c) => `${c} REAL`).join(', ')},
    PRIMARY KEY (res, node, at))`);
  db.exec('CREATE INDEX hist_node_at ON hist_node (res, at)');
  // Domain and queue rows are appended in time order, so (res, at) keeps inserts at the end of
  // the index; the per-domain index serves drill-downs.
  db.exec(`CREATE TABLE hist_domain (
    res INTEGER NOT NULL, node TEXT NOT NULL, at INTEGER NOT NULL, domain TEXT NOT NULL, n INTEGER NOT NULL,
    ${DOMAIN_COLS.map((c) => `${c} REAL NOT NULL`).join(', ')})`);
  db.exec('CREATE INDEX hist_domain_at ON hist_domain (res, at)');
  db.exec('CREATE INDEX hist_domain_domain ON hist_domain (domain, res, at)');
  db.exec(`CREATE TABLE hist_queue (
    res INTEGER NOT NULL, node TEXT NOT NULL, at INTEGER NOT NULL, domain TEXT NOT NULL, vmta TEXT NOT NULL, n INTEGER NOT NULL,
    ${DOMAIN_COLS.map((c) => `${c} REAL NOT NULL`).join(', ')})`);
  db.exec('CREATE INDEX hist_queue_at ON hist_queue (res, at)');
  db.exec('CREATE INDEX hist_queue_domain ON hist_queue (domain, res, at)');
  // One row per queue-list poll: the denominator for averaging domains that are absent
  // (backlog 0) from some polls of a bucket.
  db.exec('CREATE TABLE hist_poll (res INTEGER NOT NULL, node TEXT NOT NULL, at INTEGER NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (res, node, at))');
  db.exec(`CREATE TABLE hist_event (
    at INTEGER NOT NULL, node TEXT NOT NULL, queue TEXT NOT NULL, domain TEXT NOT NULL, vmta TEXT NOT NULL,
    kind TEXT NOT NULL, text TEXT)`);
  db.exec('CREATE INDEX hist_event_domain ON hist_event (domain, at)');
  db.exec('CREATE INDEX hist_event_at ON hist_event (at)');
  db.exec('CREATE TABLE hist_meta (name TEXT PRIMARY KEY, value INTEGER NOT NULL)');
};

export const HISTORY_MIGRATIONS: Migration[] = [{ version: 1, description: 'history samples, rollups, queue events', up: v1 }];
