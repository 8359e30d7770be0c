// Store tests run the same bodies on both backends:
//   describe.each(STORE_BACKENDS)('audit log on %s', (kind) => { … openTestStore(kind) … })
// `sqlite` is an in-memory database; `postgres` a fresh schema in the run's throw-away cluster
// (./postgres-global-setup.ts), so tests never see each other's rows. Schemas are not dropped:
// the whole cluster is removed when the run ends.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { inject } from 'vitest';
import pg from 'pg';
import { storeSchema } from '@/lib/config/store-schema';
import type { StoreConfig } from '@/lib/config/schema';
import { openStore, type ConsoleStore } from '@/lib/store/store';
import { postgresBinDir } from './postgres-cluster';

export const STORE_BACKENDS = ['sqlite', 'postgres'] as const;
export type StoreBackend = (typeof STORE_BACKENDS)[number];

const newSchemaName = () => `t_${randomBytes(6).toString('hex')}`;

/** `base` with every connection's search_path set to `schema`. */
function schemaUrl(base: string, schema: string): string {
  const u = new URL(base);
  u.searchParams.set('options', `-c search_path=${schema}`);
  return u.href;
}

/** `postgres` store settings whose URL lives in a new environment variable of this worker. */
function postgresStore(url: string, path: string) {
  const urlEnv = `PMTA_TEST_DB_${randomBytes(4).toString('hex').toUpperCase()}`;
  process.env[urlEnv] = url;
  return { kind: 'postgres' as const, path, postgres: { urlEnv, poolSize: 4 } };
}

/** A new, empty schema in the test cluster; returns a URL whose connections use it. */
export async function freshPostgresUrl(): Promise<string> {
  const base = inject('postgresUrl');
  const schema = newSchemaName();
  const c = new pg.Client({ connectionString: base });
  await c.connect();
  try {
    await c.query(`CREATE SCHEMA ${schema}`);
  } finally {
    await c.end();
  }
  return schemaUrl(base, schema);
}

/**
 * freshPostgresUrl without awaiting (for test runtimes, built synchronously): the schema is
 * created by the cluster's own psql, against the URL the global setup put in the environment.
 */
function freshPostgresUrlSync(): string {
  const base = process.env.PMTA_TEST_PG_URL;
  if (!base) throw new Error('PMTA_TEST_PG_URL is not set: run under vitest (lib/store/__fixtures__/postgres-global-setup.ts)');
  const schema = newSchemaName();
  const r = spawnSync(path.join(postgresBinDir(), 'psql'), [base, '-q', '-v', 'ON_ERROR_STOP=1', '-c', `CREATE SCHEMA ${schema}`], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`psql could not create schema ${schema}: ${r.stderr || r.error}`);
  return schemaUrl(base, schema);
}

/** The backend test runtimes are built on: `postgres` in `npm test`'s unit-pg step (PMTA_TEST_STORE). */
export const testRuntimeBackend = (): StoreBackend => (process.env.PMTA_TEST_STORE === 'postgres' ? 'postgres' : 'sqlite');

/** The store configuration of a test runtime: in memory, or a fresh schema when PMTA_TEST_STORE=postgres. */
export function testRuntimeStoreConfig(): Record<string, unknown> {
  return testRuntimeBackend() === 'postgres' ? postgresStore(freshPostgresUrlSync(), ':memory:') : { path: ':memory:' };
}

/**
 * A store configuration for `kind`, as a console file would hold it. For postgres the URL goes
 * into a per-call environment variable of this worker, named in `postgres.urlEnv`.
 */
export async function testStoreConfig(kind: StoreBackend, path = ':memory:'): Promise<StoreConfig> {
  return storeSchema.parse(kind === 'sqlite' ? { kind, path } : postgresStore(await freshPostgresUrl(), path));
}

export async function openTestStore(kind: StoreBackend): Promise<ConsoleStore> {
  return openStore(await testStoreConfig(kind));
}
