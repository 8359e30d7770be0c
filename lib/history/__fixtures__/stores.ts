// History stores for tests on either backend (describe.each(STORE_BACKENDS)): SQLite in memory,
// PostgreSQL in a fresh schema of the run's throw-away cluster (lib/store/__fixtures__).
import { CompiledQuery } from 'kysely';
import { openDatabase } from '@/lib/store/db';
import { openTestStore, type StoreBackend } from '@/lib/store/__fixtures__/backends';
import type { ConsoleStore } from '@/lib/store/store';
import { SqliteHistoryStore, type SqliteHistoryOptions } from '../sqlite-store';
import { PgHistoryStore } from '../pg-store';

export interface TestHistoryStore {
  store: SqliteHistoryStore | PgHistoryStore;
  /** Run a plain SELECT on the store's database (no parameters). */
  rows<T = Record<string, unknown>>(sql: string): Promise<T[]>;
  /** The console store under a PostgreSQL history store. */
  consoleStore?: ConsoleStore;
  close(): Promise<void>;
}

export async function openHistoryStore(kind: StoreBackend, opts: SqliteHistoryOptions): Promise<TestHistoryStore> {
  if (kind === 'sqlite') {
    const db = openDatabase(':memory:');
    const store = new SqliteHistoryStore(db, opts);
    return {
      store,
      rows: async <T>(sql: string) => db.prepare(sql).all() as T[],
      close: async () => {
        db.close();
      },
    };
  }
  const consoleStore = await openTestStore('postgres');
  const store = new PgHistoryStore(consoleStore, opts);
  return {
    store,
    consoleStore,
    rows: async <T>(sql: string) => (await consoleStore.sql.executeQuery<T>(CompiledQuery.raw(sql))).rows,
    close: () => consoleStore.close(),
  };
}
