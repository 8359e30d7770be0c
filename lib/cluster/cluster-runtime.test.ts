// One replica with `cluster.enabled` on PostgreSQL, in-process: it takes every node's lease,
// polls under it, says so in /api/nodes, is ready, and releases its leases on stop.
import { afterEach, describe, expect, it } from 'vitest';
import { startSimNode, type SimNodeHandle } from '@/sim';
import { GET as nodesRoute } from '@/app/api/nodes/route';
import { GET as ready } from '@/app/api/health/ready/route';
import { testStoreConfig } from '@/lib/store/__fixtures__/backends';
import { authedRequest } from '@/lib/auth/__fixtures__/test-auth';
import { installTestRuntime, removeTestRuntime } from '@/lib/runtime/__fixtures__/test-runtime';
import type { Runtime } from '@/lib/runtime/runtime';
import { openStore } from '@/lib/store/store';
import { LeaseStore } from './leases';

const sims: SimNodeHandle[] = [];
let rt: Runtime | undefined;
afterEach(async () => {
  await removeTestRuntime(rt);
  rt = undefined;
  for (const s of sims.splice(0)) await s.stop();
});

describe('a replica with cluster.enabled', () => {
  it('polls the nodes it leases, shows it in /api/nodes and readiness, and releases on stop', async () => {
    for (const id of ['c1', 'c2']) sims.push(await startSimNode({ id, tickMs: 0, seed: 7 }));
    const store = await testStoreConfig('postgres');
    rt = installTestRuntime({
      nodes: sims.map((s) => ({ id: s.id, url: s.url, apiKey: s.apiKey })),
      config: { store, pollIntervalSeconds: 1, cluster: { enabled: true, replicaId: 'solo' } },
    });
    rt.start();
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline && !rt.fleet.nodes.every((n) => n.poller.health().state === 'ok')) await new Promise((r) => setTimeout(r, 100));
    expect(rt.fleet.nodes.map((n) => n.poller.health().state)).toEqual(['ok', 'ok']);
    expect(rt.cluster.holds('c1') && rt.cluster.holds('task:resumes') && rt.cluster.holds('task:alerts')).toBe(true);
    const gen = rt.cluster.generation('c1')!;
    expect(await rt.cluster.fence.current('c1', gen)).toBe(true);
    expect(await rt.cluster.fence.current('c1', gen + 1)).toBe(false);

    const body = (await (await nodesRoute(await authedRequest('http://127.0.0.1/api/nodes', { as: 'viewer' }))).json()) as {
      nodes: { id: string; polledBy: unknown }[];
    };
    expect(body.nodes.map((n) => [n.id, n.polledBy])).toEqual([
      ['c1', { replica: 'solo', generation: gen, self: true }],
      ['c2', { replica: 'solo', generation: rt.cluster.generation('c2'), self: true }],
    ]);
    const r = await ready(new Request('http://127.0.0.1/api/health/ready'));
    expect(((await r.json()) as { checks: unknown }).checks).toMatchObject({ leases: true });

    await rt.stop();
    rt = undefined;
    // Released on stop (nobody's), and this replica's row gone.
    const other = openStore(store);
    try {
      const leases = new LeaseStore(other);
      expect((await leases.list()).map((l) => l.owner)).toEqual(['', '', '', '']);
      expect(await leases.replicas()).toEqual([]);
    } finally {
      await other.close();
    }
  });
});
