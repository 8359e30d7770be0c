import { describe, expect, it } from 'vitest';
import type { QueuesResponse } from '@/lib/api/responses';
import { simFleetRuntime } from '../__fixtures__/sim-fleet-runtime';
import { GET as queues } from './route';

const t = simFleetRuntime();

describe('GET /api/queues', () => {
  it('names the invalid parameter in a 400', async () => {
    const res = await queues(await t.get('/api/queues?sort=bogus&limit=5'));
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error.code).toBe('bad_request');
    expect(body.error.message).toMatch(/^sort:/);
    const unknown = await queues(await t.get('/api/queues?nope=1'));
    expect((await unknown.json()).error.message).toContain('nope');
    const node = await queues(await t.get('/api/queues?node=elsewhere'));
    expect(node.status).toBe(400);
  });

  it('filters, sorts and pages queues across nodes', async () => {
    const all = (await (await queues(await t.get('/api/queues?limit=5000'))).json()) as QueuesResponse;
    expect(all.total).toBe(t.sims.nodes.reduce((s, n) => s + n.state().queues.total, 0));
    const rcps = all.rows.map((r) => r.rcp ?? -1);
    expect(rcps).toEqual([...rcps].sort((a, b) => b - a));
    const gmail = (await (await queues(await t.get('/api/queues?q=gmail.com&mode=backoff&node=pmta1'))).json()) as QueuesResponse;
    expect(gmail.total).toBeGreaterThan(0);
    expect(gmail.rows.every((r) => r.domain === 'gmail.com' && r.mode === 'backoff' && r.node === 'pmta1')).toBe(true);
    const page2 = (await (await queues(await t.get('/api/queues?sort=name&dir=asc&offset=3&limit=3'))).json()) as QueuesResponse;
    const first6 = (await (await queues(await t.get('/api/queues?sort=name&dir=asc&limit=6'))).json()) as QueuesResponse;
    expect(page2.rows.map((r) => r.name)).toEqual(first6.rows.slice(3).map((r) => r.name));
  });
});
