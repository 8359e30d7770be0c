import 'server-only';
// The audit component's tables. `audit_entries` is append-mostly: a row is inserted before a
// command is sent and updated once with the outcome. `scheduled_resumes` holds the automatic
// resumes of time-boxed pauses, so they survive a console restart.
import type { Migration } from '@/lib/store/db';

export const AUDIT_MIGRATIONS: Migration[] = [
  {
    version: 1,
    description: 'audit entries and scheduled resumes',
    up: (db) =>
      db.exec(`
        CREATE TABLE audit_entries (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          at INTEGER NOT NULL,
          user TEXT NOT NULL,
          client_address TEXT NOT NULL,
          action TEXT NOT NULL,
          pattern TEXT NOT NULL,
          domain TEXT NOT NULL,
          vmta TEXT NOT NULL,
          command TEXT NOT NULL,
          nodes TEXT NOT NULL,
          reason TEXT,
          resume_at INTEGER,
          state TEXT NOT NULL,
          results TEXT NOT NULL DEFAULT '[]',
          finished_at INTEGER
        );
        CREATE INDEX audit_entries_at ON audit_entries (at);
        CREATE INDEX audit_entries_domain_at ON audit_entries (domain, at);
        CREATE INDEX audit_entries_state ON audit_entries (state) WHERE state = 'started';
        CREATE TABLE scheduled_resumes (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          audit_id INTEGER NOT NULL REFERENCES audit_entries (id),
          pattern TEXT NOT NULL,
          nodes TEXT NOT NULL,
          resume_at INTEGER NOT NULL,
          scheduled_by TEXT NOT NULL,
          state TEXT NOT NULL,
          result_audit_id INTEGER,
          updated_at INTEGER NOT NULL
        );
        CREATE INDEX scheduled_resumes_due ON scheduled_resumes (state, resume_at);
      `),
  },
  {
    version: 2,
    // Which console process wrote a row: at start-up every `started` row of another process
    // is abandoned, however young (a supervisor may restart the console within a second).
    description: 'owning process of audit entries',
    up: (db) => db.exec(`ALTER TABLE audit_entries ADD COLUMN owner TEXT`),
  },
];
