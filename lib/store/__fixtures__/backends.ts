// Store tests run the same bodies on both backends:
//   describe.each(STORE_BACKENDS)('audit log on %s', (kind) => { … openTestStore(kind) … })
// `sqlite` is an in-memory database; `postgres` a fresh schema in the run's throw-away cluster
// (./postgres-global-setup.ts), so tests never see each other's rows. Schemas are not dropped:
// the whole cluster is removed when the run ends.
import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import pg from 'pg';
import { storeSchema } from '@/lib/config/store-schema';
import type { StoreConfig } from '@/lib/config/schema';
import { openStore, type ConsoleStore } from '@/lib/store/store';

export const STORE_BACKENDS = ['sqlite', 'postgres'] as const;
export type StoreBackend = (typeof STORE_BACKENDS)[number];

/** A new, empty schema in the test cluster; returns a URL whose connections use it. */
export async function freshPostgresUrl(): Promise<string> {
  const base = inject('postgresUrl');
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const c = new pg.Client({ connectionString: base });
  await c.connect();
  try {
    await c.query(`CREATE SCHEMA ${schema}`);
  } finally {
    await c.end();
  }
  const u = new URL(base);
  u.searchParams.set('options', `-c search_path=${schema}`);
  return u.href;
}

/**
 * A store configuration for `kind`, as a console file would hold it. For postgres the URL goes
 * into a per-call environment variable of this worker, named in `postgres.urlEnv`.
 */
export async function testStoreConfig(kind: StoreBackend, path = ':memory:'): Promise<StoreConfig> {
  if (kind === 'sqlite') return storeSchema.parse({ kind, path });
  const urlEnv = `PMTA_TEST_DB_${randomBytes(4).toString('hex').toUpperCase()}`;
  process.env[urlEnv] = await freshPostgresUrl();
  return storeSchema.parse({ kind, path, postgres: { urlEnv, poolSize: 4 } });
}

export async function openTestStore(kind: StoreBackend): Promise<ConsoleStore> {
  return openStore(await testStoreConfig(kind));
}
