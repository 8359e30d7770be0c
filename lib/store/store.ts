import 'server-only';
// The console's store, chosen by `store.kind` in the configuration. Opened once, by the
// composition root (lib/runtime), which hands it to every component that keeps tables. Both
// backends are reached through one query builder (Kysely, ./sql.ts): `sqlite` is the embedded
// default (one file, WAL), `postgres` a server several consoles can share. Everything the
// console keeps is reached on both backends; two hot paths keep the raw SQLite connection `db`
// on `sqlite` for speed: the history writer (lib/history: SQLite on `db`, PostgreSQL on `sql`)
// and the accounting writer's prepared statements (lib/accounting/store/acct-db.ts). On
// `postgres`, `db` is a local file at `store.path` with no component tables.
import { AsyncLocalStorage } from 'node:async_hooks';
import { readFileSync } from 'node:fs';
import { Kysely, PostgresDialect, SqliteDialect, type Transaction } from 'kysely';
import pg from 'pg';
import type { StoreConfig } from '@/lib/config/schema';
import { postgresDefaults } from '@/lib/config/store-schema';
import { openDatabase, type Db } from './db';
import { ensureMigrationTable, migrateSql, migrateSqliteNow, migrationsCurrent } from './migrate';
import type { SqlDialect, SqlMigration, StoreSql, StoreTables } from './sql';

export interface ConsoleStore {
  readonly kind: SqlDialect;
  /** Where it lives, for log lines (a file path, `:memory:`, or the server and database without credentials). */
  readonly location: string;
  /** The local SQLite connection: the whole store on `sqlite`; on `postgres` a file with none of the console's tables. */
  readonly db: Db;
  /** The query builder over the chosen backend (all ported components). */
  readonly sql: StoreSql;
  /**
   * Apply a component's migrations (once per component; a second call shares the first's
   * promise). Components await it before their first query.
   */
  migrate(component: string, migrations: SqlMigration[]): Promise<void>;
  /** Every migration asked for so far has been applied (start-up, and readiness). */
  ready(): Promise<void>;
  /** Whether the database holds every registered component's migrations (readiness). */
  migrationsCurrent(): Promise<boolean>;
  /**
   * Run `fn` in one transaction: every component query made from inside it (through query())
   * joins it, so an action's outcome, its schedules and its ledger rows commit together. A
   * transaction opened inside another joins the outer one.
   */
  transaction<T>(fn: () => Promise<T>): Promise<T>;
  /** The builder to query with: the caller's open transaction, else the store itself. */
  query(): StoreSql;
  close(): Promise<void>;
}

/**
 * The store could not be prepared at start-up (directory not creatable, not a directory,
 * file not openable or writable; no PostgreSQL URL in the named variable). The console stops
 * with this message rather than serving 500s: it names the setting and the OS error.
 */
