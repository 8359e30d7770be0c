import { describe, expect, it } from 'vitest';
import type { OverviewResponse } from '@/lib/api/responses';
import { BASE, simFleetRuntime } from '../__fixtures__/sim-fleet-runtime';
import { GET as overview } from './route';

const t = simFleetRuntime();

describe('GET /api/overview', () => {
  it('refuses requests without a session, with the one error shape', async () => {
    const res = await overview(new Request(`${BASE}/api/overview`));
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: { code: 'unauthorized', message: expect.any(String), status: 401 } });
  });

  it('serves fleet totals equal to the simulator’s', async () => {
    const body = (await (await overview(await t.get('/api/overview'))).json()) as OverviewResponse;
    const simRcp = t.sims.nodes.reduce((s, n) => s + n.state().queues.totalRcp, 0);
    expect(body.fleet.queued.rcp).toBe(simRcp);
    expect(body.nodes).toHaveLength(2);
    expect(body.topDomains.length).toBeGreaterThan(0);
    expect(body.topDomains[0]!.rcp).toBeGreaterThanOrEqual(body.topDomains.at(-1)!.rcp);
  });
});
