import 'server-only';
// The server-side record of every signed-in session. The cookie stays a signed token (who,
// role, expiry — lib/auth/session.ts), but a token is only accepted while its session id is
// on record here, not revoked and not idle: signing out revokes the session everywhere (also
// a copied cookie), an admin can revoke a user's sessions, and `auth.idleTimeoutMinutes` ends
// a session nobody used. It lives in the console's store, so every process on that store
// (and, with the PostgreSQL store, every replica) sees the same sessions.
import { createHash } from 'node:crypto';
import { migrate, type Db, type Migration } from '@/lib/store/db';

const MIGRATIONS: Migration[] = [
  {
    version: 1,
    description: 'server-side sessions',
    up: (db) =>
      db.exec(`CREATE TABLE sessions (
        sid TEXT PRIMARY KEY,
        username TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        last_seen_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        client TEXT NOT NULL,
        revoked_at INTEGER,
        revoked_by TEXT
      );
      CREATE INDEX sessions_by_user ON sessions (username, revoked_at);`),
  },
];

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

interface Row {
  sid: string;
  username: string;
  created_at: number;
  last_seen_at: number;
  expires_at: number;
  client: string;
  revoked_at: number | null;
}

/** Last-seen is written at most this often per session, so polling pages cost no write per request. */
const MAX_TOUCH_MS = 60_000;
/**
 * A session found active is taken as active for this long without asking the store again:
 * every polling page sends several requests a second, each checked twice (proxy and route
 * guard). Signing out and revoking through this process take effect at once (they drop the
 * entry); a revocation by another console process on the same store, within this bound.
 */
export const ACTIVE_CHECK_CACHE_MS = 1_000;
/** Past this many remembered sessions the memo starts over (a bound, not an eviction policy). */
const MAX_REMEMBERED = 10_000;
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
  private readonly stmts;
  /** Sessions recently found active: sid → who, and until when that answer holds. */
  private readonly recent = new Map<string, { username: string; until: number }>();

  constructor(
    db: Db,
    /** 0: no idle timeout (the session lasts until it expires or is revoked). */
    private readonly idleMs: number,
    private readonly now: () => number = Date.now,
  ) {
    migrate(db, 'sessions', MIGRATIONS);
    // Touch often enough that a session in use never looks idle: a quarter of the timeout.
    this.touchMs = idleMs > 0 ? Math.min(MAX_TOUCH_MS, Math.floor(idleMs / 4)) : MAX_TOUCH_MS;
    this.stmts = {
      insert: db.prepare('INSERT INTO sessions (sid, username, created_at, last_seen_at, expires_at, client) VALUES (?, ?, ?, ?, ?, ?)'),
      get: db.prepare('SELECT * FROM sessions WHERE sid = ?'),
      touch: db.prepare('UPDATE sessions SET last_seen_at = ? WHERE sid = ? AND revoked_at IS NULL'),
      revoke: db.prepare('UPDATE sessions SET revoked_at = ?, revoked_by = ? WHERE sid = ? AND revoked_at IS NULL'),
      revokeUser: db.prepare('UPDATE sessions SET revoked_at = ?, revoked_by = ? WHERE username = ? AND revoked_at IS NULL AND expires_at > ?'),
      active: db.prepare('SELECT * FROM sessions WHERE revoked_at IS NULL AND expires_at > ? AND last_seen_at > ? ORDER BY username, created_at'),
      prune: db.prepare('DELETE FROM sessions WHERE (revoked_at IS NOT NULL AND revoked_at < ?) OR expires_at < ?'),
    };
  }

  /** Records a session just issued (login), and drops long-ended ones. */
  create(s: { sid: string; username: string; expiresAt: number; client: string }): void {
    const at = this.now();
    this.stmts.insert.run(s.sid, s.username, at, at, s.expiresAt, s.client.slice(0, 100));
    this.stmts.prune.run(at - KEEP_ENDED_MS, at - KEEP_ENDED_MS);
  }

  /** Whether the session may be used now; an active one has its last-seen time refreshed. */
  check(sid: string): SessionState {
    const at = this.now();
    const seen = this.recent.get(sid);
    if (seen && at < seen.until) return 'active';
    const r = this.stmts.get.get(sid) as Row | undefined;
    if (!r) return 'unknown';
    if (r.revoked_at !== null) return 'revoked';
    if (r.expires_at <= at) return 'expired';
    if (this.idleMs > 0 && at - r.last_seen_at > this.idleMs) return 'idle';
    if (at - r.last_seen_at >= this.touchMs) {
      try {
        this.stmts.touch.run(at, sid);
      } catch {
        // A store that cannot take the write (disk full, read-only) must not sign everyone
        // out: the read said the session is good; the store banner reports the store.
      }
    }
    if (this.recent.size >= MAX_REMEMBERED) this.recent.clear();
    // Never past the session's expiry (checked here, not by the store, while remembered).
    this.recent.set(sid, { username: r.username, until: Math.min(at + ACTIVE_CHECK_CACHE_MS, r.expires_at) });
    return 'active';
  }

  /** Sign-out: this session ends on every process at once (on others within ACTIVE_CHECK_CACHE_MS). */
  revoke(sid: string, by: string): boolean {
    this.recent.delete(sid);
    return this.stmts.revoke.run(this.now(), by, sid).changes > 0;
  }

  /** Ends every live session of `username`; returns how many. */
  revokeUser(username: string, by: string): number {
    for (const [sid, seen] of this.recent) if (seen.username === username) this.recent.delete(sid);
    const at = this.now();
    return this.stmts.revokeUser.run(at, by, username, at).changes;
  }

  /** Ends the live session with this handle (see `sessionHandle`); null when there is none. */
  revokeHandle(handle: string, by: string): SessionInfo | null {
    const row = this.activeRows().find((r) => sessionHandle(r.sid) === handle);
    return row && this.revoke(row.sid, by) ? toInfo(row) : null;
  }

  /** Live sessions (not revoked, expired or idle), by user. */
  list(): SessionInfo[] {
    return this.activeRows().map(toInfo);
  }

  private activeRows(): Row[] {
    return this.stmts.active.all(this.now(), this.idleCutoff()) as Row[];
  }

  private idleCutoff(): number {
    return this.idleMs > 0 ? this.now() - this.idleMs : -1;
  }
}
