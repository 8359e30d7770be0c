import { afterEach, describe, expect, it } from 'vitest';
import { sql, type Generated } from 'kysely';
import { openStore, StoreOpenError, type ConsoleStore } from './store';
import { StoreHealth, isStoreError } from './health';
import type { SqlMigration } from './sql';
import { columnTypes } from './sql';
import { freshPostgresUrl, openTestStore, STORE_BACKENDS } from './__fixtures__/backends';
import { storeSchema } from '@/lib/config/store-schema';

const THINGS: SqlMigration[] = [
  { version: 1, description: 'things', up: (d) => [`CREATE TABLE things (id ${columnTypes(d).id}, at ${columnTypes(d).int} NOT NULL, name TEXT NOT NULL)`] },
  { version: 2, description: 'things get a weight', up: (d) => [`ALTER TABLE things ADD COLUMN weight ${columnTypes(d).real}`] },
];

type Things = {
  things: { id: Generated<number>; at: number; name: string; weight: number | null };
};

const open: ConsoleStore[] = [];
afterEach(async () => {
  for (const s of open.splice(0)) await s.close();
});

describe.each(STORE_BACKENDS)('store on %s', (kind) => {
  it('applies a component’s migrations once, in order, and reports them current', async () => {
    const store = await openTestStore(kind);
    open.push(store);
    expect(store.kind).toBe(kind);
    await store.migrate('things', THINGS);
    expect(await store.migrationsCurrent()).toBe(true);
    const db = store.sql.withTables<Things>();
    // Epoch-ms times beyond 2^31 come back as numbers on both backends.
    const at = Date.UTC(2026, 11, 2);
    const [row] = await db.insertInto('things').values({ at, name: 'a', weight: 1.5 }).returning(['id', 'at', 'weight']).execute();
    expect(row).toEqual({ id: 1, at, weight: 1.5 });
    const recorded = await store.sql
      .selectFrom('schema_migrations')
      .select(['version', 'description'])
      .where('component', '=', 'things')
      .orderBy('version')
      .execute();
    expect(recorded).toEqual([
      { version: 1, description: 'things' },
      { version: 2, description: 'things get a weight' },
    ]);
    // Asking again shares the run already made: no second application.
    await store.migrate('things', THINGS);
    await store.ready();
  });

  it('is not current when a registered component lacks a step', async () => {
    const store = await openTestStore(kind);
    open.push(store);
    await store.migrate('things', THINGS);
    await store.sql.deleteFrom('schema_migrations').where('component', '=', 'things').where('version', '=', 2).execute();
    expect(await store.migrationsCurrent()).toBe(false);
  });

  it('the health probe writes to the store', async () => {
    const store = await openTestStore(kind);
    open.push(store);
    await store.ready();
    const health = new StoreHealth(store, () => 42);
    expect(await health.probe()).toMatchObject({ ok: true, error: null });
  });
});

describe('store on postgres', () => {
  it('two consoles starting at once on one database apply each migration once', async () => {
    const url = await freshPostgresUrl();
    const cfg = storeSchema.parse({ kind: 'postgres', path: ':memory:' });
    const env = { [cfg.postgres.urlEnv]: url };
    const a = openStore(cfg, env as NodeJS.ProcessEnv);
    const b = openStore(cfg, env as NodeJS.ProcessEnv);
    open.push(a, b);
    await Promise.all([a.migrate('things', THINGS), b.migrate('things', THINGS)]);
    const n = await sql<{ n: number }>`SELECT count(*) AS n FROM schema_migrations WHERE component = 'things'`.execute(a.sql);
    expect(n.rows[0]!.n).toBe(2);
    expect(await b.migrationsCurrent()).toBe(true);
  });

  it('names the variable when the URL is missing', () => {
    const cfg = storeSchema.parse({ kind: 'postgres', postgres: { urlEnv: 'NO_SUCH_URL_VAR' } });
    expect(() => openStore(cfg, {} as NodeJS.ProcessEnv)).toThrow(StoreOpenError);
    expect(() => openStore(cfg, {} as NodeJS.ProcessEnv)).toThrow(/store\.postgres\.urlEnv "NO_SUCH_URL_VAR".*NO_SUCH_URL_VAR is not set/);
  });

  it('a server that does not answer is a store failure, seen by the probe', async () => {
    // 127.0.0.1:1 refuses at once: the probe reports it, and the error counts as a store error.
    const cfg = storeSchema.parse({ kind: 'postgres', path: ':memory:', postgres: { connectTimeoutMs: 1000 } });
    const store = openStore(cfg, { [cfg.postgres.urlEnv]: 'postgres://postgres@127.0.0.1:1/none' } as NodeJS.ProcessEnv);
    open.push(store);
    const s = await new StoreHealth(store).probe();
    expect(s.ok).toBe(false);
    expect(s.error).toMatch(/ECONNREFUSED/);
    const e = await store.sql
      .selectFrom('store_probe')
      .selectAll()
      .execute()
      .catch((x: unknown) => x);
    expect(isStoreError(e)).toBe(true);
  });
});
