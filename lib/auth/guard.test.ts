import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { apiRoute } from '@/lib/api/route';
import { testContract } from '@/lib/api/test-contract';
import { installTestRuntime, removeTestRuntime, replaceTestRuntime } from '@/lib/runtime/__fixtures__/test-runtime';
import type { Runtime } from '@/lib/runtime/runtime';
import { authedRequest, sessionFor, testAuthConfig, TEST_ORIGIN } from '@/lib/auth/__fixtures__/test-auth';

const URL_BASE = TEST_ORIGIN;
const METRICS_TOKEN = 'metrics-token-0123456789';

const viewerGet = apiRoute(testContract({ role: 'viewer' }), ({ user, clientAddress }) => ({ user, clientAddress }));
const operatorPost = apiRoute(testContract({ role: 'operator', body: z.object({ queue: z.string() }) }), ({ user, body }) => ({ user, body }));
const adminGet = apiRoute(testContract({ role: 'admin' }), ({ user }) => ({ user }));
const metricsGet = apiRoute(testContract({ role: 'viewer', metricsToken: true }), ({ user }) => ({ user }));
const publicPost = apiRoute(testContract({ role: 'public' }), ({ user }) => ({ user }));

async function call(handler: (req: Request) => Promise<Response>, req: Request): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await handler(req);
  expect(res.headers.get('cache-control')).toBe('no-store');
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

function errorCode(r: { body: Record<string, unknown> }): unknown {
  return (r.body.error as { code?: string } | undefined)?.code;
}

let rt: Runtime | undefined;
beforeEach(() => {
  rt = installTestRuntime({ authConfig: testAuthConfig({ metricsToken: METRICS_TOKEN }) });
});
afterEach(() => removeTestRuntime(rt));

describe('apiRoute guard: sessions and roles', () => {
  it('401 without a session cookie, in the one error shape', async () => {
    const r = await call(viewerGet, new Request(`${URL_BASE}/api/x`));
    expect(r.status).toBe(401);
    expect(r.body).toEqual({ error: { code: 'unauthorized', message: 'sign in first', status: 401 } });
  });

  it('401 with a forged or garbage cookie', async () => {
    const r = await call(viewerGet, new Request(`${URL_BASE}/api/x`, { headers: { cookie: 'pmta_session=eyJ1IjoiYWRtaW4ifQ.AAAA' } }));
    expect(r.status).toBe(401);
  });

  it('authenticates before validating the body: anonymous callers learn nothing', async () => {
    const r = await call(operatorPost, new Request(`${URL_BASE}/api/x`, { method: 'POST', body: 'not json', headers: { origin: URL_BASE } }));
    expect(r.status).toBe(401);
  });

  it('200 for a viewer on a viewer route, with the user and client address in the context', async () => {
    const r = await call(viewerGet, await authedRequest(`${URL_BASE}/api/x`, { as: 'viewer', headers: { 'x-forwarded-for': '192.0.2.7' } }));
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ user: { username: 'viewer', role: 'viewer' }, clientAddress: '192.0.2.7' });
  });

  it('403 forbidden for a viewer on an operator route', async () => {
    const r = await call(operatorPost, await authedRequest(`${URL_BASE}/api/x`, { as: 'viewer', method: 'POST', body: { queue: 'q' } }));
    expect(r.status).toBe(403);
    expect(errorCode(r)).toBe('forbidden');
  });

  it('200 for an operator (and an admin) on an operator route', async () => {
    for (const as of ['operator', 'admin']) {
      const r = await call(operatorPost, await authedRequest(`${URL_BASE}/api/x`, { as, method: 'POST', body: { queue: 'q' } }));
      expect(r.status).toBe(200);
      expect(r.body).toEqual({ user: { username: as, role: as }, body: { queue: 'q' } });
    }
  });

  it('403 for an operator on an admin route', async () => {
    expect((await call(adminGet, await authedRequest(`${URL_BASE}/api/x`, { as: 'operator' }))).status).toBe(403);
    expect((await call(adminGet, await authedRequest(`${URL_BASE}/api/x`, { as: 'admin' }))).status).toBe(200);
  });

  it('takes the role from the current config, not the cookie', async () => {
    const req = await authedRequest(`${URL_BASE}/api/x`, { as: 'operator' });
    const demoted = testAuthConfig({}, [{ username: 'operator', passwordHash: testAuthConfig().users[1]!.passwordHash, role: 'viewer' }]);
    rt = replaceTestRuntime(rt, { authConfig: demoted });
    expect((await call(viewerGet, req)).status).toBe(401);
  });
});

