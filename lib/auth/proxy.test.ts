import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NextRequest } from 'next/server';
import { proxy, config } from '@/proxy';
import { installTestRuntime, removeTestRuntime } from '@/lib/runtime/__fixtures__/test-runtime';
import type { Runtime } from '@/lib/runtime/runtime';
import { sessionFor, testAuthConfig } from '@/lib/auth/__fixtures__/test-auth';
import { SessionRegistry } from '@/lib/auth/session-registry';
import { storeSchema } from '@/lib/config/store-schema';
import { openStore } from '@/lib/store/store';

const BASE = 'http://127.0.0.1:3000';
const request = (path: string, headers: Record<string, string> = {}) => new NextRequest(`${BASE}${path}`, { headers });
const passes = (res: Response) => res.headers.get('x-middleware-next') === '1';

let rt: Runtime | undefined;
beforeEach(() => {
  rt = installTestRuntime({ authConfig: testAuthConfig() });
});
afterEach(() => removeTestRuntime(rt));

describe('proxy.ts', () => {
  it('redirects pages to /login with a relative next', async () => {
    // Absolute here; Next's adapter turns a same-host Location into a relative one.
    const res = await proxy(request('/queues?node=mta1'));
    expect(res.status).toBe(307);
    const where = (r: Response) => {
      const u = new URL(r.headers.get('location') ?? '');
      return `${u.pathname}${u.search}`;
    };
    expect(where(res)).toBe('/login?next=%2Fqueues%3Fnode%3Dmta1');
    expect(where(await proxy(request('/')))).toBe('/login');
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('answers API routes with the 401 JSON shape', async () => {
    const res = await proxy(request('/api/queues'));
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: { code: 'unauthorized', message: 'sign in first', status: 401 } });
  });

  it('lets the public paths and /api/metrics through to their handlers', async () => {
    for (const p of ['/login', '/login/', '/api/auth/login', '/api/auth/logout', '/api/health', '/api/metrics'])
      expect(passes(await proxy(request(p)))).toBe(true);
    expect(passes(await proxy(request('/login-admin')))).toBe(false);
    expect(passes(await proxy(request('/api/healthz')))).toBe(false);
  });

  it('lets exactly the accounting webhook paths through (the route checks its own secret)', async () => {
    for (const p of ['/api/accounting/webhook/mta1', '/api/accounting/webhook/mta1/s3cret', '/api/accounting/webhook/mta1/'])
      expect(passes(await proxy(request(p)))).toBe(true);
    for (const p of [
      '/api/accounting/webhook',
      '/api/accounting/webhook/',
      '/api/accounting/webhook/a/b/c',
      '/api/accounting',
      '/api/accounting/webhooks/mta1',
    ]) {
      expect(passes(await proxy(request(p)))).toBe(false);
    }
  });

  it('lets exactly the internal snapshot path through (the route checks the secret and the peer)', async () => {
    for (const p of ['/api/internal/nodes/mta1/snapshot', '/api/internal/nodes/mta1/snapshot/']) expect(passes(await proxy(request(p)))).toBe(true);
    for (const p of [
      '/api/internal',
      '/api/internal/nodes',
      '/api/internal/nodes/mta1',
      '/api/internal/nodes/a/b/snapshot',
      '/api/internal/nodes/mta1/snapshots',
      '/api/internal/other',
    ]) {
      expect(passes(await proxy(request(p))), p).toBe(false);
    }
  });

  it('lets a valid session through and verifies its signature', async () => {
    const { cookie } = await sessionFor(testAuthConfig(), 'viewer');
    expect(passes(await proxy(request('/queues', { cookie })))).toBe(true);
    const [name, token] = cookie.split('=') as [string, string];
    const [body, sig] = token.split('.') as [string, string];
    const payload = JSON.parse(Buffer.from(body, 'base64url').toString()) as Record<string, unknown>;
    const tampered = Buffer.from(JSON.stringify({ ...payload, exp: (payload.exp as number) + 3600 })).toString('base64url');
    expect((await proxy(request('/queues', { cookie: `${name}=${tampered}.${sig}` }))).status).toBe(307);
  });

  it('a store that cannot be reached: a session is refused with 503 unavailable naming the store', async () => {
    const { cookie } = await sessionFor(testAuthConfig(), 'viewer');
    // 127.0.0.1:1 refuses at once (as in lib/store/store.test.ts).
    const cfg = storeSchema.parse({ kind: 'postgres', path: ':memory:', postgres: { connectTimeoutMs: 1000 } });
    const dead = openStore(cfg, { [cfg.postgres.urlEnv]: 'postgres://postgres@127.0.0.1:1/none' } as NodeJS.ProcessEnv);
    try {
      rt!.auth.sessions = new SessionRegistry(dead, 0);
      const api = await proxy(request('/api/queues', { cookie }));
      expect(api.status).toBe(503);
      expect(api.headers.get('retry-after')).toBe('5');
      expect((await api.json()).error.message).toMatch(/store is unavailable/);
      const page = await proxy(request('/queues', { cookie }));
      expect(page.status).toBe(503);
      expect(await page.text()).toMatch(/store is unavailable/);
      expect(rt!.storeHealth.current.ok).toBe(false);
    } finally {
      await dead.close();
    }
  });

  it('fails closed when the console runtime is not running (no config loaded)', async () => {
    await removeTestRuntime(rt);
    const res = await proxy(request('/api/queues'));
    expect(res.status).toBe(503);
    expect((await res.json()).error.code).toBe('unavailable');
  });

  it('does not run on Next build assets, the icons or robots.txt', async () => {
    const re = new RegExp(`^${config.matcher[0]}$`);
    expect(re.test('/_next/static/chunks/a.js')).toBe(false);
    expect(re.test('/favicon.ico')).toBe(false);
    expect(re.test('/icon.svg')).toBe(false);
    expect(re.test('/robots.txt')).toBe(false);
    expect(re.test('/queues')).toBe(true);
    expect(re.test('/api/queues')).toBe(true);
  });

  it('puts the security headers on every answer: pass, redirect, 401, public', async () => {
    const { cookie } = await sessionFor(testAuthConfig(), 'viewer');
    for (const res of [
      await proxy(request('/queues', { cookie })),
      await proxy(request('/queues')),
      await proxy(request('/login')),
      await proxy(request('/api/queues')),
      await proxy(request('/api/health')),
    ]) {
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBe('same-origin');
      expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    }
    const page = await proxy(request('/queues', { cookie }));
    const csp = page.headers.get('content-security-policy') ?? '';
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    expect(csp).not.toContain("'unsafe-inline' 'strict-dynamic'");
    expect(csp).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic' 'sha256-[A-Za-z0-9+/=]+'/);
    // Next reads the nonce from the forwarded request's policy.
    expect(page.headers.get('x-middleware-request-content-security-policy')).toBe(csp);
    expect(page.headers.get('x-middleware-request-x-nonce')).toBe(nonce);
    // A fresh nonce per request.
    expect((await proxy(request('/queues', { cookie }))).headers.get('content-security-policy')).not.toBe(csp);
    expect((await proxy(request('/api/queues', { cookie }))).headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
    // An API request goes on without the page's nonce or a rewritten policy.
    const api = await proxy(request('/api/queues', { cookie }));
    expect(api.headers.get('x-middleware-request-x-nonce')).toBeNull();
    expect(api.headers.get('x-middleware-override-headers')).toBeNull();
  });

  it('refuses a Host outside auth.allowedHosts before anything else (DNS rebinding)', async () => {
    await removeTestRuntime(rt);
    rt = installTestRuntime({ authConfig: testAuthConfig({ allowedHosts: ['console.example.net', '127.0.0.1:3000'] }) });
    const { cookie } = await sessionFor(testAuthConfig(), 'viewer');
    expect(passes(await proxy(request('/queues', { cookie, host: '127.0.0.1:3000' })))).toBe(true);
    expect(passes(await proxy(request('/login', { host: 'CONSOLE.example.net:8443' })))).toBe(true);
    const page = await proxy(request('/queues', { cookie, host: 'evil.example' }));
    expect(page.status).toBe(421);
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect((await proxy(request('/login', { host: '127.0.0.1:3001' }))).status).toBe(421);
    const api = await proxy(request('/api/health', { host: 'evil.example' }));
    expect(api.status).toBe(403);
    expect(await api.json()).toEqual({ error: { code: 'forbidden', message: expect.stringContaining('auth.allowedHosts'), status: 403 } });
  });
});
