// Real answers of real route handlers (a fleet polling the simulator) against the response
// schemas their contracts declare: every field present with the declared type, and no field
// the contract does not name (zod strips unknown keys, so parse(body) must equal body).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { startSimFleet, type SimFleet } from '@/sim';
import { authedRequest, testAuthConfig } from '@/lib/auth/__fixtures__/test-auth';
import { installTestRuntime, removeTestRuntime } from '@/lib/runtime/__fixtures__/test-runtime';
import type { Runtime } from '@/lib/runtime/runtime';
import { routes, type RouteKey } from '@/lib/api/contracts/registry';
import { GET as nodes } from './nodes/route';
import { GET as overview } from './overview/route';
import { GET as queues } from './queues/route';
import { GET as queueDetail } from './queues/detail/route';
import { GET as domain } from './domains/[domain]/route';
import { GET as vmtas } from './vmtas/route';
import { GET as backoff } from './backoff/route';
import { GET as me } from './auth/me/route';
import { GET as health } from './health/route';
import { GET as openapi } from './openapi.json/route';

const BASE = 'http://127.0.0.1:3000';
let sims: SimFleet;
let runtime: Runtime;

beforeAll(async () => {
  sims = await startSimFleet({ nodes: 2, tickMs: 0, seed: 11 });
  for (const n of sims.nodes) n.advance(300);
  sims.nodes[1]!.startBackoff('yahoo.com/*', 'yahoo', 3600);
  sims.nodes[1]!.advance(30);
  runtime = installTestRuntime({ nodes: sims.nodes.map((n) => ({ id: n.id, url: n.url, apiKey: n.apiKey })), authConfig: testAuthConfig() });
  await runtime.fleet.pollAll();
});

afterAll(async () => {
  await removeTestRuntime(runtime);
  await sims.stop();
});

type Handler = (req: Request, route?: { params?: Promise<Record<string, string>> }) => Promise<Response>;

async function answer(key: RouteKey, handler: Handler, path: string, params?: Record<string, string>) {
  const res = await handler(await authedRequest(`${BASE}${path}`), params ? { params: Promise.resolve(params) } : undefined);
  expect(res.status, `${path}: ${res.status}`).toBe(200);
  const body: unknown = await res.json();
  const schema = routes[key].response as z.ZodType;
  const parsed = schema.safeParse(body);
  expect(parsed.success ? [] : parsed.error.issues, path).toEqual([]);
  expect(parsed.data, `${path}: fields the contract does not name`).toEqual(body);
  return body;
}

describe('route answers match their contracts', () => {
  it('nodes, overview, vMTAs and backoff', async () => {
    await answer('GET /api/nodes', nodes, '/api/nodes');
    const ov = (await answer('GET /api/overview', overview, '/api/overview')) as { topDomains: unknown[] };
    expect(ov.topDomains.length).toBeGreaterThan(0);
    await answer('GET /api/vmtas', vmtas, '/api/vmtas');
    const bo = (await answer('GET /api/backoff', backoff, '/api/backoff')) as { groups: unknown[] };
    expect(bo.groups.length).toBeGreaterThan(0);
    await answer('GET /api/health', health, '/api/health');
    await answer('GET /api/auth/me', me, '/api/auth/me');
  });

  it('queues, one queue in detail, and a domain', async () => {
    const page = (await answer('GET /api/queues', queues, '/api/queues?limit=20&sort=rcp')) as { rows: { node: string; name: string }[] };
    const row = page.rows[0]!;
    await answer('GET /api/queues/detail', queueDetail, `/api/queues/detail?node=${row.node}&queue=${encodeURIComponent(row.name)}`);
    const view = (await answer('GET /api/domains/{domain}', domain, '/api/domains/yahoo.com', { domain: 'yahoo.com' })) as { queues: unknown[] };
    expect(view.queues.length).toBeGreaterThan(0);
  });

  it('serves the OpenAPI document to a signed-in caller only', async () => {
    const res = await openapi(await authedRequest(`${BASE}/api/openapi.json`));
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { openapi: string; paths: Record<string, unknown> };
    expect(doc.openapi).toMatch(/^3\.1\./);
    expect(Object.keys(doc.paths)).toContain('/api/domains/{domain}');
    expect((await openapi(new Request(`${BASE}/api/openapi.json`))).status).toBe(401);
  });
});

describe('path parameters', () => {
  it('answers a malformed percent-encoding with a 400 in the one error shape, not a 500', async () => {
    // Next hands a segment it cannot decode over as it came (`%E0%A4%A`).
    const res = await domain(await authedRequest(`${BASE}/api/domains/%E0%A4%A`), { params: Promise.resolve({ domain: '%E0%A4%A' }) });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: { code: 'bad_request', message: 'domain: malformed percent-encoding', status: 400 } });
  });

  it('decodes an encoded segment once and validates it', async () => {
    const ok = await domain(await authedRequest(`${BASE}/api/domains/Yahoo.com`), { params: Promise.resolve({ domain: 'Yahoo%2Ecom' }) });
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { domain: string }).domain).toBe('yahoo.com');
    const bad = await domain(await authedRequest(`${BASE}/api/domains/x`), { params: Promise.resolve({ domain: 'a%20b' }) });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/^domain:/);
  });
});
