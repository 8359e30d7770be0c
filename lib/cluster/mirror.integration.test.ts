// Two consoles in one process over real HTTP on 127.0.0.1: the owner polls a simulator node
// and serves the internal snapshot route (the route module itself, behind a plain node:http
// server with the peer stamp installed, as under `next start`); the mirror polls nothing and
// installs the owner's snapshot through MirrorPoller. Its /api/queues and /api/nodes answers
// equal the owner's; a change at the simulator reaches the mirror within one interval of the
// owner having it; a node the owner cannot poll reads as down on the mirror; and once the
// owner is gone the mirror keeps the last data, marked stale with its age.
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimNode, type SimNodeHandle } from '@/sim';
import { buildTestRuntime, installTestRuntime } from '@/lib/runtime/__fixtures__/test-runtime';
import { installRuntimeForTesting } from '@/lib/runtime/current';
import type { Runtime } from '@/lib/runtime/runtime';
import { installPeerAddressStamp } from '@/lib/auth/peer-address';
import { authedRequest } from '@/lib/auth/__fixtures__/test-auth';
import { internalSecret } from '@/lib/config/cluster-schema';
import { nodeDown } from '@/lib/fleet/liveness';
import { GET as queuesRoute } from '@/app/api/queues/route';
import { GET as nodesRoute } from '@/app/api/nodes/route';
import { MirrorPoller } from './mirror';
import { serveSnapshotRoute } from './__fixtures__/serve-snapshot-route';

const SECRET = 'mirror-test-secret-0123456789abcdefghij';
const INTERVAL_MS = 1000;
let sim: SimNodeHandle;
let owner: Runtime;
let mirror: Runtime;
let server: http.Server;
let base: string;
let poller: MirrorPoller;
/** Where the mirror looks for the owner (a test points it elsewhere for a round). */
let ownerUrl = '';

/** A route's JSON answer as `rt` gives it (the route handlers read the installed runtime). */
async function answerOf(rt: Runtime, handler: (req: Request) => Promise<Response>, path: string): Promise<unknown> {
  installRuntimeForTesting(rt);
  try {
    const res = await handler(await authedRequest(`http://127.0.0.1:3000${path}`));
    expect(res.status, path).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    delete body.generatedAt;
    return body;
  } finally {
    installRuntimeForTesting(owner);
  }
}

const totalRcp = (rt: Runtime) => {
  const t = rt.fleet.nodes[0]!.poller.snapshot.queues!;
  let sum = 0;
  for (let i = 0; i < t.count; i++) sum += t.columns.rcp[i]!;
  return sum;
};

