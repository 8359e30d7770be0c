import 'server-only';
// Applies components' migrations on either backend, recording them in `schema_migrations`
// (component, version) — the same table and numbers the SQLite files already have, so an
// existing file is not migrated twice. On PostgreSQL several replicas may start at once: a
// transaction-scoped advisory lock lets one apply a component's steps while the others wait
// and then find them applied.
import { sql, type Transaction } from 'kysely';
import type { Db } from './db';
import type { SqlDialect, SqlMigration, StoreSql, StoreTables } from './sql';

/** Any fixed number: the lock only has to be the same in every replica. */
const MIGRATION_LOCK = 0x706d7461;

async function applied(trx: Transaction<StoreTables>, component: string): Promise<Set<number>> {
  const rows = await trx.selectFrom('schema_migrations').select('version').where('component', '=', component).execute();
  return new Set(rows.map((r) => Number(r.version)));
}

export async function ensureMigrationTable(db: StoreSql, d: SqlDialect): Promise<void> {
  const int = d === 'postgres' ? 'BIGINT' : 'INTEGER';
  await db.transaction().execute(async (trx) => {
    // Concurrent CREATE TABLE IF NOT EXISTS can still collide on PostgreSQL: take the lock.
    if (d === 'postgres') await sql`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK})`.execute(trx);
    await sql
      .raw(
        `CREATE TABLE IF NOT EXISTS schema_migrations (component TEXT NOT NULL, version INTEGER NOT NULL, description TEXT NOT NULL, applied_at ${int} NOT NULL, PRIMARY KEY (component, version))`,
      )
      .execute(trx);
    await sql.raw(`CREATE TABLE IF NOT EXISTS store_probe (id INTEGER PRIMARY KEY, x ${int})`).execute(trx);
  });
}

/** Apply the component's steps not applied yet, each in its own transaction; returns how many. */
export async function migrateSql(db: StoreSql, d: SqlDialect, component: string, migrations: SqlMigration[]): Promise<number> {
  let count = 0;
  for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
    const did = await db.transaction().execute(async (trx) => {
      if (d === 'postgres') await sql`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK})`.execute(trx);
      if ((await applied(trx, component)).has(m.version)) return false;
      for (const stmt of m.up(d)) await sql.raw(stmt).execute(trx);
      await trx.insertInto('schema_migrations').values({ component, version: m.version, description: m.description, applied_at: Date.now() }).execute();
      return true;
    });
    if (did) count++;
  }
  return count;
}

/**
 * The same on SQLite, synchronously, on the raw connection (schema_migrations is created by
 * openDatabase): a component's tables exist once its constructor returns, as they always did,
 * so the synchronous readers still on the raw connection (history's annotation source) never
 * meet a missing table.
 */
export function migrateSqliteNow(db: Db, component: string, migrations: SqlMigration[]): number {
  const applied = new Set(
    (db.prepare('SELECT version FROM schema_migrations WHERE component = ?').all(component) as { version: number }[]).map((r) => r.version),
  );
  const record = db.prepare('INSERT INTO schema_migrations (component, version, description, applied_at) VALUES (?, ?, ?, ?)');
  let count = 0;
  for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
    if (applied.has(m.version)) continue;
    db.transaction(() => {
      for (const stmt of m.up('sqlite')) db.exec(stmt);
      record.run(component, m.version, m.description, Date.now());
    })();
    count++;
  }
  return count;
}

/** Whether every step of every listed component is recorded (readiness: "migrations current"). */
export async function migrationsCurrent(db: StoreSql, wanted: ReadonlyMap<string, SqlMigration[]>): Promise<boolean> {
  const rows = await db.selectFrom('schema_migrations').select(['component', 'version']).execute();
  const have = new Set(rows.map((r) => `${r.component}:${Number(r.version)}`));
  for (const [component, list] of wanted) for (const m of list) if (!have.has(`${component}:${m.version}`)) return false;
  return true;
}
