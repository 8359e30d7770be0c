import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { POST as login } from '@/app/api/auth/login/route';
import { POST as logout } from '@/app/api/auth/logout/route';
import { GET as me } from '@/app/api/auth/me/route';
import { GET as health } from '@/app/api/health/route';
import { installTestRuntime, removeTestRuntime, replaceTestRuntime } from '@/lib/runtime/__fixtures__/test-runtime';
import type { Runtime } from '@/lib/runtime/runtime';
import { testAuthConfig, TEST_ORIGIN } from '@/lib/auth/__fixtures__/test-auth';
import { MAX_CONCURRENT_PASSWORD_CHECKS } from './settings';

const HOST = new URL(TEST_ORIGIN).host;

function loginRequest(body: unknown, headers: Record<string, string> = {}): Request {
  return new Request(`${TEST_ORIGIN}/api/auth/login`, {
    method: 'POST',
    headers: { host: HOST, origin: TEST_ORIGIN, 'content-type': 'application/json', 'x-forwarded-for': '192.0.2.10', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

function cookiesOf(res: Response): Map<string, string> {
  return new Map(res.headers.getSetCookie().map((c) => [c.slice(0, c.indexOf('=')), c]));
}

function cookieHeader(res: Response): string {
  return res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
}

let rt: Runtime | undefined;
beforeEach(() => {
  rt = installTestRuntime({ authConfig: testAuthConfig({ loginRateLimit: { attempts: 3, windowSeconds: 300 } }) });
});
afterEach(async () => {
  await removeTestRuntime(rt);
  delete process.env.PMTA_CONSOLE_DEMO;
});

describe('POST /api/auth/login', () => {
  it('signs in: sets both cookies and returns the user and CSRF token', async () => {
    const res = await login(loginRequest({ username: 'operator', password: 'operator-demo' }));
    expect(res.status).toBe(200);
    const body = (await res.json()) as { user: unknown; csrfToken: string };
    expect(body.user).toEqual({ username: 'operator', role: 'operator' });
    const cookies = cookiesOf(res);
    expect(cookies.get('pmta_session')).toMatch(/^pmta_session=[\w-]+\.[\w-]+; Path=\/; SameSite=Lax; Max-Age=43200; HttpOnly$/);
    expect(cookies.get('pmta_csrf')).toBe(`pmta_csrf=${body.csrfToken}; Path=/; SameSite=Lax; Max-Age=43200`);
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('the new session works for /api/auth/me, which returns the same CSRF token', async () => {
    const res = await login(loginRequest({ username: 'admin', password: 'admin-demo' }));
    const { csrfToken } = (await res.json()) as { csrfToken: string };
    const who = await me(new Request(`${TEST_ORIGIN}/api/auth/me`, { headers: { cookie: cookieHeader(res) } }));
    expect(await who.json()).toEqual({ user: { username: 'admin', role: 'admin' }, csrfToken, demo: false });
    // It re-sets the script-readable cookie, expiring with the session.
    const csrfCookie = cookiesOf(who).get('pmta_csrf') ?? '';
    expect(csrfCookie).toMatch(new RegExp(`^pmta_csrf=${csrfToken}; Path=/; SameSite=Lax; Max-Age=\\d+$`));
    expect(Number(/Max-Age=(\d+)/.exec(csrfCookie)?.[1])).toBeGreaterThan(43_000);
  });

  it('gives the same generic 401 for a wrong password and an unknown user', async () => {
    for (const body of [
      { username: 'operator', password: 'wrong' },
      { username: 'nobody', password: 'operator-demo' },
    ]) {
      const res = await login(loginRequest(body));
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({ error: { code: 'unauthorized', message: 'invalid username or password', status: 401 } });
      expect(res.headers.getSetCookie()).toEqual([]);
    }
  });

  it('400 for a malformed body', async () => {
    expect((await login(loginRequest('not json'))).status).toBe(400);
    expect((await login(loginRequest({ username: 'operator' }))).status).toBe(400);
    expect((await login(loginRequest({ username: 'operator', password: 'x', extra: 1 }))).status).toBe(400);
  });

  it('refuses a cross-origin login (login CSRF)', async () => {
    const res = await login(loginRequest({ username: 'operator', password: 'operator-demo' }, { origin: 'https://evil.example' }));
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('csrf');
  });

  it('429 with Retry-After once the failures are used up, even for the right password; growing waits', async () => {
    for (let i = 0; i < 3; i++) expect((await login(loginRequest({ username: 'viewer', password: `guess${i}` }))).status).toBe(401);
    const res = await login(loginRequest({ username: 'viewer', password: 'viewer-demo' }));
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBe(1);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('rate_limited');
    // The same user from another address, and another user from this one, are unaffected.
    expect((await login(loginRequest({ username: 'viewer', password: 'viewer-demo' }, { 'x-forwarded-for': '192.0.2.99' }))).status).toBe(200);
    expect((await login(loginRequest({ username: 'admin', password: 'admin-demo' }))).status).toBe(200);
  });

  it('too many password checks at once: 503 with Retry-After, nothing counted', async () => {
    const many = Array.from({ length: MAX_CONCURRENT_PASSWORD_CHECKS + 4 }, (_, i) =>
      login(loginRequest({ username: `nobody${i}`, password: 'x' }, { 'x-forwarded-for': `192.0.2.${i + 10}` })),
    );
    const statuses = await Promise.all(many.map(async (p) => (await p).status));
    expect(statuses.filter((s) => s === 401)).toHaveLength(MAX_CONCURRENT_PASSWORD_CHECKS);
    expect(statuses.filter((s) => s === 503)).toHaveLength(4);
  });

  it('sets Secure cookies over https when cookieSecure is auto, always when true', async () => {
    const httpsReq = new Request('https://console.example.net/api/auth/login', {
      method: 'POST',
      headers: { host: 'console.example.net', origin: 'https://console.example.net', 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'viewer', password: 'viewer-demo' }),
    });
    const res = await login(httpsReq);
    expect(cookiesOf(res).get('__Host-pmta_session')).toContain('; Secure');
    expect(cookiesOf(res).has('pmta_session')).toBe(false);
    // Over https only the prefixed cookie signs in; a plain one (planted by a subdomain) does not.
    const token = (cookiesOf(res).get('__Host-pmta_session') ?? '').split(';')[0]!.split('=')[1]!;
    const meAt = (cookie: string) => me(new Request('https://console.example.net/api/auth/me', { headers: { host: 'console.example.net', cookie } }));
    expect((await meAt(`__Host-pmta_session=${token}`)).status).toBe(200);
    expect((await meAt(`pmta_session=${token}`)).status).toBe(401);
    rt = replaceTestRuntime(rt, { authConfig: testAuthConfig({ cookieSecure: true }) });
    expect(cookiesOf(await login(loginRequest({ username: 'viewer', password: 'viewer-demo' }))).get('__Host-pmta_session')).toContain('; Secure');
  });
});

describe('logout, me and health', () => {
  it('logout clears both cookies', async () => {
    const res = await logout(new Request(`${TEST_ORIGIN}/api/auth/logout`, { method: 'POST', headers: { host: HOST, origin: TEST_ORIGIN } }));
    expect(res.status).toBe(200);
    const cookies = cookiesOf(res);
    expect(cookies.get('pmta_session')).toContain('Max-Age=0');
    expect(cookies.get('pmta_csrf')).toContain('Max-Age=0');
  });

  it('logout refuses other origins', async () => {
    const res = await logout(new Request(`${TEST_ORIGIN}/api/auth/logout`, { method: 'POST', headers: { host: HOST, origin: 'https://evil.example' } }));
    expect(res.status).toBe(403);
  });

  it('me is 401 without a session and reports demo mode', async () => {
    expect((await me(new Request(`${TEST_ORIGIN}/api/auth/me`))).status).toBe(401);
    process.env.PMTA_CONSOLE_DEMO = '1';
    const res = await login(loginRequest({ username: 'viewer', password: 'viewer-demo' }));
    const who = await me(new Request(`${TEST_ORIGIN}/api/auth/me`, { headers: { cookie: cookieHeader(res) } }));
    expect(((await who.json()) as { demo: boolean }).demo).toBe(true);
  });

  it('health is public and says only ok', async () => {
    const res = await health(new Request(`${TEST_ORIGIN}/api/health`));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
  });
});
