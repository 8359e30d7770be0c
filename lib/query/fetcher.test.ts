import { afterEach, describe, expect, expectTypeOf, it, vi } from 'vitest';
import { apiFetch, fillPath } from './fetcher';
import type { DomainView, OverviewResponse } from '@/lib/api/responses';
import type { ResponseOf } from '@/lib/api/contracts/registry';

afterEach(() => vi.unstubAllGlobals());

function recordFetch(body: unknown = {}) {
  const calls: { url: string; init: RequestInit }[] = [];
  vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    return new Response(JSON.stringify(body), { status: 200 });
  });
  return calls;
}

describe('apiFetch', () => {
  it('fills path parameters, encoded, and adds the query', async () => {
    expect(fillPath('/api/domains/{domain}', { domain: 'a b/c' })).toBe('/api/domains/a%20b%2Fc');
    expect(() => fillPath('/api/domains/{domain}', {})).toThrow(/domain/);
    const calls = recordFetch();
    await apiFetch('/api/domains/{domain}', { params: { domain: 'x%y.com' }, query: { node: 'pmta1', empty: '' } });
    expect(calls[0]!.url).toBe('/api/domains/x%25y.com?node=pmta1');
    expect(calls[0]!.init.method).toBe('GET');
  });

  it('sends the CSRF token from the cookie on state-changing requests', async () => {
    vi.stubGlobal('document', { cookie: 'other=1; pmta_csrf=tok%3D1; __Host-pmta_csrf=secure%3D2' });
    vi.stubGlobal('location', { protocol: 'http:' });
    const calls = recordFetch({ ok: true });
    await apiFetch('/api/auth/logout', { method: 'POST' });
    expect(calls[0]!.init.method).toBe('POST');
    expect((calls[0]!.init.headers as Record<string, string>)['x-csrf-token']).toBe('tok=1');
    // Over https the server sets the `__Host-` cookie only; a plain one may be planted.
    vi.stubGlobal('location', { protocol: 'https:' });
    await apiFetch('/api/auth/logout', { method: 'POST' });
    expect((calls[1]!.init.headers as Record<string, string>)['x-csrf-token']).toBe('secure=2');
  });

  it('types each path with its route’s answer (compile time)', () => {
    // Never called: only the type checker looks at these lines.
    const typeOnly = () => {
      expectTypeOf(apiFetch('/api/overview')).resolves.toEqualTypeOf<OverviewResponse>();
      expectTypeOf(apiFetch('/api/domains/{domain}', { params: { domain: 'a' } })).resolves.toEqualTypeOf<DomainView>();
      expectTypeOf(apiFetch('/api/actions', { method: 'POST', body: { action: 'pause', pattern: 'a.com/*', nodes: 'all' } })).resolves.toEqualTypeOf<
        ResponseOf<'POST /api/actions'>
      >();
      // @ts-expect-error not a JSON route (CSV)
      void apiFetch('/api/queues/export');
      // @ts-expect-error no such route
      void apiFetch('/api/nope');
      // @ts-expect-error a dynamic path needs its params
      void apiFetch('/api/domains/{domain}');
      // @ts-expect-error POST-only: the method must be given
      void apiFetch('/api/actions', { body: { action: 'pause', pattern: 'a.com/*', nodes: 'all' } });
      // @ts-expect-error the body is checked against the contract
      void apiFetch('/api/actions', { method: 'POST', body: { action: 'explode', pattern: 'x', nodes: 'all' } });
    };
    expect(typeof typeOnly).toBe('function');
  });
});
