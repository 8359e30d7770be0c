import 'server-only';
// How the accounting store is reached on either backend: the console store (lib/store/store.ts).
// The read side keeps its hand-written SQL (sums over unions of the minute and hourly tables,
// built from the filter) and runs it through the store's query builder, so the same text serves
// SQLite and PostgreSQL: `?` placeholders become `$n` on PostgreSQL, and the few functions that
// differ are named here. store.query() joins the caller's transaction.
import { AsyncLocalStorage } from 'node:async_hooks';
import { CompiledQuery, Kysely, SqliteDialect, type Transaction } from 'kysely';
import type { Db } from '@/lib/store/db';
import type { StoreSql, StoreTables } from '@/lib/store/sql';
import type { ConsoleStore } from '@/lib/store/store';
import { ensureAccountingSchema } from './schema';
import { ACCOUNTING_PG_MIGRATIONS } from './pg-schema';

/** What the accounting store needs of the console store (tests pass openTestStore's). */
export type AcctDb = Pick<ConsoleStore, 'kind' | 'db' | 'query' | 'migrate' | 'transaction'>;

export type Arg = string | number | null | readonly unknown[];

/** The accounting tables exist (SQLite: synchronously on the local file; PostgreSQL: migrated). */
export async function acctReady(s: AcctDb): Promise<void> {
  if (s.kind === 'sqlite') ensureAccountingSchema(s.db);
  else await s.migrate('accounting', ACCOUNTING_PG_MIGRATIONS);
}

function compile(s: AcctDb, text: string, args: readonly Arg[]): CompiledQuery {
  if (s.kind === 'postgres') {
    let i = 0;
    text = text.replace(/\?/g, () => `$${++i}`);
  }
  return CompiledQuery.raw(text, args as unknown[]);
}

export async function all<T>(s: AcctDb, text: string, args: readonly Arg[] = []): Promise<T[]> {
  await acctReady(s);
  return (await s.query().executeQuery<T>(compile(s, text, args))).rows;
}

export async function get<T>(s: AcctDb, text: string, args: readonly Arg[] = []): Promise<T | undefined> {
  return (await all<T>(s, text, args))[0];
}

/** Rows changed by an INSERT, UPDATE or DELETE. */
export async function run(s: AcctDb, text: string, args: readonly Arg[] = []): Promise<number> {
  await acctReady(s);
  const r = await s.query().executeQuery(compile(s, text, args));
  return Number(r.numAffectedRows ?? 0);
}

/** `group_concat(expr)` (SQLite) / `string_agg(expr, ',')` (PostgreSQL); `distinct` inside. */
export function concatAgg(s: AcctDb, expr: string, distinct = false): string {
  const d = distinct ? 'DISTINCT ' : '';
  return s.kind === 'postgres' ? `string_agg(${d}${expr}, ',')` : `group_concat(${d}${expr})`;
}

/**
 * A SQLite connection opened directly (benchmarks, tests of a store file) as an AcctDb: the
 * same query builder over the same connection the console store would use.
 */
export function sqliteAcctDb(db: Db): AcctDb {
  const sql: StoreSql = new Kysely<StoreTables>({ dialect: new SqliteDialect({ database: db }) });
  const current = new AsyncLocalStorage<Transaction<StoreTables>>();
  return {
    kind: 'sqlite',
    db,
    query: () => current.getStore() ?? sql,
    migrate: async () => {
      ensureAccountingSchema(db);
    },
    transaction: (fn) => (current.getStore() ? fn() : sql.transaction().execute((trx) => current.run(trx, fn))),
  };
}
