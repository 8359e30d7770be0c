import 'server-only';
// The audit component's tables. `audit_entries` is append-mostly: a row is inserted before a
// command is sent and updated once with the outcome. `scheduled_resumes` holds the automatic
// resumes of time-boxed pauses, so they survive a console restart. One list for both backends
// (lib/store/sql.ts); the SQLite statements are those existing files were created with.
import type { Generated } from 'kysely';
import { columnTypes, type SqlMigration } from '@/lib/store/sql';

export const AUDIT_MIGRATIONS: SqlMigration[] = [
  {
    version: 1,
    description: 'audit entries and scheduled resumes',
    up: (d) => {
      const t = columnTypes(d);
      return [
        `CREATE TABLE audit_entries (
          id ${t.id},
          at ${t.int} NOT NULL,
          "user" TEXT NOT NULL,
          client_address TEXT NOT NULL,
          action TEXT NOT NULL,
          pattern TEXT NOT NULL,
          domain TEXT NOT NULL,
          vmta TEXT NOT NULL,
          command TEXT NOT NULL,
          nodes TEXT NOT NULL,
          reason TEXT,
          resume_at ${t.int},
          state TEXT NOT NULL,
          results TEXT NOT NULL DEFAULT '[]',
          finished_at ${t.int}
        )`,
        'CREATE INDEX audit_entries_at ON audit_entries (at)',
        'CREATE INDEX audit_entries_domain_at ON audit_entries (domain, at)',
        "CREATE INDEX audit_entries_state ON audit_entries (state) WHERE state = 'started'",
        `CREATE TABLE scheduled_resumes (
          id ${t.id},
          audit_id ${t.int} NOT NULL REFERENCES audit_entries (id),
          pattern TEXT NOT NULL,
          nodes TEXT NOT NULL,
          resume_at ${t.int} NOT NULL,
          scheduled_by TEXT NOT NULL,
          state TEXT NOT NULL,
          result_audit_id ${t.int},
          updated_at ${t.int} NOT NULL
        )`,
        'CREATE INDEX scheduled_resumes_due ON scheduled_resumes (state, resume_at)',
      ];
    },
  },
  {
    version: 2,
    // Which console process wrote a row: at start-up every `started` row of another process
    // is abandoned, however young (a supervisor may restart the console within a second).
    description: 'owning process of audit entries',
    up: () => ['ALTER TABLE audit_entries ADD COLUMN owner TEXT'],
  },
];

// A type, not an interface: Kysely's withTables wants an index-signature-compatible record.
export type AuditTables = {
  audit_entries: {
    id: Generated<number>;
    at: number;
    user: string;
    client_address: string;
    action: string;
    pattern: string;
    domain: string;
    vmta: string;
    command: string;
    /** JSON array of node ids. */
    nodes: string;
    reason: string | null;
    resume_at: number | null;
    state: string;
    /** JSON array of AuditNodeResult. */
    results: Generated<string>;
    finished_at: number | null;
    owner: string | null;
  };
  scheduled_resumes: {
    id: Generated<number>;
    audit_id: number;
    pattern: string;
    nodes: string;
    resume_at: number;
    scheduled_by: string;
    state: string;
    result_audit_id: number | null;
    updated_at: number;
  };
};