describe('apiRoute guard: CSRF on state-changing requests', () => {
  const post = async (headers: Record<string, string>, as = 'operator') => {
    const { cookie, csrfToken } = await sessionFor(testAuthConfig(), as);
    return new Request(`${URL_BASE}/api/x`, {
      method: 'POST',
      body: JSON.stringify({ queue: 'q' }),
      headers: { host: new URL(URL_BASE).host, cookie, origin: URL_BASE, 'x-csrf-token': csrfToken, ...headers },
    });
  };

  it('accepts same-origin with the session-bound token', async () => {
    expect((await call(operatorPost, await post({}))).status).toBe(200);
  });

  it('403 csrf when the token is missing or belongs to another session', async () => {
    const missing = await post({});
    missing.headers.delete('x-csrf-token');
    expect(errorCode(await call(operatorPost, missing))).toBe('csrf');
    const other = (await sessionFor(testAuthConfig(), 'operator')).csrfToken;
    expect(errorCode(await call(operatorPost, await post({ 'x-csrf-token': other })))).toBe('csrf');
  });

  it('403 csrf for a cross-origin Origin, even with a valid token', async () => {
    const r = await call(operatorPost, await post({ origin: 'https://evil.example' }));
    expect(r.status).toBe(403);
    expect(errorCode(r)).toBe('csrf');
  });

  it('403 csrf without Origin when Sec-Fetch-Site says cross-site; OK when same-origin', async () => {
    const cross = await post({ 'sec-fetch-site': 'cross-site' });
    cross.headers.delete('origin');
    expect(errorCode(await call(operatorPost, cross))).toBe('csrf');
    const same = await post({ 'sec-fetch-site': 'same-origin' });
    same.headers.delete('origin');
    expect((await call(operatorPost, same)).status).toBe(200);
  });

  it('does not trust x-forwarded-host/proto from an unverified peer', async () => {
    const r = await call(operatorPost, await post({ origin: 'https://evil.example', 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'https' }));
    expect(errorCode(r)).toBe('csrf');
  });

  it('GET needs no token', async () => {
    const req = await authedRequest(`${URL_BASE}/api/x`, { as: 'viewer' });
    req.headers.delete('x-csrf-token');
    req.headers.delete('origin');
    expect((await call(viewerGet, req)).status).toBe(200);
  });

  it('public POST routes still refuse other origins but need no session', async () => {
    expect((await call(publicPost, new Request(`${URL_BASE}/api/p`, { method: 'POST', headers: { host: '127.0.0.1:3000', origin: URL_BASE } }))).body).toEqual({
      user: null,
    });
    const r = await call(publicPost, new Request(`${URL_BASE}/api/p`, { method: 'POST', headers: { host: '127.0.0.1:3000', origin: 'https://evil.example' } }));
    expect(errorCode(r)).toBe('csrf');
  });
});

describe('apiRoute guard: metrics bearer token', () => {
  const bearer = (token: string) => new Request(`${URL_BASE}/api/metrics`, { headers: { authorization: `Bearer ${token}` } });

  it('accepts the token only on routes that opt in, as a read-only identity', async () => {
    const r = await call(metricsGet, bearer(METRICS_TOKEN));
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ user: { username: 'metrics-token', role: 'viewer' } });
    expect((await call(viewerGet, bearer(METRICS_TOKEN))).status).toBe(401);
  });

  it('401 for a wrong token, and when no token is configured', async () => {
    expect((await call(metricsGet, bearer(`${METRICS_TOKEN}x`))).status).toBe(401);
    rt = replaceTestRuntime(rt, { authConfig: testAuthConfig() });
    expect((await call(metricsGet, bearer(METRICS_TOKEN))).status).toBe(401);
  });

  it('still accepts a session on the metrics route', async () => {
    expect((await call(metricsGet, await authedRequest(`${URL_BASE}/api/metrics`, { as: 'viewer' }))).status).toBe(200);
  });
});

describe('apiRoute guard: allowed hosts', () => {
  it('refuses another Host with 403 in the JSON shape, before the Origin check', async () => {
    const cfg = testAuthConfig({ allowedHosts: ['127.0.0.1:3000'] });
    rt = replaceTestRuntime(rt, { authConfig: cfg });
    expect((await call(viewerGet, await authedRequest(`${URL_BASE}/api/x`, { cfg }))).status).toBe(200);
    // A rebinding page: its own name in Host and (matching it) Origin.
    const evil = await authedRequest('http://evil.example:3000/api/x', { cfg, as: 'operator', method: 'POST', body: { queue: 'q' } });
    const r = await call(operatorPost, evil);
    expect(r.status).toBe(403);
    expect(r.body).toEqual({ error: { code: 'forbidden', message: expect.stringContaining('auth.allowedHosts'), status: 403 } });
    expect(
      (await call(publicPost, new Request('http://evil.example/api/x', { method: 'POST', headers: { host: 'evil.example', origin: 'http://evil.example' } })))
        .status,
    ).toBe(403);
  });
});
