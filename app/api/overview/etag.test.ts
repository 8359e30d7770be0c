// The polled fleet reads revalidate (lib/api/route.ts, `revalidate: 'fleet'`): a 200 carries an
// ETag from the fleet's revision and `private, no-cache`; the same request with that ETag in
// If-None-Match is answered 304 without a body while nothing changed, and 200 again once a
// poll brought new snapshots. Only callers who may read the route get either.
import { describe, expect, it } from 'vitest';
import { authedRequest } from '@/lib/auth/__fixtures__/test-auth';
import { BASE, simFleetRuntime } from '../__fixtures__/sim-fleet-runtime';
import { GET as overview } from './route';
import { GET as queues } from '../queues/route';
import { GET as nodes } from '../nodes/route';
import { GET as status } from '../status/route';

const t = simFleetRuntime();
const withTag = (path: string, etag: string) => authedRequest(`${BASE}${path}`, { headers: { 'if-none-match': etag } });
/** The revision also turns at every poll-interval boundary (10 s here): start well before one. */
async function awayFromBoundary() {
  const left = 10_000 - (Date.now() % 10_000);
  if (left < 2_000) await new Promise((r) => setTimeout(r, left + 50));
}

describe('ETag and 304 on the polled fleet reads', () => {
  it('answers 200 with an ETag, then 304 without a body for the same revision', async () => {
    await awayFromBoundary();
    for (const [get, path] of [
      [overview, '/api/overview'],
      [nodes, '/api/nodes'],
      [queues, '/api/queues?sort=rcp&dir=desc&limit=50'],
    ] as const) {
      const first = await get(t.get(path));
      expect(first.status, path).toBe(200);
      const etag = first.headers.get('etag') ?? '';
      expect(etag, path).toMatch(/^W\/"[\w-]+"$/);
      expect(first.headers.get('cache-control')).toBe('private, no-cache');
      const again = await get(withTag(path, etag));
      expect(again.status, path).toBe(304);
      expect(await again.text()).toBe('');
      expect(again.headers.get('etag')).toBe(etag);
      // A list of tags, or the strong form of the same tag, matches too (weak comparison).
      expect((await get(withTag(path, `"other", ${etag.slice(2)}`))).status).toBe(304);
    }
  });

  it('gives another query another ETag', async () => {
    const a = (await queues(t.get('/api/queues?sort=rcp&dir=desc'))).headers.get('etag') ?? '';
    const b = await queues(withTag('/api/queues?sort=name&dir=asc', a));
    expect(b.status).toBe(200);
    expect(b.headers.get('etag')).not.toBe(a);
  });

  it('answers 200 with a new ETag once a poll changed the snapshots', async () => {
    const first = await overview(t.get('/api/overview'));
    const etag = first.headers.get('etag') ?? '';
    for (const n of t.sims.nodes) n.advance(20);
    await t.runtime.fleet.pollAll();
    const after = await overview(withTag('/api/overview', etag));
    expect(after.status).toBe(200);
    expect(after.headers.get('etag')).not.toBe(etag);
    expect(((await after.json()) as { nodes: unknown[] }).nodes).toHaveLength(2);
  });

  it('never answers 304 to a caller without a session, nor to an invalid request', async () => {
    const etag = (await queues(t.get('/api/queues'))).headers.get('etag') ?? '';
    const anon = await queues(new Request(`${BASE}/api/queues`, { headers: { 'if-none-match': etag } }));
    expect(anon.status).toBe(401);
    expect(anon.headers.get('etag')).toBeNull();
    const bad = await queues(withTag('/api/queues?limit=0', etag));
    expect(bad.status).toBe(400);
    expect(bad.headers.get('cache-control')).toBe('no-store');
    expect(bad.headers.get('etag')).toBeNull();
  });

  it('leaves routes without `revalidate` unstored', async () => {
    const res = await status(t.get('/api/status'));
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('etag')).toBeNull();
  });
});
