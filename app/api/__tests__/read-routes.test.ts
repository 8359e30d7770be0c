// The read API in-process: real route handlers, a real fleet polling the simulator, real
// sessions. Checks the boundary (auth, parameter validation, error shape) and that answers
// agree with what the simulator reports.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimFleet, type SimFleet } from '@/sim';
import { configSchema } from '@/lib/config/schema';
import { Fleet, setFleetForTesting } from '@/lib/fleet/fleet';
import { setAuthConfigForTesting } from '@/lib/auth/settings';
import { authedRequest, testAuthConfig } from '@/lib/auth/__fixtures__/test-auth';
import type { OverviewResponse, QueuesResponse, NodesResponse } from '@/lib/api/responses';
import { GET as nodes } from '../nodes/route';
import { GET as overview } from '../overview/route';
import { GET as queues } from '../queues/route';
import { GET as domain } from '../domains/[domain]/route';
import { GET as metrics } from '../metrics/route';
import { GET as vmtas } from '../vmtas/route';
import { GET as backoff } from '../backoff/route';

const BASE = 'http://127.0.0.1:3000';
let sims: SimFleet;
let fleet: Fleet;

beforeAll(async () => {
  sims = await startSimFleet({ nodes: 2, tickMs: 0, seed: 5 });
  for (const n of sims.nodes) n.advance(300);
  sims.nodes[0]!.startBackoff('gmail.com/*', 'gmail', 3600);
  sims.nodes[0]!.advance(30);
  fleet = new Fleet(configSchema.parse({ nodes: sims.nodes.map((n) => ({ id: n.id, url: n.url, apiKey: n.apiKey })) }));
  await fleet.pollAll();
  setFleetForTesting(fleet);
  setAuthConfigForTesting({ ...testAuthConfig({ metricsToken: 'metrics-token-0123456789' }) });
});

afterAll(async () => {
  setFleetForTesting(null);
  setAuthConfigForTesting(null);
  await sims.stop();
});

const get = (path: string) => authedRequest(`${BASE}${path}`);
const params = (domain: string) => ({ params: Promise.resolve({ domain }) });

describe('read API', () => {
  it('refuses requests without a session, with the one error shape', async () => {
    const res = await overview(new Request(`${BASE}/api/overview`));
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: { code: 'unauthorized', message: expect.any(String), status: 401 } });
  });

  it('names the invalid parameter in a 400', async () => {
    const res = await queues(get('/api/queues?sort=bogus&limit=5'));
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error.code).toBe('bad_request');
    expect(body.error.message).toMatch(/^sort:/);
    const unknown = await queues(get('/api/queues?nope=1'));
    expect((await unknown.json()).error.message).toContain('nope');
    const node = await queues(get('/api/queues?node=elsewhere'));
    expect(node.status).toBe(400);
  });

  it('reports node health and versions', async () => {
    const body = (await (await nodes(get('/api/nodes'))).json()) as NodesResponse;
    expect(body.nodes.map((n) => [n.id, n.health.state, n.hasApiKey])).toEqual([
      ['pmta1', 'ok', true],
      ['pmta2', 'ok', true],
    ]);
    expect(JSON.stringify(body)).not.toContain(sims.nodes[0]!.apiKey); // keys never leave the server
  });

  it('serves fleet totals equal to the simulator’s', async () => {
    const body = (await (await overview(get('/api/overview'))).json()) as OverviewResponse;
    const simRcp = sims.nodes.reduce((s, n) => s + n.state().queues.totalRcp, 0);
    expect(body.fleet.queued.rcp).toBe(simRcp);
    expect(body.nodes).toHaveLength(2);
    expect(body.topDomains.length).toBeGreaterThan(0);
    expect(body.topDomains[0]!.rcp).toBeGreaterThanOrEqual(body.topDomains.at(-1)!.rcp);
  });

  it('filters, sorts and pages queues across nodes', async () => {
    const all = (await (await queues(get('/api/queues?limit=5000'))).json()) as QueuesResponse;
    expect(all.total).toBe(sims.nodes.reduce((s, n) => s + n.state().queues.total, 0));
    const rcps = all.rows.map((r) => r.rcp ?? -1);
    expect(rcps).toEqual([...rcps].sort((a, b) => b - a));
    const gmail = (await (await queues(get('/api/queues?q=gmail.com&mode=backoff&node=pmta1'))).json()) as QueuesResponse;
    expect(gmail.total).toBeGreaterThan(0);
    expect(gmail.rows.every((r) => r.domain === 'gmail.com' && r.mode === 'backoff' && r.node === 'pmta1')).toBe(true);
    const page2 = (await (await queues(get('/api/queues?sort=name&dir=asc&offset=3&limit=3'))).json()) as QueuesResponse;
    const first6 = (await (await queues(get('/api/queues?sort=name&dir=asc&limit=6'))).json()) as QueuesResponse;
    expect(page2.rows.map((r) => r.name)).toEqual(first6.rows.slice(3).map((r) => r.name));
  });

  it('drills into a domain, with the backoff errors and their provider signature', async () => {
    const res = await domain(get('/api/domains/gmail.com'), params('gmail.com'));
    const body = await res.json();
    expect(body.domain).toBe('gmail.com');
    expect(body.queues.length).toBeGreaterThan(0);
    expect(body.errors.some((e: { text: string; signature: string }) => /4\.7\.28/.test(e.text) && e.signature.startsWith('gmail'))).toBe(true);
    const bad = await domain(get('/api/domains/x;rm'), params('x;rm'));
    expect(bad.status).toBe(400);
  });

  it('groups backoff by provider and totals vMTAs', async () => {
    const b = await (await backoff(get('/api/backoff'))).json();
    expect(b.groups.some((g: { provider: string; queues: { domain: string }[] }) => g.provider === 'gmail' && g.queues.every((q) => q.domain === 'gmail.com'))).toBe(true);
    const v = await (await vmtas(get('/api/vmtas'))).json();
    expect(v.vmtas.length).toBeGreaterThan(0);
    expect(v.vmtas[0].topDomains.length).toBeGreaterThan(0);
  });

  it('exposes Prometheus metrics to a bearer token, bounded per domain', async () => {
    const res = await metrics(new Request(`${BASE}/api/metrics`, { headers: { authorization: 'Bearer metrics-token-0123456789' } }));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    expect(text).toContain('# TYPE pmta_node_up gauge');
    expect(text).toMatch(/pmta_node_up\{node="pmta1"\} 1/);
    expect(text).toMatch(/pmta_traffic_recipients_total\{node="pmta2",direction="out"\} \d+/);
    const domains = text.split('\n').filter((l) => l.startsWith('pmta_domain_backlog_recipients{'));
    expect(domains.length).toBeLessThanOrEqual(51);
    const wrong = await metrics(new Request(`${BASE}/api/metrics`, { headers: { authorization: 'Bearer nope' } }));
    expect(wrong.status).toBe(401);
  });
});
