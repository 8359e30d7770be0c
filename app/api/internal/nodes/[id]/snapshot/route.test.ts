// The internal snapshot route through apiRoute, over a fleet polling the simulator: each
// refusal (peer, secret configured, secret presented), then 200 with a body that decodes to
// the polled snapshot, 304 on its ETag, a new ETag after a poll or a fence change, and 404
// for nodes this process has no snapshot of.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSimNode, type SimNodeHandle } from '@/sim';
import { installTestRuntime, removeTestRuntime } from '@/lib/runtime/__fixtures__/test-runtime';
import type { Runtime } from '@/lib/runtime/runtime';
import { installRuntimeForTesting } from '@/lib/runtime/current';
import { formatPeerStamp, PEER_HEADER } from '@/lib/auth/peer-address';
import { apiRoute } from '@/lib/api/route';
import { routes } from '@/lib/api/contracts/registry';
import { snapshotHandler } from '@/lib/cluster/snapshot-route';
import { decodeSnapshot, SNAPSHOT_CONTENT_TYPE } from '@/lib/cluster/snapshot-wire';
import { GET } from './route';

const SECRET = 'internal-secret-0123456789-abcdefghij';
const ENV = 'PMTA_CONSOLE_INTERNAL_SECRET';
let sim: SimNodeHandle;
let rt: Runtime;

beforeAll(async () => {
  sim = await startSimNode({ tickMs: 0, seed: 5 });
  sim.advance(120);
  rt = installTestRuntime({
    nodes: [
      { id: 'a', url: sim.url, apiKey: sim.apiKey },
      { id: 'idle', url: 'http://127.0.0.1:9' },
    ],
  });
  await rt.fleet.nodes[0]!.poller.pollNow();
});
afterAll(async () => {
  await removeTestRuntime(rt);
  await sim.stop();
});
afterEach(() => {
  delete process.env[ENV];
  delete process.env.OTHER_SECRET;
});

function ask(id: string, o: { peer?: string | null; auth?: string | null; headers?: Record<string, string> } = {}, handler = GET) {
  const headers: Record<string, string> = { ...o.headers };
  const peer = o.peer === undefined ? '127.0.0.1' : o.peer;
  if (peer !== null) headers[PEER_HEADER] = formatPeerStamp(peer);
  const auth = o.auth === undefined ? `Bearer ${SECRET}` : o.auth;
  if (auth !== null) headers.authorization = auth;
  return handler(new Request(`http://127.0.0.1:3000/api/internal/nodes/${id}/snapshot`, { headers }), { params: Promise.resolve({ id }) });
}

async function errorOf(res: Response) {
  expect(res.headers.get('content-type')).toMatch(/application\/json/);
  return ((await res.json()) as { error: { code: string; message: string } }).error;
}

