import 'server-only';
// History tables (component 'history'). One table per entity holds every resolution, told
// apart by `res` (0 = raw poll samples, 60 = 1-minute, 3600 = 1-hour rollups), so queries and
// rollups share column lists. `n` is how many raw samples a row stands for. Plain types and
// no SQLite-only syntax beyond the migration runner and WITHOUT ROWID (a clustered primary key;
// PostgreSQL: a plain table with that primary key), so the DDL ports to PostgreSQL.
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

/**
 * v2, the compact layout (B12: 679 → see README MB per 100k-queue node-day). Names are stored
 * once in `hist_name` and referred to by integer id; every domain and queue row belongs to its
 * poll row by `poll` id and is clustered on (poll, domain[, vmta]) in a WITHOUT ROWID table, so
 * a row is a few small integers and no secondary index exists: time ranges are read through
 * `hist_poll`'s (res, at) index and one contiguous key range per poll, a single domain's series
 * through one primary-key seek per poll. Existing rows are converted, not dropped.
 */
const v2 = (db: Db) => {
  const cols = DOMAIN_COLS.join(', ');
  for (const t of ['hist_domain', 'hist_queue', 'hist_poll']) db.exec(`ALTER TABLE ${t} RENAME TO ${t}_v1`);
  db.exec('CREATE TABLE hist_name (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE)');
  db.exec(`CREATE TABLE hist_poll (
    id INTEGER PRIMARY KEY, res INTEGER NOT NULL, at INTEGER NOT NULL, node TEXT NOT NULL, n INTEGER NOT NULL,
    UNIQUE (res, at, node))`);
  db.exec(`CREATE TABLE hist_domain (
    poll INTEGER NOT NULL, domain INTEGER NOT NULL, n INTEGER NOT NULL,
    ${DOMAIN_COLS.map((c) => `${c} REAL NOT NULL`).join(', ')},
    PRIMARY KEY (poll, domain)) WITHOUT ROWID`);
  db.exec(`CREATE TABLE hist_queue (
    poll INTEGER NOT NULL, domain INTEGER NOT NULL, vmta INTEGER NOT NULL, n INTEGER NOT NULL,
    ${DOMAIN_COLS.map((c) => `${c} REAL NOT NULL`).join(', ')},
    PRIMARY KEY (poll, domain, vmta)) WITHOUT ROWID`);
  // Conversion: polls keep their (res, node, at); rows without a poll row had no reader (every
  // query and rollup averages over polls) and are left out; duplicates of one key (the same poll
  // written twice) keep their sum, as the v1 queries read them.
  db.exec('INSERT INTO hist_poll (res, at, node, n) SELECT res, at, node, n FROM hist_poll_v1 ORDER BY res, at, node');
  db.exec(`INSERT INTO hist_name (name) SELECT domain FROM hist_domain_v1 UNION SELECT domain FROM hist_queue_v1 UNION SELECT vmta FROM hist_queue_v1`);
  const sums = DOMAIN_COLS.map((c) => `SUM(${c})`).join(', ');
  db.exec(`INSERT INTO hist_domain (poll, domain, n, ${cols})
    SELECT p.id, nm.id, MAX(d.n), ${sums} FROM hist_domain_v1 d
    JOIN hist_poll p ON p.res = d.res AND p.at = d.at AND p.node = d.node JOIN hist_name nm ON nm.name = d.domain
    GROUP BY p.id, nm.id ORDER BY p.id, nm.id`);
  db.exec(`INSERT INTO hist_queue (poll, domain, vmta, n, ${cols})
    SELECT p.id, dn.id, vn.id, MAX(q.n), ${sums} FROM hist_queue_v1 q
    JOIN hist_poll p ON p.res = q.res AND p.at = q.at AND p.node = q.node
    JOIN hist_name dn ON dn.name = q.domain JOIN hist_name vn ON vn.name = q.vmta
    GROUP BY p.id, dn.id, vn.id ORDER BY p.id, dn.id, vn.id`);
  for (const t of ['hist_domain', 'hist_queue', 'hist_poll']) db.exec(`DROP TABLE ${t}_v1`);
};

export const HISTORY_MIGRATIONS: Migration[] = [
  { version: 1, description: 'history samples, rollups, queue events', up: v1 },
  { version: 2, description: 'history: name ids, domain and queue rows clustered per poll', up: v2 },
];
