import 'server-only';
// The console's store, chosen by `store.kind` in the configuration. Opened once, by the
// composition root (lib/runtime), which hands its connection to every component that keeps
// tables (audit, history, schedules, accounting). A second backend (e.g. PostgreSQL) plugs
// in here and at the root; the components keep their own migrations (lib/store/db.ts).
import type { StoreConfig } from '@/lib/config/schema';
import { openDatabase, type Db } from './db';

export interface ConsoleStore {
  readonly kind: 'sqlite';
  /** Where it lives, for log lines (a file path or `:memory:`). */
  readonly location: string;
  readonly db: Db;
  close(): void;
}

/**
 * The store could not be prepared at start-up (directory not creatable, not a directory,
 * file not openable or writable). The console stops with this message rather than serving
 * 500s: it names the `store.path` setting and the OS error.
 */
export class StoreOpenError extends Error {
  constructor(
    readonly storePath: string,
    cause: unknown,
  ) {
    super(`store.path ${JSON.stringify(storePath)}: cannot prepare the store: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'StoreOpenError';
  }
}

export function openStore(cfg: StoreConfig): ConsoleStore {
  switch (cfg.kind) {
    case 'sqlite': {
      let db: Db;
      try {
        db = openDatabase(cfg.path);
        // A read-only file opens fine and fails at the first write: find out now. The same
        // one-row table is what the running console's health probe writes (./health.ts).
        db.exec('CREATE TABLE IF NOT EXISTS store_probe (x INTEGER)');
        db.prepare('INSERT OR REPLACE INTO store_probe (rowid, x) VALUES (1, ?)').run(Date.now());
      } catch (e) {
        throw new StoreOpenError(cfg.path, e);
      }
      return { kind: 'sqlite', location: cfg.path, db, close: () => db.close() };
    }
  }
}
