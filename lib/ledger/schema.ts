import 'server-only';
// The action ledger's table: what the console has set and still intends, one row per node and
// target. A row is deleted when the intent ends (resumed, enabled, re-enable time passed); its
// origin stays in the audit log (`audit_id`). One list for both backends (lib/store/sql.ts):
// component `ledger`, version 1 is the name and number existing SQLite files recorded when
// they made the table, so such a file keeps its table and rows and the step is not run again.
import type { Generated } from 'kysely';
import { columnTypes, type SqlMigration } from '@/lib/store/sql';

export const LEDGER_MIGRATIONS: SqlMigration[] = [
  {
    version: 1,
    description: 'intended state set from the console, with drift',
    up: (d) => {
      const t = columnTypes(d);
      return [
        `CREATE TABLE IF NOT EXISTS ledger_intents (
          id ${t.id},
          node TEXT NOT NULL,
          kind TEXT NOT NULL,
          target TEXT NOT NULL,
          ip TEXT NOT NULL DEFAULT '',
          set_by TEXT NOT NULL,
          reason TEXT,
          audit_id ${t.int} NOT NULL,
          set_at ${t.int} NOT NULL,
          until ${t.int},
          startup_time TEXT,
          drift_since ${t.int},
          drift_detail TEXT,
          drift_cause TEXT,
          restart_suspected ${t.int} NOT NULL DEFAULT 0,
          checked_at ${t.int}
        )`,
        'CREATE UNIQUE INDEX IF NOT EXISTS ledger_intents_key ON ledger_intents (node, kind, target, ip)',
      ];
    },
  },
];

// A type, not an interface: Kysely's withTables wants an index-signature-compatible record.
export type LedgerTables = {
  ledger_intents: {
    id: Generated<number>;
    node: string;
    kind: string;
    target: string;
    ip: Generated<string>;
    set_by: string;
    reason: string | null;
    audit_id: number;
    set_at: number;
    until: number | null;
    startup_time: string | null;
    drift_since: number | null;
    drift_detail: string | null;
    drift_cause: string | null;
    restart_suspected: Generated<number>;
    checked_at: number | null;
  };
};
