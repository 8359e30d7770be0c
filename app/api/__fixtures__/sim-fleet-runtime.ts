// The read API in-process: real route handlers over a test runtime whose fleet polls two
// simulated nodes (one with gmail.com in backoff), with real sessions. Route tests check the
// boundary (auth, parameter validation, error shape) and that answers agree with what the
// simulator reports.
//   const t = simFleetRuntime();   // in a test file: beforeAll/afterAll wired
//   const res = await GET(t.get('/api/nodes'));
import { afterAll, beforeAll } from 'vitest';
import { startSimFleet, type SimFleet } from '@/sim';
import { authedRequest, testAuthConfig } from '@/lib/auth/__fixtures__/test-auth';
import { installTestRuntime, removeTestRuntime } from '@/lib/runtime/__fixtures__/test-runtime';
import type { Runtime } from '@/lib/runtime/runtime';

export const BASE = 'http://127.0.0.1:3000';
export const METRICS_TOKEN = 'metrics-token-0123456789';

export interface SimFleetRuntime {
  sims: SimFleet;
  runtime: Runtime;
  /** A signed-in viewer's GET of `path`. */
  get(path: string): Promise<Request>;
}

export function simFleetRuntime(): SimFleetRuntime {
  const t = { get: (path: string) => authedRequest(`${BASE}${path}`) } as SimFleetRuntime;
  beforeAll(async () => {
    t.sims = await startSimFleet({ nodes: 2, tickMs: 0, seed: 5 });
    for (const n of t.sims.nodes) n.advance(300);
    t.sims.nodes[0]!.startBackoff('gmail.com/*', 'gmail', 3600);
    t.sims.nodes[0]!.advance(30);
    t.runtime = installTestRuntime({
      nodes: t.sims.nodes.map((n) => ({ id: n.id, url: n.url, apiKey: n.apiKey })),
      config: { pollIntervalSeconds: 10 },
      authConfig: testAuthConfig({ metricsToken: METRICS_TOKEN }),
    });
    await t.runtime.fleet.pollAll();
  });
  afterAll(async () => {
    await removeTestRuntime(t.runtime);
    await t.sims?.stop();
  });
  return t;
}
