// A node (or a proxy in front of it) that answers an endpoint with another endpoint's
// document: the real simulator behind a local HTTP server that, once told to, serves the
// /queues reply for /status and the /status reply for /queues.
import { afterEach, describe, expect, it } from 'vitest';
import { startSimNode, type SimNodeHandle } from '@/sim';
import { configSchema } from '@/lib/config/schema';
import { startTestServer, type TestServer } from '@/lib/pmta/__fixtures__/test-server';
import { Fleet } from './fleet';
import { ParsePool } from './parse-pool';

const pool = new ParsePool(); // one parse worker for this file's fleets

const open: { sims: SimNodeHandle[]; servers: TestServer[]; fleets: Fleet[] } = { sims: [], servers: [], fleets: [] };
afterEach(async () => {
  open.fleets.forEach((f) => f.stop());
  await Promise.all([...open.sims.map((s) => s.stop()), ...open.servers.map((s) => s.close())]);
  open.sims = [];
  open.servers = [];
  open.fleets = [];
});

async function swappingProxy(target: string) {
  const swap = { on: false };
  const server = await startTestServer();
  open.servers.push(server);
  server.handle((req, res) => {
    const url = new URL(req.url ?? '/', target);
    if (swap.on && url.pathname === '/status') url.pathname = '/queues';
    else if (swap.on && url.pathname === '/queues') url.pathname = '/status';
    void fetch(url, { headers: { accept: String(req.headers.accept ?? '*/*') } }).then(async (r) => {
      res.writeHead(r.status, { 'Content-Type': r.headers.get('content-type') ?? 'text/plain' });
      res.end(Buffer.from(await r.arrayBuffer()));
    });
  });
  return { url: server.url, swap };
}

describe('a node answering with the wrong document', () => {
  it.each(['xml', 'json'] as const)('is down as malformed with the reason and keeps its last good data (%s)', async (format) => {
    const sim = await startSimNode({ tickMs: 0, id: 'a', seed: 5 });
    sim.advance(60);
    open.sims.push(sim);
    const proxy = await swappingProxy(sim.url);
    const fleet = new Fleet(configSchema.parse({ pollIntervalSeconds: 10, nodes: [{ id: 'a', url: proxy.url, format }] }), pool);
    open.fleets.push(fleet);
    const node = fleet.node('a')!;

    await node.poller.pollNow();
    expect(node.poller.health().state).toBe('ok');
    const good = node.poller.snapshot;
    expect(good.status?.product.version).toBeTruthy();
    expect(good.status?.hostName).toBeTruthy();

    proxy.swap.on = true;
    const outcome = await node.poller.pollNow();
    expect(outcome.ok).toBe(false);
    const h = node.poller.health();
    expect(h).toMatchObject({ state: 'down', reason: 'malformed' });
    expect(h.message).toMatch(/not a \/(status|queues) reply/);
    // The last good status and queue list are still what the node shows.
    expect(node.poller.snapshot.status).toBe(good.status);
    expect(node.poller.snapshot.queues).toBe(good.queues);

    proxy.swap.on = false;
    await node.poller.pollNow();
    expect(node.poller.health().state).toBe('ok');
  });
});
