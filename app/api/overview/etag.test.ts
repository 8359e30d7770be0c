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
import { GET as alerts } from '../alerts/route';
import { GET as history } from '../history/route';
import { GET as scheduled } from '../actions/scheduled/route';
import { authedRequest as asUser } from '@/lib/auth/__fixtures__/test-auth';

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
      const first = await get(await t.get(path));
      expect(first.status, path).toBe(200);
      const etag = first.headers.get('etag') ?? '';
      expect(etag, path).toMatch(/^W\/"[\w-]+"$/);
      expect(first.headers.get('cache-control')).toBe('private, no-cache');
      const again = await get(await withTag(path, etag));
      expect(again.status, path).toBe(304);
      expect(await again.text()).toBe('');
      expect(again.headers.get('etag')).toBe(etag);
      // A list of tags, or the strong form of the same tag, matches too (weak comparison).
      expect((await get(await withTag(path, `"other", ${etag.slice(2)}`))).status).toBe(304);
    }
  });

  it('gives another query another ETag', async () => {
    const a = (await queues(await t.get('/api/queues?sort=rcp&dir=desc'))).headers.get('etag') ?? '';
    const b = await queues(await withTag('/api/queues?sort=name&dir=asc', a));
    expect(b.status).toBe(200);
    expect(b.headers.get('etag')).not.toBe(a);
  });

  it('answers 200 with a new ETag once a poll changed the snapshots', async () => {
    const first = await overview(await t.get('/api/overview'));
    const etag = first.headers.get('etag') ?? '';
    for (const n of t.sims.nodes) n.advance(20);
    await t.runtime.fleet.pollAll();
    const after = await overview(await withTag('/api/overview', etag));
    expect(after.status).toBe(200);
    expect(after.headers.get('etag')).not.toBe(etag);
    expect(((await after.json()) as { nodes: unknown[] }).nodes).toHaveLength(2);
  });

  it('never answers 304 to a caller without a session, nor to an invalid request', async () => {
    const etag = (await queues(await t.get('/api/queues'))).headers.get('etag') ?? '';
    const anon = await queues(new Request(`${BASE}/api/queues`, { headers: { 'if-none-match': etag } }));
    expect(anon.status).toBe(401);
    expect(anon.headers.get('etag')).toBeNull();
    const bad = await queues(await withTag('/api/queues?limit=0', etag));
    expect(bad.status).toBe(400);
    expect(bad.headers.get('cache-control')).toBe('no-store');
    expect(bad.headers.get('etag')).toBeNull();
  });

  it('leaves routes without `revalidate` unstored', async () => {
    const res = await scheduled(await t.get('/api/actions/scheduled'));
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('etag')).toBeNull();
  });
});

describe('the kept bodies of the revision-tagged reads', () => {
  const path = '/api/queues?sort=rcp&dir=desc&limit=20';
  type Page = { generatedAt: number; rows: { domain: string }[] };

  it('serves the body computed once per revision to every caller with the same query and role', async () => {
    await awayFromBoundary();
    const first = await queues(await t.get(path));
    const firstBody = (await first.json()) as Page;
    await new Promise((r) => setTimeout(r, 5));
    const second = await queues(await t.get(path));
    expect(second.status).toBe(200);
    expect(second.headers.get('etag')).toBe(first.headers.get('etag'));
    expect(second.headers.get('content-type')).toBe('application/json');
    // The same serialised answer, `generatedAt` included (computed once).
    expect((await second.json()) as Page).toEqual(firstBody);
  });

  it("never hands one query's or one role's body to another", async () => {
    await awayFromBoundary();
    const viewer = await queues(await t.get(path));
    const viewerBody = (await viewer.json()) as Page;
    const admin = await queues(await asUser(`${BASE}${path}`, { as: 'admin' }));
    expect(admin.headers.get('etag')).not.toBe(viewer.headers.get('etag'));
    const other = await queues(await t.get('/api/queues?sort=name&dir=asc&limit=20'));
    const otherBody = (await other.json()) as Page;
    expect(other.headers.get('etag')).not.toBe(viewer.headers.get('etag'));
    expect(otherBody.rows.map((r) => r.domain)).not.toEqual(viewerBody.rows.map((r) => r.domain));
    const paged = (await (await queues(await t.get('/api/queues?sort=rcp&dir=desc&limit=20&offset=20'))).json()) as Page;
    expect(paged.rows.map((r) => r.domain)).not.toEqual(viewerBody.rows.map((r) => r.domain));
  });

  it('answers a changed revision with a 200 of the new data', async () => {
    const before = await overview(await t.get('/api/overview'));
    const beforeBody = (await before.json()) as { generatedAt: number; fleet: unknown };
    for (const n of t.sims.nodes) n.advance(20);
    await t.runtime.fleet.pollAll();
    const after = await overview(await t.get('/api/overview'));
    expect(after.status).toBe(200);
    expect(after.headers.get('etag')).not.toBe(before.headers.get('etag'));
    const afterBody = (await after.json()) as { generatedAt: number; fleet: unknown };
    expect(afterBody.generatedAt).toBeGreaterThan(beforeBody.generatedAt);
    expect(afterBody.fleet).not.toEqual(beforeBody.fleet);
  });
});

describe('revalidation of the store status, alerts and chart series', () => {
  it('tags /api/status and /api/alerts by their content: 304 while it is the same', async () => {
    for (const [get, path] of [
      [status, '/api/status'],
      [alerts, '/api/alerts?state=firing'],
    ] as const) {
      const first = await get(await t.get(path));
      expect(first.status, path).toBe(200);
      const etag = first.headers.get('etag') ?? '';
      expect(etag, path).toMatch(/^W\/"[\w-]+"$/);
      expect(first.headers.get('cache-control')).toBe('private, no-cache');
      const again = await get(await withTag(path, etag));
      expect(again.status, path).toBe(304);
      expect(await again.text()).toBe('');
    }
  });

  it('answers /api/alerts with a 200 and a new tag once its content changed', async () => {
    const path = '/api/alerts?state=firing';
    const first = await alerts(await t.get(path));
    const etag = first.headers.get('etag') ?? '';
    t.runtime.alerts.silence({
      matchers: [{ label: 'node', value: 'nobody-*' }],
      durationSeconds: 3600,
      reason: 'etag test',
      user: 'admin',
      clientAddress: '127.0.0.1',
    });
    const after = await alerts(await withTag(path, etag));
    expect(after.status).toBe(200);
    expect(after.headers.get('etag')).not.toBe(etag);
    expect(((await after.json()) as { silences: { reason: string }[] }).silences.map((s) => s.reason)).toContain('etag test');
  });

  it('revalidates /api/history by the fleet revision and the history writes', async () => {
    const path = '/api/history?metric=node.queues&from=now-1h';
    await awayFromBoundary();
    const first = await history(await t.get(path));
    expect(first.status).toBe(200);
    const etag = first.headers.get('etag') ?? '';
    expect(etag).toMatch(/^W\/"[\w-]+"$/);
    expect((await history(await withTag(path, etag))).status).toBe(304);
    // Another metric is another answer.
    expect((await history(await withTag('/api/history?metric=node.queues.backoff&from=now-1h', etag))).status).toBe(200);
    // Once a step of the recording queue ran (a poll's history rows), the tag moves on.
    t.runtime.fleet.enqueue(() => {});
    await t.runtime.fleet.recorded();
    const after = await history(await withTag(path, etag));
    expect(after.status).toBe(200);
    expect(after.headers.get('etag')).not.toBe(etag);
  });
});
