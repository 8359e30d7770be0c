// The store failing while the console runs: live data keeps being served, the status route
// and readiness say the store is unavailable, actions are refused before anything is sent
// (no action without its audit record), and everything recovers when the store does.
import { mkdtempSync, rmSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimFleet, type SimFleet } from '@/sim';
import { authedRequest } from '@/lib/auth/__fixtures__/test-auth';
import { installTestRuntime, removeTestRuntime } from '@/lib/runtime/__fixtures__/test-runtime';
import type { Runtime } from '@/lib/runtime/runtime';
import { GET as nodes } from '@/app/api/nodes/route';
import { GET as status } from '@/app/api/status/route';
import { GET as ready } from '@/app/api/health/ready/route';
import { GET as audit } from '@/app/api/audit/route';
import { POST as act } from '@/app/api/actions/route';
import { simQueues } from '@/lib/actions/__fixtures__/test-fleet';
import { StoreHealth } from '@/lib/store/health';
import { openStore } from '@/lib/store/store';

const BASE = 'http://127.0.0.1:3000';
const dir = mkdtempSync(path.join(tmpdir(), 'pmta-store-fail-'));
let sims: SimFleet;
let rt: Runtime;

beforeAll(async () => {
  sims = await startSimFleet({ nodes: 1, tickMs: 0, seed: 3 });
  sims.nodes[0]!.advance(300);
  rt = installTestRuntime({
    nodes: sims.nodes.map((n) => ({ id: n.id, url: n.url, apiKey: n.apiKey })),
    config: { store: { path: path.join(dir, 'console.db') } },
  });
  await rt.fleet.pollAll();
  rt.start();
});
afterAll(async () => {
  await removeTestRuntime(rt);
  await sims?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const pause = async () =>
  act(
    await authedRequest(`${BASE}/api/actions`, {
      as: 'operator',
      method: 'POST',
      body: { action: 'pause', pattern: 'gmail.com/*', nodes: [sims.nodes[0]!.id], confirm: 'gmail.com/*' },
    }),
  );
const json = async (res: Response) => (await res.json()) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('the store failing while the console runs', () => {
  it('is reported, refuses actions without sending them, keeps live data, and recovers', async () => {
    expect((await json(await status(await authedRequest(`${BASE}/api/status`)))).store.ok).toBe(true);
    expect((await ready(new Request(`${BASE}/api/health/ready`))).status).toBe(200);
    const auditBefore = (await json(await audit(await authedRequest(`${BASE}/api/audit`)))).entries.length;

    await authedRequest(BASE, { as: 'operator' }); // the operator signed in before the store broke
    // Writes now fail as on a full or read-only disk.
    rt.store.db.pragma('query_only = ON');

    const refused = await pause();
    expect(refused.status).toBe(503);
    const err = (await json(refused)).error;
    expect(err.code).toBe('unavailable');
    expect(err.message).toContain('no audit record');
    expect(simQueues(sims.nodes[0]!, 'gmail.com/*').some((q) => q.paused)).toBe(false); // nothing was sent

    const s = (await json(await status(await authedRequest(`${BASE}/api/status`)))).store;
    expect(s.ok).toBe(false);
    expect(s.error).toMatch(/readonly|SQLITE_READONLY/i);
    const r = await ready(new Request(`${BASE}/api/health/ready`));
    expect(r.status).toBe(503);
    expect((await json(r)).error.details.checks).toEqual({ store: false, migrations: false, config: true, pollers: true, leases: true });

    const live = await nodes(await authedRequest(`${BASE}/api/nodes`));
    expect(live.status).toBe(200);
    expect((await json(live)).nodes[0].health.state).toBe('ok');

    // The store recovers: the next probe (or action) sees it.
    rt.store.db.pragma('query_only = OFF');
    const done = await pause();
    expect(done.status).toBe(200);
    expect(simQueues(sims.nodes[0]!, 'gmail.com/*').every((q) => q.paused)).toBe(true);
    expect((await json(await status(await authedRequest(`${BASE}/api/status`)))).store.ok).toBe(true);
    expect((await json(await audit(await authedRequest(`${BASE}/api/audit`)))).entries.length).toBe(auditBefore + 1);
  });

  it('a store file removed underneath is unavailable', async () => {
    const file = path.join(dir, 'removed.db');
    const store = openStore({ kind: 'sqlite', path: file });
    const health = new StoreHealth(store);
    expect((await health.probe()).ok).toBe(true);
    unlinkSync(file);
    const s = await health.probe();
    expect(s.ok).toBe(false);
    expect(s.error).toContain('removed');
    await store.close();
  });
});
