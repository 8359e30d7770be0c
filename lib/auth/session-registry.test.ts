import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { openDatabase } from '@/lib/store/db';
import { openStore, type ConsoleStore } from '@/lib/store/store';
import { STORE_BACKENDS, openTestStore, testStoreConfig } from '@/lib/store/__fixtures__/backends';
import { ACTIVE_CHECK_CACHE_MS, SessionRegistry, sessionHandle } from './session-registry';

const MIN = 60_000;

const session = (sid: string, username: string, expiresAt: number) => ({ sid, username, expiresAt, client: '192.0.2.1' });

describe.each(STORE_BACKENDS)('SessionRegistry on %s', (kind) => {
  const stores: ConsoleStore[] = [];
  afterEach(async () => {
    await Promise.all(stores.splice(0).map((s) => s.close()));
  });

  async function registry(idleMinutes: number) {
    const clock = { t: Date.UTC(2026, 11, 1, 12) };
    const store = await openTestStore(kind);
    stores.push(store);
    const r = new SessionRegistry(store, idleMinutes * MIN, () => clock.t);
    return { r, clock, store };
  }

  it('accepts only sessions on record, until revoked or expired', async () => {
    const { r, clock } = await registry(0);
    expect(await r.check('never-issued-0000')).toBe('unknown');
    await r.create(session('sid-a-0000000000000', 'alice', clock.t + 60 * MIN));
    expect(await r.check('sid-a-0000000000000')).toBe('active');
    expect(await r.revoke('sid-a-0000000000000', 'alice')).toBe(true);
    expect(await r.check('sid-a-0000000000000')).toBe('revoked');
    expect(await r.revoke('sid-a-0000000000000', 'alice')).toBe(false);
    await r.create(session('sid-b-0000000000000', 'alice', clock.t + 60 * MIN));
    clock.t += 61 * MIN;
    expect(await r.check('sid-b-0000000000000')).toBe('expired');
  });

  it('a check right after create (not awaited) waits for the insert', async () => {
    const { r, clock } = await registry(0);
    const created = r.create(session('racing-000000000000', 'alice', clock.t + 60 * MIN));
    expect(await r.check('racing-000000000000')).toBe('active');
    await created;
  });

  it('ends a session left unused for the idle timeout; use keeps it alive', async () => {
    const { r, clock } = await registry(30);
    await r.create(session('busy-000000000000000', 'alice', clock.t + 600 * MIN));
    await r.create(session('idle-000000000000000', 'bob', clock.t + 600 * MIN));
    // The busy one is used every 10 minutes for two hours; the idle one never.
    for (let i = 0; i < 12; i++) {
      clock.t += 10 * MIN;
      expect(await r.check('busy-000000000000000')).toBe('active');
    }
    expect(await r.check('idle-000000000000000')).toBe('idle');
    expect((await r.list()).map((s) => s.username)).toEqual(['alice']);
  });

  it('revokes every live session of one user, and one session by its handle', async () => {
    const { r, clock } = await registry(0);
    for (const [sid, u] of [
      ['a1-00000000000000000', 'alice'],
      ['a2-00000000000000000', 'alice'],
      ['b1-00000000000000000', 'bob'],
    ] as const)
      await r.create(session(sid, u, clock.t + 60 * MIN));
    expect(await r.revokeUser('alice', 'admin')).toBe(2);
    expect(await r.check('a1-00000000000000000')).toBe('revoked');
    expect(await r.check('a2-00000000000000000')).toBe('revoked');
    expect(await r.check('b1-00000000000000000')).toBe('active');
    expect(await r.revokeHandle('not-a-handle-0000', 'admin')).toBeNull();
    expect((await r.revokeHandle(sessionHandle('b1-00000000000000000'), 'admin'))?.username).toBe('bob');
    expect(await r.check('b1-00000000000000000')).toBe('revoked');
    expect(await r.list()).toEqual([]);
  });

  it('lists live sessions with a handle that is not the session id', async () => {
    const { r, clock } = await registry(0);
    await r.create(session('secret-sid-000000000', 'alice', clock.t + 60 * MIN));
    const [s] = await r.list();
    expect(s).toMatchObject({ username: 'alice', client: '192.0.2.1', expiresAt: clock.t + 60 * MIN });
    expect(s!.id).toHaveLength(16);
    expect(JSON.stringify(s)).not.toContain('secret-sid');
  });

  it('prunes sessions ended more than a week ago when a new one starts', async () => {
    const { r, clock, store } = await registry(0);
    await r.create(session('old-0000000000000000', 'alice', clock.t + 60 * MIN));
    await r.revoke('old-0000000000000000', 'alice');
    clock.t += 8 * 24 * 60 * MIN;
    await r.create(session('new-0000000000000000', 'alice', clock.t + 60 * MIN));
    const rows = await sql<{ sid: string }>`SELECT sid FROM sessions`.execute(store.sql);
    expect(rows.rows.map((x) => x.sid)).toEqual(['new-0000000000000000']);
  });

  it('a check in flight while the session is revoked here does not remember it as active', async () => {
    const { r, clock } = await registry(0);
    for (let i = 0; i < 20; i++) {
      const sid = `inflight-${String(i).padStart(11, '0')}`;
      await r.create(session(sid, 'alice', clock.t + 60 * MIN));
      // The page's own requests are being checked while its user signs out (PostgreSQL: the
      // check's read can come back after the revocation's write has committed).
      const checks = [r.check(sid), r.check(sid)];
      await r.revoke(sid, 'alice');
      await Promise.all(checks);
      expect(await r.check(sid), sid).toBe('revoked');
    }
    for (let i = 0; i < 20; i++) {
      const sid = `inflight-user-${String(i).padStart(6, '0')}`;
      await r.create(session(sid, 'bob', clock.t + 60 * MIN));
      const check = r.check(sid);
      await r.revokeUser('bob', 'admin');
      await check;
      expect(await r.check(sid), sid).toBe('revoked');
    }
  });

  it('a revocation right after create (not awaited) ends the session, not the insert after it', async () => {
    const { r, clock } = await registry(0);
    const created = r.create(session('racing-revoke-000000', 'alice', clock.t + 60 * MIN));
    expect(await r.revoke('racing-revoke-000000', 'alice')).toBe(true);
    await created;
    expect(await r.check('racing-revoke-000000')).toBe('revoked');
  });

  it('remembers an active session briefly, but a revocation here ends it at once', async () => {
    const { r, clock, store } = await registry(0);
    await r.create(session('memo-000000000000000', 'alice', clock.t + 60 * MIN));
    await r.create(session('memo-b-0000000000000', 'alice', clock.t + 60 * MIN));
    expect(await r.check('memo-000000000000000')).toBe('active');
    expect(await r.check('memo-b-0000000000000')).toBe('active');
    // Remembered: a direct change in the store is not seen within the bound…
    await sql`UPDATE sessions SET revoked_at = ${clock.t} WHERE sid = ${'memo-000000000000000'}`.execute(store.sql);
    clock.t += ACTIVE_CHECK_CACHE_MS - 1;
    expect(await r.check('memo-000000000000000')).toBe('active');
    // …and is once it has passed.
    clock.t += 1;
    expect(await r.check('memo-000000000000000')).toBe('revoked');
    // Revoking through the registry forgets the session at once, by id or by user.
    expect(await r.check('memo-b-0000000000000')).toBe('active');
    expect(await r.revokeUser('alice', 'admin')).toBe(1);
    expect(await r.check('memo-b-0000000000000')).toBe('revoked');
  });

  it('sees a revocation by another registry on the same store within ACTIVE_CHECK_CACHE_MS', async () => {
    const { r, clock, store } = await registry(0);
    const other = new SessionRegistry(store, 0, () => clock.t);
    await r.create(session('shared-0000000000000', 'bob', clock.t + 60 * MIN));
    expect(await r.check('shared-0000000000000')).toBe('active');
    expect(await other.revoke('shared-0000000000000', 'bob')).toBe(true);
    expect(await other.check('shared-0000000000000')).toBe('revoked');
    clock.t += ACTIVE_CHECK_CACHE_MS;
    expect(await r.check('shared-0000000000000')).toBe('revoked');
  });

  it('does not remember a session past its expiry', async () => {
    const { r, clock } = await registry(0);
    await r.create(session('short-0000000000000', 'bob', clock.t + 500));
    expect(await r.check('short-0000000000000')).toBe('active');
    clock.t += 500;
    expect(await r.check('short-0000000000000')).toBe('expired');
  });
});

