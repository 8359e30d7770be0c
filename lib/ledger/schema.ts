import 'server-only';
// The action ledger's table: what the console has set and still intends, one row per node and
// target. A row is deleted when the intent ends (resumed, enabled, re-enable time passed); its
// origin stays in the audit log (`audit_id`).
import type { Migration } from '@/lib/store/db';

export const LEDGER_MIGRATIONS: Migration[] = [
  {
    version: 1,
    description: 'intended state set from the console, with drift',
    up: (db) =>
      db.exec(`
        CREATE TABLE ledger_intents (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          node TEXT NOT NULL,
          kind TEXT NOT NULL,
          target TEXT NOT NULL,
          ip TEXT NOT NULL DEFAULT '',
          set_by TEXT NOT NULL,
          reason TEXT,
          audit_id INTEGER NOT NULL,
          set_at INTEGER NOT NULL,
          until INTEGER,
          startup_time TEXT,
          drift_since INTEGER,
          drift_detail TEXT,
          drift_cause TEXT,
          restart_suspected INTEGER NOT NULL DEFAULT 0,
          checked_at INTEGER
        );
        CREATE UNIQUE INDEX ledger_intents_key ON ledger_intents (node, kind, target, ip);
      `),
  },
];
