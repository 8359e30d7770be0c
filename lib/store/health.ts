import 'server-only';
// Whether the store still works while the console runs (disk full, file removed or made
// unwritable; PostgreSQL server unreachable). Live data does not depend on it; history, audit and actions do: the runtime
// probes it on a timer, the API answers 503 `unavailable` for store errors, actions are
// refused while it is down (no action without its audit record), and it recovers by itself
// when a probe succeeds again.
import { statSync } from 'node:fs';
import type { ConsoleStore } from './store';

export interface StoreHealthState {
  ok: boolean;
  /** Why not, e.g. "SQLITE_FULL: database or disk is full" (null when ok). */
  error: string | null;
  /** When the current state began (ms). */
  since: number;
}

/** Connection-level failures of the PostgreSQL client (server gone, refused, timed out). */
const PG_CONNECTION_ERRORS = /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENOTFOUND|EPIPE)$/;

/**
 * A failure of the store rather than of the request: better-sqlite3's SqliteError (matched by
 * name: it may come from another bundle's copy), a PostgreSQL server error of the classes that
 * mean the database is unusable (08 connection, 53 resources, 57 operator intervention, 58
 * system), or the pg client failing to reach the server.
 */
export function isStoreError(e: unknown): e is Error & { code?: string } {
  if (!(e instanceof Error)) return false;
  const code: unknown = (e as { code?: unknown }).code;
  if (e.name === 'SqliteError' || (typeof code === 'string' && code.startsWith('SQLITE_'))) return true;
  if (typeof code === 'string' && (PG_CONNECTION_ERRORS.test(code) || /^(08|53|57|58)[0-9A-Z]{3}$/.test(code))) return true;
  // pg's pool: "timeout exceeded when trying to connect", "Connection terminated unexpectedly".
  return /timeout exceeded when trying to connect|Connection terminated/i.test(e.message);
}

export class StoreHealth {
  private state: StoreHealthState;
  /** The file's identity at open: a file removed or replaced underneath is a failed store. */
  private readonly ino: number | null;

  constructor(
    private readonly store: ConsoleStore,
    private readonly now: () => number = Date.now,
  ) {
    this.state = { ok: true, error: null, since: now() };
    this.ino = store.kind !== 'sqlite' || store.location === ':memory:' ? null : statSync(store.location).ino;
  }

  get current(): StoreHealthState {
    return this.state;
  }

  /**
   * A write that must reach the store: on SQLite also the file still being the one opened; on
   * PostgreSQL a round trip to the server (the one-row upsert).
   */
  async probe(): Promise<StoreHealthState> {
    try {
      if (this.store.kind === 'postgres') {
        await this.store.sql
          .insertInto('store_probe')
          .values({ id: 1, x: this.now() })
          .onConflict((oc) => oc.column('id').doUpdateSet({ x: this.now() }))
          .execute();
      } else {
        if (this.ino !== null) {
          let ino: number;
          try {
            ino = statSync(this.store.location).ino;
          } catch (e) {
            throw new Error(`${this.store.location}: ${(e as NodeJS.ErrnoException).code ?? 'gone'} (the store file was removed)`);
          }
          if (ino !== this.ino) throw new Error(`${this.store.location}: replaced since start-up`);
        }
        this.store.db.prepare('INSERT OR REPLACE INTO store_probe (rowid, x) VALUES (1, ?)').run(this.now());
      }
      this.mark(null);
    } catch (e) {
      this.mark(e);
    }
    return this.state;
  }

  /** Record a failure seen by a store user (a route, the history recorder). */
  failed(e: unknown): void {
    this.mark(e);
  }

  private mark(e: unknown): void {
    const error =
      e === null ? null : e instanceof Error ? `${(e as { code?: string }).code ? `${(e as { code?: string }).code}: ` : ''}${e.message}` : String(e);
    const ok = error === null;
    if (ok !== this.state.ok || error !== this.state.error) this.state = { ok, error, since: ok === this.state.ok ? this.state.since : this.now() };
  }
}
