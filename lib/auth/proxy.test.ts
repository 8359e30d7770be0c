import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NextRequest } from 'next/server';
import { proxy, config } from '@/proxy';
import { setAuthConfigForTesting } from './settings';
import { sessionFor, testAuthConfig } from './test-support';

const BASE = 'http://127.0.0.1:3000';
const request = (path: string, headers: Record<string, string> = {}) => new NextRequest(`${BASE}${path}`, { headers });
const passes = (res: Response) => res.headers.get('x-middleware-next') === '1';

beforeEach(() => setAuthConfigForTesting(testAuthConfig()));
afterEach(() => setAuthConfigForTesting(null));

describe('proxy.ts', () => {
  it('redirects pages to /login with a relative next', () => {
    // Absolute here; Next's adapter turns a same-host Location into a relative one.
    const res = proxy(request('/queues?node=mta1'));
    expect(res.status).toBe(307);
    const where = (r: Response) => {
      const u = new URL(r.headers.get('location') ?? '');
      return `${u.pathname}${u.search}`;
    };
    expect(where(res)).toBe('/login?next=%2Fqueues%3Fnode%3Dmta1');
    expect(where(proxy(request('/')))).toBe('/login');
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('answers API routes with the 401 JSON shape', async () => {
    const res = proxy(request('/api/queues'));
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: { code: 'unauthorized', message: 'sign in first', status: 401 } });
  });

  it('lets the public paths and /api/metrics through to their handlers', () => {
    for (const p of ['/login', '/login/', '/api/auth/login', '/api/auth/logout', '/api/health', '/api/metrics']) expect(passes(proxy(request(p)))).toBe(true);
    expect(passes(proxy(request('/login-admin')))).toBe(false);
    expect(passes(proxy(request('/api/healthz')))).toBe(false);
  });

  it('lets exactly the accounting webhook paths through (the route checks its own secret)', () => {
    for (const p of ['/api/accounting/webhook/mta1', '/api/accounting/webhook/mta1/s3cret', '/api/accounting/webhook/mta1/']) expect(passes(proxy(request(p)))).toBe(true);
    for (const p of ['/api/accounting/webhook', '/api/accounting/webhook/', '/api/accounting/webhook/a/b/c', '/api/accounting', '/api/accounting/webhooks/mta1']) {
      expect(passes(proxy(request(p)))).toBe(false);
    }
  });

  it('lets a valid session through and verifies its signature', () => {
    const { cookie } = sessionFor(testAuthConfig(), 'viewer');
    expect(passes(proxy(request('/queues', { cookie })))).toBe(true);
    const [name, token] = cookie.split('=') as [string, string];
    const [body, sig] = token.split('.') as [string, string];
    const payload = JSON.parse(Buffer.from(body, 'base64url').toString()) as Record<string, unknown>;
    const tampered = Buffer.from(JSON.stringify({ ...payload, exp: (payload.exp as number) + 3600 })).toString('base64url');
    expect(proxy(request('/queues', { cookie: `${name}=${tampered}.${sig}` })).status).toBe(307);
  });

  it('fails closed when the configuration cannot be loaded', async () => {
    setAuthConfigForTesting(null);
    const prev = process.env.PMTA_CONSOLE_CONFIG;
    process.env.PMTA_CONSOLE_CONFIG = '/nonexistent/pmta-console.yaml';
    try {
      const res = proxy(request('/api/queues'));
      expect(res.status).toBe(503);
    } finally {
      if (prev === undefined) delete process.env.PMTA_CONSOLE_CONFIG;
      else process.env.PMTA_CONSOLE_CONFIG = prev;
    }
  });

  it('does not run on Next build assets', () => {
    const re = new RegExp(`^${config.matcher[0]}$`);
    expect(re.test('/_next/static/chunks/a.js')).toBe(false);
    expect(re.test('/favicon.ico')).toBe(false);
    expect(re.test('/queues')).toBe(true);
    expect(re.test('/api/queues')).toBe(true);
  });
});