async function until(cond: () => boolean, ms: number): Promise<number> {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > ms) throw new Error(`not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return Date.now() - t0;
}

beforeAll(async () => {
  process.env.PMTA_CONSOLE_INTERNAL_SECRET = SECRET;
  sim = await startSimNode({ tickMs: 0, seed: 8, defaultVmtaQueues: true });
  sim.advance(200);
  const nodes = [{ id: 'a', url: sim.url, apiKey: sim.apiKey }];
  const config = { pollIntervalSeconds: INTERVAL_MS / 1000 };
  mirror = buildTestRuntime({ nodes, config });
  owner = installTestRuntime({ nodes, config });
  installPeerAddressStamp();
  ({ server, url: base } = await serveSnapshotRoute());
  ownerUrl = base;
  poller = new MirrorPoller({
    fleet: mirror.fleet,
    targets: () => [{ nodeId: 'a', ownerBaseUrl: ownerUrl, polledBy: 'replica-owner' }],
    secret: () => internalSecret(mirror.config.cluster),
    intervalMs: INTERVAL_MS,
  });
  await owner.fleet.pollAll();
}, 30_000);

afterAll(async () => {
  poller.stop();
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  installRuntimeForTesting(null);
  await owner.stop();
  await mirror.stop();
  await sim.stop();
  delete process.env.PMTA_CONSOLE_INTERNAL_SECRET;
});

describe('a replica mirroring a node another replica polls', () => {
  it('answers /api/queues and /api/nodes as the owner does, and says who polls the node', async () => {
    expect(mirror.fleet.nodes[0]!.poller.snapshot.queues).toBeNull();
    expect(await poller.pollNow()).toEqual([{ nodeId: 'a', outcome: 'installed' }]);
    const n = mirror.fleet.nodes[0]!.poller;
    expect(n.origin).toMatchObject({ polledBy: 'replica-owner', lastError: null });
    expect(n.snapshot.queues!.count).toBe(sim.state().queues.total);
    for (const q of ['?limit=100&sort=rcp', '?limit=50&sort=name&dir=asc&offset=10', '?q=yahoo', '?vmta=%7Bdefault%7D', '?mode=backoff']) {
      expect(await answerOf(mirror, queuesRoute, `/api/queues${q}`), q).toEqual(await answerOf(owner, queuesRoute, `/api/queues${q}`));
    }
    const nodes = (await answerOf(mirror, nodesRoute, '/api/nodes')) as { nodes: { health: { state: string } }[] };
    expect(nodes.nodes[0]!.health.state).toBe('ok');
    // Nothing changed at the owner: a 304, nothing installed.
    const version = n.snapshot.version;
    expect(await poller.pollNow()).toEqual([{ nodeId: 'a', outcome: 'unchanged' }]);
    expect(n.snapshot.version).toBe(version);
    // One round against nothing (a closed port), one against a public address (the secret is
    // not sent there): noted on the origin, data kept; the next 304 clears the note.
    for (const url of ['http://127.0.0.1:9', 'http://192.0.2.1:3000']) {
      ownerUrl = url;
      const [r] = await poller.pollNow();
      expect(r).toMatchObject({ nodeId: 'a', outcome: 'failed' });
      expect(n.origin!.lastError).not.toBeNull();
      expect(n.snapshot.version).toBe(version);
    }
    expect(n.origin!.lastError!.message).toMatch(/not a loopback or private address/);
    ownerUrl = base;
    expect(await poller.pollNow()).toEqual([{ nodeId: 'a', outcome: 'unchanged' }]);
    expect(n.origin).toMatchObject({ polledBy: 'replica-owner', lastError: null });
  });

  it('a change at the simulator reaches the mirror within one interval of the owner having it', async () => {
    owner.fleet.start();
    poller.start();
    const before = totalRcp(owner);
    sim.advance(120);
    await until(() => totalRcp(owner) !== before, 3 * INTERVAL_MS);
    // One interval, plus slack for a loaded machine (a round is one request and a decode).
    const lag = await until(() => totalRcp(mirror) === totalRcp(owner), INTERVAL_MS + 1000);
    expect(lag).toBeLessThanOrEqual(INTERVAL_MS + 1000);
    expect(mirror.fleet.nodes[0]!.poller.snapshot.queues!.columns).toEqual(owner.fleet.nodes[0]!.poller.snapshot.queues!.columns);
  });

  it('a node the owner cannot poll is down on the mirror too', async () => {
    await sim.stopServer();
    try {
      await until(() => owner.fleet.nodes[0]!.poller.health().state === 'down', 4 * INTERVAL_MS);
      await until(() => mirror.fleet.nodes[0]!.poller.health().state === 'down', 2 * INTERVAL_MS + 1000);
      expect(nodeDown(mirror.fleet.nodes[0]!)?.state).toBe('down');
    } finally {
      await sim.restartServer();
    }
    await until(() => mirror.fleet.nodes[0]!.poller.health().state === 'ok', 4 * INTERVAL_MS);
  });

  it('the owner gone: the mirror keeps the last snapshot, stale with its age', async () => {
    const kept = mirror.fleet.nodes[0]!.poller.snapshot.queues;
    owner.fleet.stop();
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    await until(() => mirror.fleet.nodes[0]!.poller.origin?.lastError !== null, 2 * INTERVAL_MS);
    expect(mirror.fleet.nodes[0]!.poller.origin!.lastError!.message).toMatch(/127\.0\.0\.1/);
    await until(() => mirror.fleet.nodes[0]!.poller.health().state === 'stale', 3 * INTERVAL_MS);
    const down = nodeDown(mirror.fleet.nodes[0]!)!;
    expect(down.state).toBe('stale');
    expect(down.dataAgeSeconds).toBeGreaterThanOrEqual(2);
    expect(down.label).toMatch(/^stale, data \d+ s old$/);
    expect(mirror.fleet.nodes[0]!.poller.snapshot.queues).toBe(kept);
    const nodes = (await answerOf(mirror, nodesRoute, '/api/nodes')) as { nodes: { health: { state: string } }[] };
    expect(nodes.nodes[0]!.health.state).toBe('stale');
  });
});