export class StoreOpenError extends Error {
  constructor(
    readonly storePath: string,
    cause: unknown,
    setting = 'store.path',
  ) {
    super(`${setting} ${JSON.stringify(storePath)}: cannot prepare the store: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'StoreOpenError';
  }
}

function openSqliteFile(file: string): Db {
  try {
    const db = openDatabase(file);
    // A read-only file opens fine and fails at the first write: find out now. The same
    // one-row table is what the running console's health probe writes (./health.ts).
    db.exec('CREATE TABLE IF NOT EXISTS store_probe (x INTEGER)');
    db.prepare('INSERT OR REPLACE INTO store_probe (rowid, x) VALUES (1, ?)').run(Date.now());
    return db;
  } catch (e) {
    throw new StoreOpenError(file, e);
  }
}

/** 64-bit integers (epoch-ms times, ids, counts) as numbers: every value the console keeps fits in 2^53. */
const INT8_OID = 20;
const pgTypes = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID && format !== 'binary' ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

function postgresPool(cfg: NonNullable<StoreConfig['postgres']>, url: string): pg.Pool {
  const tls = cfg.tls;
  const ssl =
    tls.mode === 'disable' ? false : { rejectUnauthorized: tls.mode === 'verify-full', ...(tls.caFile ? { ca: readFileSync(tls.caFile, 'utf8') } : {}) };
  const pool = new pg.Pool({ connectionString: url, max: cfg.poolSize, ssl, types: pgTypes, connectionTimeoutMillis: cfg.connectTimeoutMs });
  // An idle client losing its server emits here; unhandled it would end the process. The
  // next query fails and the health probe reports the store down.
  pool.on('error', () => {});
  return pool;
}

/** The URL without its password, for log lines. */
function describeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `postgres://${u.hostname}${u.port ? `:${u.port}` : ''}${u.pathname}`;
  } catch {
    return 'postgres (unparseable URL)';
  }
}

function withMigrations(base: Omit<ConsoleStore, 'migrate' | 'ready' | 'migrationsCurrent' | 'transaction' | 'query'>): ConsoleStore {
  // Which transaction the current async call chain is in (per store), so components need no
  // transaction parameter threaded through their methods.
  const current = new AsyncLocalStorage<Transaction<StoreTables>>();
  const started = ensureMigrationTable(base.sql, base.kind);
  started.catch(() => {}); // reported through every migrate() and ready() that awaits it
  const runs = new Map<string, Promise<void>>();
  const lists = new Map<string, SqlMigration[]>();
  return {
    ...base,
    migrate(component, migrations) {
      let p = runs.get(component);
      if (!p) {
        lists.set(component, migrations);
        if (base.kind === 'sqlite') {
          // Synchronously (see migrateSqliteNow); a failure still surfaces through the promise.
          try {
            migrateSqliteNow(base.db, component, migrations);
            p = Promise.resolve();
          } catch (e) {
            p = Promise.reject(e as Error);
          }
        } else p = started.then(() => migrateSql(base.sql, base.kind, component, migrations)).then(() => {});
        // Awaited by the component's queries; this copy only keeps a failure from being "unhandled".
        p.catch(() => {});
        runs.set(component, p);
      }
      return p;
    },
    async ready() {
      await started;
      await Promise.all(runs.values());
    },
    async migrationsCurrent() {
      await started;
      return migrationsCurrent(base.sql, lists);
    },
    async transaction(fn) {
      if (current.getStore()) return fn();
      // Migrations first: on SQLite the transaction holds the one connection they need.
      await started;
      await Promise.all(runs.values());
      return base.sql.transaction().execute((trx) => current.run(trx, fn));
    },
    query() {
      return current.getStore() ?? base.sql;
    },
  };
}

/** A store configuration; `postgres` may be left out (its defaults). */
export type StoreOpenConfig = Omit<StoreConfig, 'postgres'> & { postgres?: StoreConfig['postgres'] };

export function openStore(cfg: StoreOpenConfig, env: NodeJS.ProcessEnv = process.env): ConsoleStore {
  switch (cfg.kind) {
    case 'sqlite': {
      const db = openSqliteFile(cfg.path);
      // Kysely's driver closes the connection on destroy().
      const sql = new Kysely<StoreTables>({ dialect: new SqliteDialect({ database: db }) });
      return withMigrations({ kind: 'sqlite', location: cfg.path, db, sql, close: () => sql.destroy() });
    }
    case 'postgres': {
      const pgCfg = cfg.postgres ?? postgresDefaults();
      const url = env[pgCfg.urlEnv];
      if (!url)
        throw new StoreOpenError(pgCfg.urlEnv, new Error(`environment variable ${pgCfg.urlEnv} is not set (the PostgreSQL URL)`), 'store.postgres.urlEnv');
      let pool: pg.Pool;
      try {
        pool = postgresPool(pgCfg, url);
      } catch (e) {
        throw new StoreOpenError(pgCfg.urlEnv, e, 'store.postgres.urlEnv');
      }
      const db = openSqliteFile(cfg.path); // history and accounting, until they are ported
      const sql = new Kysely<StoreTables>({ dialect: new PostgresDialect({ pool }) });
      return withMigrations({
        kind: 'postgres',
        location: describeUrl(url),
        db,
        sql,
        async close() {
          try {
            await sql.destroy();
          } finally {
            db.close();
          }
        },
      });
    }
  }
}
