// The composition root on `store.kind: postgres`: the runtime opens the server, the ported
// components (audit, scheduled resumes, alerts, history) keep their rows there, readiness reports the
// migrations current, and a second console on the same database sees the same audit trail.
import { afterEach, describe, expect, it } from 'vitest';
import pg from 'pg';
import { startSimNode, type SimNodeHandle } from '@/sim';
import { GET as ready } from '@/app/api/health/ready/route';
import { testStoreConfig } from '@/lib/store/__fixtures__/backends';
import { installTestRuntime, buildTestRuntime, removeTestRuntime } from './__fixtures__/test-runtime';
import type { Runtime } from './runtime';

let sim: SimNodeHandle | undefined;
const runtimes: Runtime[] = [];
afterEach(async () => {
  for (const r of runtimes.splice(0)) await removeTestRuntime(r);
  await sim?.stop();
  sim = undefined;
});

describe('runtime on PostgreSQL', () => {
  it('keeps the audit log on the server, is ready with its migrations applied, and a second console shares it', async () => {
    sim = await startSimNode({ id: 'p1', tickMs: 0, seed: 4 });
    const store = await testStoreConfig('postgres');
    const nodes = [{ id: 'p1', url: sim.url, apiKey: sim.apiKey }];
    const rt = installTestRuntime({ nodes, config: { store } });
    runtimes.push(rt);
    expect(rt.store.kind).toBe('postgres');
    expect(rt.store.location).not.toContain('@'); // no credentials in log lines
    rt.start();
    await rt.fleet.pollAll();

    const res = await ready(new Request('http://127.0.0.1/api/health/ready'));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ready: true, checks: { store: true, migrations: true, config: true, pollers: true, leases: true } });

    const id = await rt.audit.start({
      at: Date.now(),
      user: 'olivia',
      clientAddress: '192.0.2.1',
      action: 'pause',
      pattern: 'gmail.com/*',
      command: 'pause queue gmail.com/*',
      nodes: ['p1'],
      reason: 'pg',
      resumeAt: null,
    });
    // On the server, not in the local SQLite file.
    const c = new pg.Client({ connectionString: process.env[store.postgres.urlEnv] });
    await c.connect();
    try {
      const r = await c.query<{ user: string; state: string }>('SELECT "user", state FROM audit_entries WHERE id = $1', [id]);
      expect(r.rows).toEqual([{ user: 'olivia', state: 'started' }]);
    } finally {
      await c.end();
    }
    expect(rt.store.db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'audit_entries'").get()).toEqual({ n: 0 });

    // Another console on the same database: the same trail; at its start-up the first one's
    // row (another owner) counts as abandoned.
    const other = buildTestRuntime({ nodes, config: { store } });
    runtimes.push(other);
    expect((await other.audit.get(id))?.reason).toBe('pg');
    expect(await other.audit.markAbandoned(Date.now())).toBe(1);
    expect((await rt.audit.get(id))?.state).toBe('incomplete');
  });

  it('samples history into the server’s partitioned tables and answers history from there', async () => {
    sim = await startSimNode({ id: 'p2', tickMs: 0, seed: 5 });
    sim.advance(120);
    const store = await testStoreConfig('postgres');
    const rt = installTestRuntime({ nodes: [{ id: 'p2', url: sim.url, apiKey: sim.apiKey }], config: { store } });
    runtimes.push(rt);
    rt.start();
    await rt.fleet.pollAll();
    await rt.fleet.recorded();
    await rt.history.idle();
    const now = Date.now();
    const series = (await rt.history.store.query('node.queued.rcp', {}, now - 60_000, now + 1_000, undefined, now)).series;
    expect(series.flatMap((s) => s.points).some(([, v]) => v !== null)).toBe(true);
    const c = new pg.Client({ connectionString: process.env[store.postgres.urlEnv] });
    await c.connect();
    try {
      const polls = await c.query<{ n: number }>('SELECT count(*)::int AS n FROM hist_poll');
      expect(polls.rows[0]!.n).toBeGreaterThan(0);
      const parts = await c.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_inherits WHERE inhparent = 'hist_queue'::regclass");
      expect(parts.rows[0]!.n).toBeGreaterThan(0);
    } finally {
      await c.end();
    }
    expect(rt.store.db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'hist_poll'").get()).toEqual({ n: 0 });
  });
});
