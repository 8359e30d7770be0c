import 'server-only';
// Tables of the 'accounting' store component. Aggregates are keyed by one-minute bucket,
// node, vMTA, recipient domain and job; missing key parts are '' so the keys index simply.
// `acct_progress` holds the resume point of every file: it is written in the same transaction
// as the counts of the bytes it covers, which is what makes ingestion exactly-once.
import { migrate, type Db, type Migration } from '@/lib/store/db';

const KEY = 'bucket INTEGER NOT NULL, node TEXT NOT NULL, vmta TEXT NOT NULL, domain TEXT NOT NULL, job TEXT NOT NULL';

export const ACCOUNTING_MIGRATIONS: Migration[] = [
  {
    version: 1,
    description: 'accounting aggregates, progress, diagnostics, malformed samples',
    up: (db) =>
      db.exec(`
        CREATE TABLE acct_agg (${KEY},
          delivered INTEGER NOT NULL DEFAULT 0, hard INTEGER NOT NULL DEFAULT 0, soft INTEGER NOT NULL DEFAULT 0,
          custom INTEGER NOT NULL DEFAULT 0, unknown INTEGER NOT NULL DEFAULT 0, transient INTEGER NOT NULL DEFAULT 0,
          tq INTEGER NOT NULL DEFAULT 0, rb INTEGER NOT NULL DEFAULT 0, rs INTEGER NOT NULL DEFAULT 0,
          received INTEGER NOT NULL DEFAULT 0, fbl INTEGER NOT NULL DEFAULT 0,
          PRIMARY KEY (bucket, node, vmta, domain, job)) WITHOUT ROWID;
        CREATE INDEX acct_agg_domain ON acct_agg (domain, bucket);
        CREATE TABLE acct_cat (${KEY}, kind TEXT NOT NULL, category TEXT NOT NULL, n INTEGER NOT NULL,
          PRIMARY KEY (bucket, node, vmta, domain, job, kind, category)) WITHOUT ROWID;
        CREATE TABLE acct_fbl (${KEY}, reported_domain TEXT NOT NULL, feedback_type TEXT NOT NULL, n INTEGER NOT NULL,
          PRIMARY KEY (bucket, node, vmta, domain, job, reported_domain, feedback_type)) WITHOUT ROWID;
        CREATE TABLE acct_diag (id INTEGER PRIMARY KEY AUTOINCREMENT, node TEXT NOT NULL, at INTEGER NOT NULL,
          type TEXT NOT NULL, domain TEXT NOT NULL, vmta TEXT NOT NULL, category TEXT NOT NULL,
          signature TEXT NOT NULL, provider TEXT NOT NULL, label TEXT NOT NULL, status TEXT, diag TEXT);
        CREATE INDEX acct_diag_node ON acct_diag (node, id);
        CREATE TABLE acct_progress (node TEXT NOT NULL, file TEXT NOT NULL, offset INTEGER NOT NULL,
          header TEXT, line INTEGER NOT NULL, head_len INTEGER NOT NULL DEFAULT 0, head_hash TEXT,
          updated_at INTEGER NOT NULL, PRIMARY KEY (node, file)) WITHOUT ROWID;
        CREATE TABLE acct_node (node TEXT PRIMARY KEY, records INTEGER NOT NULL DEFAULT 0,
          malformed INTEGER NOT NULL DEFAULT 0, last_record_at INTEGER, updated_at INTEGER NOT NULL) WITHOUT ROWID;
        CREATE TABLE acct_malformed (id INTEGER PRIMARY KEY AUTOINCREMENT, node TEXT NOT NULL, file TEXT NOT NULL,
          line INTEGER NOT NULL, offset INTEGER NOT NULL, reason TEXT NOT NULL, text TEXT NOT NULL, at INTEGER NOT NULL);
        CREATE INDEX acct_malformed_node ON acct_malformed (node, id);
        CREATE TABLE acct_ip_vmta (node TEXT NOT NULL, ip TEXT NOT NULL, vmta TEXT NOT NULL,
          PRIMARY KEY (node, ip)) WITHOUT ROWID;
      `),
  },
  {
    version: 2,
    description: 'hourly rollups of the aggregates (long ranges read these)',
    up: (db) => {
      const counts = 'delivered, hard, soft, custom, unknown, transient, tq, rb, rs, received, fbl';
      const sums = counts
        .split(', ')
        .map((c) => `sum(${c})`)
        .join(', ');
      const hour = '(bucket / 3600000) * 3600000';
      db.exec(`
        CREATE TABLE acct_agg_h AS SELECT * FROM acct_agg WHERE 0;
        CREATE TABLE acct_cat_h AS SELECT * FROM acct_cat WHERE 0;
        CREATE TABLE acct_fbl_h AS SELECT * FROM acct_fbl WHERE 0;
        CREATE UNIQUE INDEX acct_agg_h_key ON acct_agg_h (bucket, node, vmta, domain, job);
        CREATE UNIQUE INDEX acct_cat_h_key ON acct_cat_h (bucket, node, vmta, domain, job, kind, category);
        CREATE UNIQUE INDEX acct_fbl_h_key ON acct_fbl_h (bucket, node, vmta, domain, job, reported_domain, feedback_type);
        INSERT INTO acct_agg_h SELECT ${hour}, node, vmta, domain, job, ${sums} FROM acct_agg GROUP BY 1, 2, 3, 4, 5;
        INSERT INTO acct_cat_h SELECT ${hour}, node, vmta, domain, job, kind, category, sum(n) FROM acct_cat GROUP BY 1, 2, 3, 4, 5, 6, 7;
        INSERT INTO acct_fbl_h SELECT ${hour}, node, vmta, domain, job, reported_domain, feedback_type, sum(n) FROM acct_fbl GROUP BY 1, 2, 3, 4, 5, 6, 7;
      `);
    },
  },
  {
    version: 3,
    // Every filter key of the /bounces page must exist in every table it reads: without `job`
    // here, `?job=` failed with "no such column" on the diagnostics query.
    description: 'job column on diagnostics',
    up: (db) => db.exec(`ALTER TABLE acct_diag ADD COLUMN job TEXT NOT NULL DEFAULT ''`),
  },
  {
    version: 4,
    description: 'several sources per node (progress per source), webhook batches, per-source-IP rollups',
    up: (db) =>
      db.exec(`
        -- Progress is per (node, source, file): a node can follow several file sets (guide
        -- §11.3.1: acct-bd.csv for b,d and acct-t.csv for t,tq). Rows of the single source
        -- every earlier store had move to the id 'default', which the single-source config
        -- form keeps using, so nothing is read twice after the upgrade.
        CREATE TABLE acct_progress_v4 (node TEXT NOT NULL, source TEXT NOT NULL, file TEXT NOT NULL, offset INTEGER NOT NULL,
          header TEXT, line INTEGER NOT NULL, head_len INTEGER NOT NULL DEFAULT 0, head_hash TEXT,
          updated_at INTEGER NOT NULL, PRIMARY KEY (node, source, file)) WITHOUT ROWID;
        INSERT INTO acct_progress_v4 SELECT node, 'default', file, offset, header, line, head_len, head_hash, updated_at FROM acct_progress;
        DROP TABLE acct_progress;
        ALTER TABLE acct_progress_v4 RENAME TO acct_progress;
        -- A store that already followed its single source has started it (startAt never re-applies).
        -- When a source was first started (startAt: end skips what existed then, once).
        CREATE TABLE acct_source (node TEXT NOT NULL, source TEXT NOT NULL, started_at INTEGER NOT NULL,
          PRIMARY KEY (node, source)) WITHOUT ROWID;
        INSERT INTO acct_source SELECT node, 'default', max(updated_at) FROM acct_progress WHERE source = 'default' GROUP BY node;
        -- Webhook batches already counted, by content hash: PowerMTA re-posts a staged batch
        -- until it gets a 2xx, so a retry after a lost reply must not count again.
        CREATE TABLE acct_webhook_batch (node TEXT NOT NULL, source TEXT NOT NULL, hash TEXT NOT NULL,
          at INTEGER NOT NULL, records INTEGER NOT NULL, PRIMARY KEY (node, source, hash)) WITHOUT ROWID;
        CREATE INDEX acct_webhook_batch_at ON acct_webhook_batch (at);
        -- d/b counts per sending IP (dlvSourceIp, guide §11.2.3), hourly: bounces by source IP.
        CREATE TABLE acct_src_ip_h (bucket INTEGER NOT NULL, node TEXT NOT NULL, ip TEXT NOT NULL, vmta TEXT NOT NULL,
          domain TEXT NOT NULL, delivered INTEGER NOT NULL DEFAULT 0, hard INTEGER NOT NULL DEFAULT 0,
          soft INTEGER NOT NULL DEFAULT 0, custom INTEGER NOT NULL DEFAULT 0, unknown INTEGER NOT NULL DEFAULT 0,
          PRIMARY KEY (bucket, node, ip, vmta, domain)) WITHOUT ROWID;
      `),
  },
  {
    version: 5,
    // The /sources page shows deferrals per sending IP too (t records carry dlvSourceIp like d and
    // b records, guide §11.2.2–§11.2.4); hours ingested before this version count none.
    description: 'deferrals (t) per source IP',
    up: (db) => db.exec('ALTER TABLE acct_src_ip_h ADD COLUMN transient INTEGER NOT NULL DEFAULT 0'),
  },
];

const ready = new WeakSet<Db>();

/** Applies the accounting migrations once per connection. */
export function ensureAccountingSchema(db: Db): Db {
  if (!ready.has(db)) {
    migrate(db, 'accounting', ACCOUNTING_MIGRATIONS);
    ready.add(db);
  }
  return db;
}