describe('GET /api/internal/nodes/{id}/snapshot', () => {
  it('is closed while no secret of 32+ characters is configured', async () => {
    let res = await ask('a');
    expect(res.status).toBe(403);
    expect((await errorOf(res)).message).toMatch(/closed: PMTA_CONSOLE_INTERNAL_SECRET/);
    process.env[ENV] = 'x'.repeat(31);
    res = await ask('a', { auth: `Bearer ${'x'.repeat(31)}` });
    expect(res.status).toBe(403);
  });

  it('answers loopback and private peers only, by the verified peer stamp', async () => {
    process.env[ENV] = SECRET;
    for (const peer of ['127.0.0.1', '10.1.2.3', '172.20.0.9', '192.168.1.1', '::1', 'fd12::5', '::ffff:10.0.0.7']) {
      expect((await ask('a', { peer })).status, peer).toBe(200);
    }
    for (const peer of ['203.0.113.5', '172.32.0.1', '8.8.8.8', 'fe80::1', '2001:db8::1', '100.64.0.1']) {
      const res = await ask('a', { peer });
      expect(res.status, peer).toBe(403);
      expect((await errorOf(res)).message).toMatch(/loopback and private/);
    }
    // No stamp (or a forged one), whatever x-forwarded-for claims.
    expect((await ask('a', { peer: null, headers: { 'x-forwarded-for': '127.0.0.1' } })).status).toBe(403);
    expect((await ask('a', { peer: null, headers: { [PEER_HEADER]: 'forged 127.0.0.1 http:' } })).status).toBe(403);
  });

  it('refuses a missing or wrong secret', async () => {
    process.env[ENV] = SECRET;
    for (const auth of [null, SECRET, `Bearer ${SECRET}x`, `Bearer ${SECRET.slice(0, -1)}`, 'Bearer ', `Basic ${SECRET}`, `Bearer ${SECRET} extra`]) {
      const res = await ask('a', { auth });
      expect(res.status, String(auth)).toBe(401);
      expect((await errorOf(res)).code).toBe('unauthorized');
    }
  });

  it('reads the secret from the variable cluster.internalSecretEnv names', async () => {
    const other = installTestRuntime({ nodes: [{ id: 'a', url: sim.url, apiKey: sim.apiKey }], config: { cluster: { internalSecretEnv: 'OTHER_SECRET' } } });
    try {
      await other.fleet.pollAll();
      process.env[ENV] = SECRET;
      expect((await ask('a')).status).toBe(403);
      process.env.OTHER_SECRET = SECRET;
      expect((await ask('a')).status).toBe(200);
    } finally {
      await other.stop();
      installRuntimeForTesting(rt); // the outer runtime again, for the next tests
    }
  });

  it('200: the polled snapshot; 304 on its ETag; a new ETag after a poll', async () => {
    process.env[ENV] = SECRET;
    const res = await ask('a');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(SNAPSHOT_CONTENT_TYPE);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const etag = res.headers.get('etag')!;
    expect(etag).toMatch(/^"[\w-]+"$/);
    const { snapshot, poll } = decodeSnapshot(new Uint8Array(await res.arrayBuffer()));
    const local = rt.fleet.nodes[0]!.poller;
    expect(snapshot.version).toBe(local.snapshot.version);
    expect(snapshot.queues!.columns).toEqual(local.snapshot.queues!.columns);
    expect(poll).toEqual(local.pollRecord);

    const again = await ask('a', { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    expect(again.headers.get('etag')).toBe(etag);
    expect(await again.text()).toBe('');

    sim.advance(30);
    await local.pollNow();
    const next = await ask('a', { headers: { 'if-none-match': etag } });
    expect(next.status).toBe(200);
    expect(next.headers.get('etag')).not.toBe(etag);
  });

  it('the fence (lease generation) is part of the ETag', async () => {
    process.env[ENV] = SECRET;
    let generation = 1;
    const fenced = apiRoute(
      routes['GET /api/internal/nodes/{id}/snapshot'],
      snapshotHandler(
        () => ({ fleet: rt.fleet, cluster: rt.config.cluster }),
        () => generation,
      ),
    );
    const first = await ask('a', {}, fenced);
    const etag = first.headers.get('etag')!;
    expect((await ask('a', { headers: { 'if-none-match': etag } }, fenced)).status).toBe(304);
    generation = 2;
    expect((await ask('a', { headers: { 'if-none-match': etag } }, fenced)).status).toBe(200);
  });

  it('404 (JSON) for a node never polled here or not configured; 400 for a malformed id', async () => {
    process.env[ENV] = SECRET;
    for (const id of ['idle', 'nope']) {
      const res = await ask(id);
      expect(res.status, id).toBe(404);
      expect((await errorOf(res)).code).toBe('not_found');
    }
    expect((await ask('NOT..AN..ID')).status).toBe(400);
  });

  it('404 for a node whose snapshot was mirrored from another replica (no chains)', async () => {
    process.env[ENV] = SECRET;
    const n = rt.fleet.nodes[1]!;
    rt.fleet.adopt('idle', { ...rt.fleet.nodes[0]!.poller.snapshot, nodeId: 'idle' }, null, { polledBy: 'replica-b', at: Date.now() });
    expect(n.poller.origin?.polledBy).toBe('replica-b');
    expect((await ask('idle')).status).toBe(404);
  });
});
