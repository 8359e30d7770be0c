import 'server-only';
// The server-side record of every signed-in session. The cookie stays a signed token (who,
// role, expiry — lib/auth/session.ts), but a token is only accepted while its session id is
// on record here, not revoked and not idle: signing out revokes the session everywhere (also
// a copied cookie), an admin can revoke a user's sessions, and `auth.idleTimeoutMinutes` ends
// a session nobody used. It lives in the console's store (both backends, lib/store/sql.ts),
// so every process on that store — with the PostgreSQL store, every replica — sees the same
// sessions.
import { createHash } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { ConsoleStore } from '@/lib/store/store';
import { columnTypes, type SqlMigration, type StoreTables } from '@/lib/store/sql';

// Component `sessions`, version 1: the same name and number the SQLite files made before this
// layer recorded in schema_migrations, so an existing file keeps its table and rows and the
// step is not run again. `IF NOT EXISTS` covers a file whose table outlived its record.
const MIGRATIONS: SqlMigration[] = [
  {
    version: 1,
    description: 'server-side sessions',
    up: (d) => {
      const t = columnTypes(d);
      return [
        `CREATE TABLE IF NOT EXISTS sessions (
          sid TEXT PRIMARY KEY,
          username TEXT NOT NULL,
          created_at ${t.int} NOT NULL,
          last_seen_at ${t.int} NOT NULL,
          expires_at ${t.int} NOT NULL,
          client TEXT NOT NULL,
          revoked_at ${t.int},
          revoked_by TEXT
        )`,
        'CREATE INDEX IF NOT EXISTS sessions_by_user ON sessions (username, revoked_at)',
      ];
    },
  },
];

type SessionTables = {
  sessions: {
    sid: string;
    username: string;
    created_at: number;
    last_seen_at: number;
    expires_at: number;
    client: string;
    revoked_at: number | null;
    revoked_by: string | null;
  };
};

type Row = Selectable<SessionTables['sessions']>;

export type SessionState = 'active' | 'unknown' | 'revoked' | 'idle' | 'expired';

export interface SessionInfo {
  /** A short, non-secret handle of the session (a hash of its id), for listing and revoking one. */
  id: string;
  username: string;
  createdAt: number;
  lastSeenAt: number;
  expiresAt: number;
  /** The address it signed in from. */
  client: string;
}

/** Last-seen is written at most this often per session, so polling pages cost no write per request. */
const MAX_TOUCH_MS = 60_000;
/**
 * A session found active is taken as active for this long without asking the store again:
 * every polling page sends several requests a second, each checked twice (proxy and route
 * guard), and this keeps nearly all of them a Map lookup with no store round trip. Signing
 * out and revoking through this process take effect at once (they drop the entry); a
 * revocation through another console process or replica on the same store, within this bound.
 */
export const ACTIVE_CHECK_CACHE_MS = 1_000;
/** Past this many remembered sessions the memo starts over (a bound, not an eviction policy). */
const MAX_REMEMBERED = 10_000;
/** How long a revocation made here overrides reads already in flight (SessionRegistry.endedSids). */
const ENDED_MEMO_MS = 60_000;

/** Ended sessions are kept this long (who was signed in when), then pruned. */
const KEEP_ENDED_MS = 7 * 86_400_000;

export function sessionHandle(sid: string): string {
  return createHash('sha256').update(sid).digest('base64url').slice(0, 16);
}

function toInfo(r: Row): SessionInfo {
  return { id: sessionHandle(r.sid), username: r.username, createdAt: r.created_at, lastSeenAt: r.last_seen_at, expiresAt: r.expires_at, client: r.client };
}

export class SessionRegistry {
  private readonly touchMs: number;
  private readonly ready: Promise<void>;
  /** Sessions recently found active: sid → who, and until when that answer holds. */
  private readonly recent = new Map<string, { username: string; until: number }>();
  /** Inserts of sessions this process issued, still in flight: a check of one waits for it. */
  private readonly creating = new Map<string, Promise<void>>();
  /**
   * Revocations made here, by session id and by user (sessions created up to then): a check
   * whose read was already in flight when one happened may come back with the row as it was
   * before it (PostgreSQL answers on another connection), and must not remember that as active.
   * Kept ENDED_MEMO_MS — far longer than a read takes — then the store is the answer.
   */
  private readonly endedSids = new Map<string, number>();
  private readonly endedUsers = new Map<string, number>();

  /** The caller's transaction, if any (ConsoleStore.transaction), else the store. */
  private get db(): Kysely<StoreTables & SessionTables> {
    return this.store.query().withTables<SessionTables>();
  }

  constructor(
    readonly store: ConsoleStore,
    /** 0: no idle timeout (the session lasts until it expires or is revoked). */
    private readonly idleMs: number,
    private readonly now: () => number = Date.now,
  ) {
    this.ready = store.migrate('sessions', MIGRATIONS);
    // Touch often enough that a session in use never looks idle: a quarter of the timeout.
    this.touchMs = idleMs > 0 ? Math.min(MAX_TOUCH_MS, Math.floor(idleMs / 4)) : MAX_TOUCH_MS;
  }

