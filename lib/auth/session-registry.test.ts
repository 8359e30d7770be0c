import { describe, expect, it } from 'vitest';
import { openDatabase } from '@/lib/store/db';
import { ACTIVE_CHECK_CACHE_MS, SessionRegistry, sessionHandle } from './session-registry';

const MIN = 60_000;

function registry(idleMinutes: number) {
  const clock = { t: Date.UTC(2026, 11, 1, 12) };
  const db = openDatabase(':memory:');
  const r = new SessionRegistry(db, idleMinutes * MIN, () => clock.t);
  return { r, clock, db };
}

const session = (sid: string, username: string, expiresAt: number) => ({ sid, username, expiresAt, client: '192.0.2.1' });

describe('SessionRegistry', () => {
  it('accepts only sessions on record, until revoked or expired', () => {
    const { r, clock } = registry(0);
    expect(r.check('never-issued-0000')).toBe('unknown');
    r.create(session('sid-a-0000000000000', 'alice', clock.t + 60 * MIN));
    expect(r.check('sid-a-0000000000000')).toBe('active');
    expect(r.revoke('sid-a-0000000000000', 'alice')).toBe(true);
    expect(r.check('sid-a-0000000000000')).toBe('revoked');
    expect(r.revoke('sid-a-0000000000000', 'alice')).toBe(false);
    r.create(session('sid-b-0000000000000', 'alice', clock.t + 60 * MIN));
    clock.t += 61 * MIN;
    expect(r.check('sid-b-0000000000000')).toBe('expired');
  });

  it('ends a session left unused for the idle timeout; use keeps it alive', () => {
    const { r, clock } = registry(30);
    r.create(session('busy-000000000000000', 'alice', clock.t + 600 * MIN));
    r.create(session('idle-000000000000000', 'bob', clock.t + 600 * MIN));
    // The busy one is used every 10 minutes for two hours; the idle one never.
    for (let i = 0; i < 12; i++) {
      clock.t += 10 * MIN;
      expect(r.check('busy-000000000000000')).toBe('active');
    }
    expect(r.check('idle-000000000000000')).toBe('idle');
    expect(r.list().map((s) => s.username)).toEqual(['alice']);
  });

  it('revokes every live session of one user, and one session by its handle', () => {
    const { r, clock } = registry(0);
    for (const [sid, u] of [
      ['a1-00000000000000000', 'alice'],
      ['a2-00000000000000000', 'alice'],
      ['b1-00000000000000000', 'bob'],
    ] as const)
      r.create(session(sid, u, clock.t + 60 * MIN));
    expect(r.revokeUser('alice', 'admin')).toBe(2);
    expect(r.check('a1-00000000000000000')).toBe('revoked');
    expect(r.check('a2-00000000000000000')).toBe('revoked');
    expect(r.check('b1-00000000000000000')).toBe('active');
    expect(r.revokeHandle('not-a-handle-0000', 'admin')).toBeNull();
    expect(r.revokeHandle(sessionHandle('b1-00000000000000000'), 'admin')?.username).toBe('bob');
    expect(r.check('b1-00000000000000000')).toBe('revoked');
    expect(r.list()).toEqual([]);
  });

  it('lists live sessions with a handle that is not the session id', () => {
    const { r, clock } = registry(0);
    r.create(session('secret-sid-000000000', 'alice', clock.t + 60 * MIN));
    const [s] = r.list();
    expect(s).toMatchObject({ username: 'alice', client: '192.0.2.1', expiresAt: clock.t + 60 * MIN });
    expect(s!.id).toHaveLength(16);
    expect(JSON.stringify(s)).not.toContain('secret-sid');
  });

  it('prunes sessions ended more than a week ago when a new one starts', () => {
    const { r, clock, db } = registry(0);
    r.create(session('old-0000000000000000', 'alice', clock.t + 60 * MIN));
    r.revoke('old-0000000000000000', 'alice');
    clock.t += 8 * 24 * 60 * MIN;
    r.create(session('new-0000000000000000', 'alice', clock.t + 60 * MIN));
    expect((db.prepare('SELECT sid FROM sessions').all() as { sid: string }[]).map((x) => x.sid)).toEqual(['new-0000000000000000']);
  });

  it('remembers an active session briefly, but a revocation here ends it at once', () => {
    const { r, clock, db } = registry(0);
    r.create(session('memo-000000000000000', 'alice', clock.t + 60 * MIN));
    r.create(session('memo-b-0000000000000', 'alice', clock.t + 60 * MIN));
    expect(r.check('memo-000000000000000')).toBe('active');
    expect(r.check('memo-b-0000000000000')).toBe('active');
    // Remembered: a direct change in the store is not seen within the bound…
    db.prepare('UPDATE sessions SET revoked_at = ? WHERE sid = ?').run(clock.t, 'memo-000000000000000');
    clock.t += ACTIVE_CHECK_CACHE_MS - 1;
    expect(r.check('memo-000000000000000')).toBe('active');
    // …and is once it has passed.
    clock.t += 1;
    expect(r.check('memo-000000000000000')).toBe('revoked');
    // Revoking through the registry forgets the session at once, by id or by user.
    expect(r.check('memo-b-0000000000000')).toBe('active');
    expect(r.revokeUser('alice', 'admin')).toBe(1);
    expect(r.check('memo-b-0000000000000')).toBe('revoked');
  });

  it('sees a revocation by another process on the same store within ACTIVE_CHECK_CACHE_MS', () => {
    const { r, clock, db } = registry(0);
    const other = new SessionRegistry(db, 0, () => clock.t);
    r.create(session('shared-0000000000000', 'bob', clock.t + 60 * MIN));
    expect(r.check('shared-0000000000000')).toBe('active');
    expect(other.revoke('shared-0000000000000', 'bob')).toBe(true);
    expect(other.check('shared-0000000000000')).toBe('revoked');
    clock.t += ACTIVE_CHECK_CACHE_MS;
    expect(r.check('shared-0000000000000')).toBe('revoked');
  });

  it('does not remember a session past its expiry', () => {
    const { r, clock } = registry(0);
    r.create(session('short-0000000000000', 'bob', clock.t + 500));
    expect(r.check('short-0000000000000')).toBe('active');
    clock.t += 500;
    expect(r.check('short-0000000000000')).toBe('expired');
  });
});
