// A full flow through the real routes with the logger captured: every request is one JSON line
// with its id, user, route, status and duration; polls are logged per node; and no configured
// secret (password, password hash, node API key, session secret, metrics token, session
// cookie) appears anywhere in the log, even when code logs an object that holds one.
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimFleet, type SimFleet } from '@/sim';
import { authedRequest, sessionFor, TEST_ORIGIN, TEST_SECRET, testAuthConfig } from '@/lib/auth/__fixtures__/test-auth';
import { DEMO_USERS } from '@/lib/auth/demo-users';
import { installTestRuntime, removeTestRuntime } from '@/lib/runtime/__fixtures__/test-runtime';
import type { Runtime } from '@/lib/runtime/runtime';
import { POST as login } from '@/app/api/auth/login/route';
import { GET as nodes } from '@/app/api/nodes/route';
import { GET as metrics } from '@/app/api/metrics/route';
import { POST as act } from '@/app/api/actions/route';
import { GET as queues } from '@/app/api/queues/route';

const METRICS_TOKEN = 'metrics-token-abcdefghijklmnop';
const lines: string[] = [];
const sink = new Writable({
  write(chunk: Buffer, _enc, done) {
    lines.push(...chunk.toString().split('\n').filter(Boolean));
    done();
  },
});
let sims: SimFleet;
let rt: Runtime;
const cfg = testAuthConfig({ metricsToken: METRICS_TOKEN });

beforeAll(async () => {
  sims = await startSimFleet({ nodes: 2, tickMs: 0, seed: 11 });
  for (const n of sims.nodes) n.advance(120);
  rt = installTestRuntime({
    nodes: sims.nodes.map((n) => ({ id: n.id, url: n.url, apiKey: n.apiKey })),
    config: { log: { level: 'debug' } },
    authConfig: cfg,
    logDestination: sink,
  });
  await rt.fleet.pollAll();
});
afterAll(async () => {
  await removeTestRuntime(rt);
  await sims?.stop();
});

const post = (url: string, body: unknown) =>
  new Request(url, {
    method: 'POST',
    headers: { host: new URL(TEST_ORIGIN).host, origin: TEST_ORIGIN, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

describe('structured logs', () => {
  it('log every request and poll, and never a secret', async () => {
    expect((await login(post(`${TEST_ORIGIN}/api/auth/login`, { username: 'operator', password: 'operator-demo' }))).status).toBe(200);
    expect((await login(post(`${TEST_ORIGIN}/api/auth/login`, { username: 'admin', password: 'wrong-admin-password' }))).status).toBe(401);
    expect((await nodes(await authedRequest(`${TEST_ORIGIN}/api/nodes`, { cfg }))).status).toBe(200);
    expect((await queues(await authedRequest(`${TEST_ORIGIN}/api/queues?limit=5`, { cfg, headers: { 'x-request-id': 'trace-123' } }))).status).toBe(200);
    expect((await metrics(new Request(`${TEST_ORIGIN}/api/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } }))).status).toBe(200);
    const done = await act(
      await authedRequest(`${TEST_ORIGIN}/api/actions`, {
        cfg,
        as: 'operator',
        method: 'POST',
        body: { action: 'pause', pattern: 'gmail.com/*', nodes: 'all', confirm: 'gmail.com/*' },
      }),
    );
    expect(done.status).toBe(200);
    await rt.fleet.pollAll();
    // Code that logs an object holding secrets still prints none of them.
    rt.log.warn({ node: rt.config.nodes[0], user: cfg.users[0], auth: cfg.auth }, 'debugging a node');

    const parsed = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    const requests = parsed.filter((l) => l.msg === 'request');
    expect(requests.map((r) => [r.method, r.route, r.status, r.user])).toEqual([
      ['POST', '/api/auth/login', 200, null],
      ['POST', '/api/auth/login', 401, null],
      ['GET', '/api/nodes', 200, 'viewer'],
      ['GET', '/api/queues', 200, 'viewer'],
      ['GET', '/api/metrics', 200, 'metrics-token'],
      ['POST', '/api/actions', 200, 'operator'],
    ]);
    for (const r of requests) {
      expect(r.reqId).toMatch(/^[\w.:-]+$/);
      expect(r.ms).toBeTypeOf('number');
      expect(r.level).toBe(30);
    }
    expect(requests[3]!.reqId).toBe('trace-123');
    expect(new Set(parsed.filter((l) => l.msg === 'poll').map((l) => l.node))).toEqual(new Set(sims.nodes.map((n) => n.id)));

    const text = lines.join('\n');
    const secrets = [
      'operator-demo',
      'wrong-admin-password',
      TEST_SECRET,
      METRICS_TOKEN,
      ...DEMO_USERS.map((u) => u.passwordHash),
      ...sims.nodes.map((n) => n.apiKey),
      (await sessionFor(cfg, 'viewer')).cookie.split('=')[1]!,
      (await sessionFor(cfg, 'viewer')).csrfToken,
    ];
    for (const s of secrets) expect(text, `a log line contains ${s.slice(0, 12)}…`).not.toContain(s);
    expect(text).toContain('[Redacted]');
  });
});
