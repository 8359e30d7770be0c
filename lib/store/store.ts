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

export function openStore(cfg: StoreConfig): ConsoleStore {
  switch (cfg.kind) {
    case 'sqlite': {
      const db = openDatabase(cfg.path);
      return { kind: 'sqlite', location: cfg.path, db, close: () => db.close() };
    }
  }
}
