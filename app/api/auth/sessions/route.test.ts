// Server-side sessions end to end through the real routes: a signed-in cookie stops working
// after logout (also a copy of it), after an admin revokes the user, and an admin sees who is
// signed in; viewers and operators cannot.
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { POST as login } from '@/app/api/auth/login/route';
import { POST as logout } from '@/app/api/auth/logout/route';
import { GET as me } from '@/app/api/auth/me/route';
import { DELETE, GET } from './route';
import { installTestRuntime, removeTestRuntime } from '@/lib/runtime/__fixtures__/test-runtime';
import type { Runtime } from '@/lib/runtime/runtime';
import { TEST_ORIGIN } from '@/lib/auth/__fixtures__/test-auth';

const HOST = new URL(TEST_ORIGIN).host;

async function signIn(username: string): Promise<{ cookie: string; csrf: string }> {
  const res = await login(
    new Request(`${TEST_ORIGIN}/api/auth/login`, {
      method: 'POST',
      headers: { host: HOST, origin: TEST_ORIGIN, 'content-type': 'application/json' },
      body: JSON.stringify({ username, password: `${username}-demo` }),
    }),
  );
  expect(res.status).toBe(200);
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  return { cookie, csrf: ((await res.json()) as { csrfToken: string }).csrfToken };
}

const whoAmI = async (cookie: string) => (await me(new Request(`${TEST_ORIGIN}/api/auth/me`, { headers: { host: HOST, cookie } }))).status;

const req = (url: string, s: { cookie: string; csrf: string }, method = 'GET') =>
  new Request(`${TEST_ORIGIN}${url}`, { method, headers: { host: HOST, origin: TEST_ORIGIN, cookie: s.cookie, 'x-csrf-token': s.csrf } });

let rt: Runtime | undefined;
beforeEach(() => {
  rt = installTestRuntime();
});
afterEach(async () => {
  await removeTestRuntime(rt);
});

describe('server-side sessions', () => {
  it('logout ends the session on the server: the same cookie (or a copy) no longer signs in', async () => {
    const s = await signIn('operator');
    const copy = s.cookie;
    expect(await whoAmI(s.cookie)).toBe(200);
    const out = await logout(new Request(`${TEST_ORIGIN}/api/auth/logout`, { method: 'POST', headers: { host: HOST, origin: TEST_ORIGIN, cookie: s.cookie } }));
    expect(out.status).toBe(200);
    expect(await whoAmI(copy)).toBe(401);
  });

  it('an admin lists live sessions and revokes a user everywhere (audited)', async () => {
    const admin = await signIn('admin');
    const op1 = await signIn('operator');
    const op2 = await signIn('operator');
    const viewer = await signIn('viewer');
    const listed = (await (await GET(req('/api/auth/sessions', admin))).json()) as { sessions: { username: string; current: boolean }[] };
    expect(listed.sessions.map((x) => x.username).sort()).toEqual(['admin', 'operator', 'operator', 'viewer']);
    expect(listed.sessions.filter((x) => x.current).map((x) => x.username)).toEqual(['admin']);

    const res = await DELETE(req('/api/auth/sessions?user=operator', admin, 'DELETE'));
    expect(res.status).toBe(200);
    const body = (await res.json()) as { revoked: number; auditId: number };
    expect(body.revoked).toBe(2);
    expect(await whoAmI(op1.cookie)).toBe(401);
    expect(await whoAmI(op2.cookie)).toBe(401);
    expect(await whoAmI(viewer.cookie)).toBe(200);
    expect(await rt!.audit.get(body.auditId)).toMatchObject({ action: 'revoke-sessions', user: 'admin', pattern: 'sessions:operator', state: 'completed' });
  });

  it('revokes one session by its id; an unknown id is 404', async () => {
    const admin = await signIn('admin');
    const viewer = await signIn('viewer');
    const { sessions } = (await (await GET(req('/api/auth/sessions', admin))).json()) as { sessions: { id: string; username: string }[] };
    const id = sessions.find((x) => x.username === 'viewer')!.id;
    expect((await DELETE(req(`/api/auth/sessions?id=${id}`, admin, 'DELETE'))).status).toBe(200);
    expect(await whoAmI(viewer.cookie)).toBe(401);
    expect((await DELETE(req(`/api/auth/sessions?id=${id}`, admin, 'DELETE'))).status).toBe(404);
    expect((await DELETE(req('/api/auth/sessions', admin, 'DELETE'))).status).toBe(400);
    expect((await DELETE(req('/api/auth/sessions?user=viewer&id=' + id, admin, 'DELETE'))).status).toBe(400);
  });

  it('viewers and operators get 403; a DELETE without the CSRF token is refused', async () => {
    const op = await signIn('operator');
    expect((await GET(req('/api/auth/sessions', op))).status).toBe(403);
    expect((await DELETE(req('/api/auth/sessions?user=admin', op, 'DELETE'))).status).toBe(403);
    const admin = await signIn('admin');
    expect((await DELETE(req('/api/auth/sessions?user=operator', { cookie: admin.cookie, csrf: 'wrong' }, 'DELETE'))).status).toBe(403);
    expect(await whoAmI(op.cookie)).toBe(200);
  });

  it('a sign-in the store cannot record is a 503 that says why, not a session that would not work', async () => {
    // The store refuses the session's row: SQLite read-only, or on PostgreSQL no sessions table.
    const pg = rt!.store.kind === 'postgres';
    if (pg) await signIn('operator'); // its tables exist (migrations run on first use)
    if (pg) await sql`ALTER TABLE sessions RENAME TO sessions_away`.execute(rt!.store.sql);
    else rt!.store.db.pragma('query_only = ON');
    try {
      const res = await login(
        new Request(`${TEST_ORIGIN}/api/auth/login`, {
          method: 'POST',
          headers: { host: HOST, origin: TEST_ORIGIN, 'content-type': 'application/json' },
          body: JSON.stringify({ username: 'viewer', password: 'viewer-demo' }),
        }),
      );
      expect(res.status).toBe(503);
      expect(((await res.json()) as { error: { message: string } }).error.message).toContain('cannot write to its store');
      expect(res.headers.getSetCookie()).toEqual([]);
    } finally {
      if (pg) await sql`ALTER TABLE sessions_away RENAME TO sessions`.execute(rt!.store.sql);
      else rt!.store.db.pragma('query_only = OFF');
    }
  });
});
