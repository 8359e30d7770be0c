// `store`: where the console keeps what it records. `sqlite` (the default) is one file at
// `path`; `postgres` is a PostgreSQL server several consoles can share, its URL read from the
// environment variable named by `postgres.urlEnv` (never written in the file: it holds the
// password). Everything the console keeps goes to the chosen backend; with `kind: postgres` the
// file at `path` is still opened (and probed) but holds none of the console's tables, and an
// absent auth.sessionSecret is generated beside it (README "Running on PostgreSQL").
import { z } from 'zod';

const postgresSchema = z
  .object({
    /** Name of the environment variable holding the URL, e.g. postgres://console:…@db.internal:5432/console. */
    urlEnv: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name')
      .default('PMTA_CONSOLE_DATABASE_URL'),
    /** Connections per console process. */
    poolSize: z.number().int().min(1).max(100).default(10),
    /** How long to wait for a connection before a query fails (the store then reads as down). */
    connectTimeoutMs: z.number().int().min(100).max(120_000).default(5_000),
    tls: z
      .object({
        /** `disable`: plain TCP; `require`: encrypted, certificate not checked; `verify-full`: checked against `caFile` (or the system CAs) and the host name. */
        mode: z.enum(['disable', 'require', 'verify-full']).default('disable'),
        /** PEM file of the CA to trust for `verify-full` (or `require`). */
        caFile: z.string().min(1).optional(),
      })
      .strict()
      .default({ mode: 'disable' }),
  })
  .strict();

const POSTGRES_DEFAULTS = { urlEnv: 'PMTA_CONSOLE_DATABASE_URL', poolSize: 10, connectTimeoutMs: 5_000, tls: { mode: 'disable' as const } };

/** `store.postgres` with every default. */
export const postgresDefaults = () => postgresSchema.parse({});

export const storeSchema = z
  .object({
    kind: z.enum(['sqlite', 'postgres']).default('sqlite'),
    /** The SQLite file: the whole store for `sqlite`; an empty local file for `postgres`. */
    path: z.string().min(1).default('.data/console.sqlite'),
    postgres: postgresSchema.default(POSTGRES_DEFAULTS),
  })
  .strict()
  .default({ kind: 'sqlite', path: '.data/console.sqlite', postgres: POSTGRES_DEFAULTS });
