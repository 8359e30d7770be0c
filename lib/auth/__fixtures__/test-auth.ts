import 'server-only';
// Helpers for tests (ours and other routes'): a ready auth config with the demo users,
// and Requests that carry a valid session cookie, same-origin headers and CSRF token.
//   installTestRuntime();  (lib/runtime/__fixtures__/test-runtime.ts)
//   const res = await POST(authedRequest('http://127.0.0.1/api/x', { as: 'operator', method: 'POST', body: {...} }));
import { authSchema, usersSchema, type AuthConfig } from '@/lib/config/auth-schema';
import { storeSchema } from '@/lib/config/store-schema';
import { csrfTokenFor } from '@/lib/auth/csrf';
import { DEMO_USERS } from '@/lib/auth/demo-users';
import type { Role } from '@/lib/auth/roles';
import { issueSession, SESSION_COOKIE } from '@/lib/auth/session';
import { buildAuthSettings, type AuthConfigSource, type AuthSettings } from '@/lib/auth/settings';
import { SessionRegistry } from '@/lib/auth/session-registry';
import { openStore } from '@/lib/store/store';
import { currentRuntime } from '@/lib/runtime/current';

export const TEST_SECRET = 'test-secret-test-secret-test-secret-0123456789';
export const TEST_ORIGIN = 'http://127.0.0.1:3000';

/** Users viewer/operator/admin with passwords viewer-demo/operator-demo/admin-demo. */
export function testAuthConfig(
  auth: Partial<AuthConfig> = {},
  users = DEMO_USERS.map(({ username, passwordHash, role }) => ({ username, passwordHash, role })),
): AuthConfigSource {
  return {
    users: usersSchema.parse(users),
    auth: authSchema.parse({ sessionSecret: TEST_SECRET, ...auth }),
    store: storeSchema.parse({ kind: 'sqlite', path: ':memory:' }),
  };
}

/** Auth settings over a session registry of their own (an in-memory SQLite store). */
export function testAuthSettings(cfg: AuthConfigSource = testAuthConfig()): AuthSettings {
  const store = openStore(storeSchema.parse({ kind: 'sqlite', path: ':memory:' }));
  return buildAuthSettings(cfg, new SessionRegistry(store, cfg.auth.idleTimeoutMinutes * 60_000));
}

/**
 * A signed session cookie for `username`, recorded as signed in with the installed test
 * runtime's session registry (or `registry`), as a real sign-in would be.
 */
export async function sessionFor(
  cfg: AuthConfigSource,
  username: string,
  now = Date.now(),
  registry: SessionRegistry | undefined = currentRuntime()?.auth.sessions,
): Promise<TestSession> {
  const s = testAuthSettings(cfg);
  const user = s.users.get(username);
  if (!user) throw new Error(`no user ${username} in the test config`);
  const { token, payload } = issueSession(user, s.keys.session, s.auth.sessionHours, now);
  await registry?.create({ sid: payload.sid, username, expiresAt: payload.exp * 1000, client: '127.0.0.1' });
  return { cookie: `${SESSION_COOKIE}=${token}`, csrfToken: csrfTokenFor(`sid:${payload.sid}`, s.keys.csrf), sid: payload.sid };
}

export interface TestSession {
  cookie: string;
  csrfToken: string;
  sid: string;
}

export interface AuthedRequestOptions {
  /** Username to sign in as (the demo users are named after their roles). */
  as?: Role | string;
  method?: string;
  body?: unknown;
  headers?: Record<string, string>;
  cfg?: AuthConfigSource;
}

// One signed-in session per user and registry, reused while it is live (as a browser keeps
// its cookie), so a test can go on with a store that stopped taking writes.
const signedIn = new WeakMap<SessionRegistry, Map<string, TestSession>>();

async function liveSession(cfg: AuthConfigSource, username: string): Promise<TestSession> {
  const registry = currentRuntime()?.auth.sessions;
  if (!registry) return sessionFor(cfg, username);
  const mine = signedIn.get(registry) ?? new Map<string, TestSession>();
  signedIn.set(registry, mine);
  const key = `${username}\n${cfg.auth.sessionSecret ?? ''}`;
  const had = mine.get(key);
  if (had && (await registry.check(had.sid)) === 'active') return had;
  const fresh = await sessionFor(cfg, username, Date.now(), registry);
  mine.set(key, fresh);
  return fresh;
}

/** A same-origin browser-like request with a valid session and CSRF token. */
export async function authedRequest(url: string, o: AuthedRequestOptions = {}): Promise<Request> {
  const cfg = o.cfg ?? testAuthConfig();
  const { cookie, csrfToken } = await liveSession(cfg, o.as ?? 'viewer');
  const u = new URL(url);
  const headers = new Headers({ host: u.host, origin: u.origin, cookie, 'x-csrf-token': csrfToken, ...o.headers });
  if (o.body !== undefined) headers.set('content-type', 'application/json');
  return new Request(url, { method: o.method ?? 'GET', headers, body: o.body === undefined ? undefined : JSON.stringify(o.body) });
}