  /** Records a session just issued (login), and drops long-ended ones. Committed once it resolves. */
  create(s: { sid: string; username: string; expiresAt: number; client: string }): Promise<void> {
    const p = this.insert(s);
    this.creating.set(s.sid, p);
    const done = () => {
      if (this.creating.get(s.sid) === p) this.creating.delete(s.sid);
    };
    p.then(done, done);
    return p;
  }

  private async insert(s: { sid: string; username: string; expiresAt: number; client: string }): Promise<void> {
    await this.ready;
    const at = this.now();
    await this.db
      .insertInto('sessions')
      .values({ sid: s.sid, username: s.username, created_at: at, last_seen_at: at, expires_at: s.expiresAt, client: s.client.slice(0, 100) })
      .execute();
    const cutoff = at - KEEP_ENDED_MS;
    await this.db
      .deleteFrom('sessions')
      .where((eb) => eb.or([eb.and([eb('revoked_at', 'is not', null), eb('revoked_at', '<', cutoff)]), eb('expires_at', '<', cutoff)]))
      .execute();
  }

  /**
   * Whether the session may be used now; an active one has its last-seen time refreshed.
   * Remembered answers (ACTIVE_CHECK_CACHE_MS) come without a store round trip.
   */
  async check(sid: string): Promise<SessionState> {
    const at = this.now();
    const seen = this.recent.get(sid);
    if (seen && at < seen.until) return 'active';
    const inserting = this.creating.get(sid);
    if (inserting) await inserting.catch(() => {}); // failed: the read below finds no row
    await this.ready;
    const r = await this.db.selectFrom('sessions').selectAll().where('sid', '=', sid).executeTakeFirst();
    if (!r) return 'unknown';
    if (r.revoked_at !== null) return 'revoked';
    if (r.expires_at <= at) return 'expired';
    if (this.idleMs > 0 && at - r.last_seen_at > this.idleMs) return 'idle';
    if (at - r.last_seen_at >= this.touchMs) {
      try {
        await this.db.updateTable('sessions').set({ last_seen_at: at }).where('sid', '=', sid).where('revoked_at', 'is', null).execute();
      } catch {
        // A store that cannot take the write (disk full, read-only) must not sign everyone
        // out: the read said the session is good; the store banner reports the store.
      }
    }
    if (this.endedHere(sid, r.username, r.created_at)) return 'revoked';
    if (this.recent.size >= MAX_REMEMBERED) this.recent.clear();
    // Never past the session's expiry (checked here, not by the store, while remembered).
    this.recent.set(sid, { username: r.username, until: Math.min(at + ACTIVE_CHECK_CACHE_MS, r.expires_at) });
    return 'active';
  }

  /** Whether a revocation made here covers this session (see endedSids). */
  private endedHere(sid: string, username: string, createdAt: number): boolean {
    const user = this.endedUsers.get(username);
    return this.endedSids.has(sid) || (user !== undefined && createdAt <= user);
  }

  private noteEnded<K>(m: Map<K, number>, key: K): void {
    const at = this.now();
    for (const [k, t] of m) if (at - t > ENDED_MEMO_MS || m.size >= MAX_REMEMBERED) m.delete(k);
    m.set(key, at);
  }

  /** Sign-out: this session ends in this process at once (in others within ACTIVE_CHECK_CACHE_MS). */
  async revoke(sid: string, by: string): Promise<boolean> {
    this.noteEnded(this.endedSids, sid);
    this.recent.delete(sid);
    // A sign-out right after sign-in: the row must be there for the update to end it.
    await this.creating.get(sid)?.catch(() => {});
    await this.ready;
    const r = await this.db
      .updateTable('sessions')
      .set({ revoked_at: this.now(), revoked_by: by })
      .where('sid', '=', sid)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  /** Ends every live session of `username`; returns how many. */
  async revokeUser(username: string, by: string): Promise<number> {
    this.noteEnded(this.endedUsers, username);
    for (const [sid, seen] of this.recent) if (seen.username === username) this.recent.delete(sid);
    await this.ready;
    const at = this.now();
    const r = await this.db
      .updateTable('sessions')
      .set({ revoked_at: at, revoked_by: by })
      .where('username', '=', username)
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', at)
      .executeTakeFirst();
    return Number(r.numUpdatedRows);
  }

  /** Ends the live session with this handle (see `sessionHandle`); null when there is none. */
  async revokeHandle(handle: string, by: string): Promise<SessionInfo | null> {
    const row = (await this.activeRows()).find((r) => sessionHandle(r.sid) === handle);
    return row && (await this.revoke(row.sid, by)) ? toInfo(row) : null;
  }

  /** Live sessions (not revoked, expired or idle), by user. */
  async list(): Promise<SessionInfo[]> {
    return (await this.activeRows()).map(toInfo);
  }

  private async activeRows(): Promise<Row[]> {
    await this.ready;
    const at = this.now();
    return this.db
      .selectFrom('sessions')
      .selectAll()
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', at)
      .where('last_seen_at', '>', this.idleMs > 0 ? at - this.idleMs : -1)
      .orderBy('username')
      .orderBy('created_at')
      .execute();
  }
}