describe('SessionRegistry on two consoles sharing one PostgreSQL database', () => {
  it('sign-out through one replica: the other rejects the cookie within ACTIVE_CHECK_CACHE_MS', async () => {
    const cfg = await testStoreConfig('postgres');
    const a = openStore(cfg);
    const b = openStore(cfg);
    try {
      const clock = { t: Date.UTC(2026, 11, 1, 12) };
      const ra = new SessionRegistry(a, 0, () => clock.t);
      const rb = new SessionRegistry(b, 0, () => clock.t);
      // Signed in through A, used through B (any replica answers any request).
      await ra.create(session('replica-sid-0000000', 'alice', clock.t + 60 * MIN));
      expect(await rb.check('replica-sid-0000000')).toBe('active');
      expect(await ra.check('replica-sid-0000000')).toBe('active');
      expect((await rb.list()).map((s) => s.username)).toEqual(['alice']);
      // Signed out through A: A rejects at once; B still within its memo…
      expect(await ra.revoke('replica-sid-0000000', 'alice')).toBe(true);
      expect(await ra.check('replica-sid-0000000')).toBe('revoked');
      clock.t += ACTIVE_CHECK_CACHE_MS - 1;
      expect(await rb.check('replica-sid-0000000')).toBe('active');
      // …and from the bound on.
      clock.t += 1;
      expect(await rb.check('replica-sid-0000000')).toBe('revoked');
      // An admin revoking a user's sessions through B ends them on A the same way.
      await rb.create(session('replica-sid-1111111', 'bob', clock.t + 60 * MIN));
      expect(await ra.check('replica-sid-1111111')).toBe('active');
      expect(await rb.revokeUser('bob', 'admin')).toBe(1);
      clock.t += ACTIVE_CHECK_CACHE_MS;
      expect(await ra.check('replica-sid-1111111')).toBe('revoked');
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});

describe('SessionRegistry on an existing SQLite file', () => {
  it('keeps the sessions table and rows made before the store layer (migration not run twice)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sessions-'));
    try {
      const file = path.join(dir, 'console.db');
      // The file as the previous release left it: its own migration record and a live session.
      const old = openDatabase(file);
      old.exec(`CREATE TABLE sessions (sid TEXT PRIMARY KEY, username TEXT NOT NULL, created_at INTEGER NOT NULL, last_seen_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL, client TEXT NOT NULL, revoked_at INTEGER, revoked_by TEXT);
        CREATE INDEX sessions_by_user ON sessions (username, revoked_at);`);
      old.prepare("INSERT INTO schema_migrations VALUES ('sessions', 1, 'server-side sessions', 1)").run();
      const t = Date.now();
      old.prepare("INSERT INTO sessions VALUES ('kept-sid-00000000000', 'alice', ?, ?, ?, '192.0.2.1', NULL, NULL)").run(t, t, t + 60 * MIN);
      old.close();
      const store = openStore(await testStoreConfig('sqlite', file));
      try {
        const r = new SessionRegistry(store, 0);
        expect(await r.check('kept-sid-00000000000')).toBe('active');
        expect((await r.list()).map((s) => s.username)).toEqual(['alice']);
      } finally {
        await store.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
