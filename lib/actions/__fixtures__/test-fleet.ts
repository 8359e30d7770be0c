// Test set-up: simulated nodes, and a test runtime over them (installed for the route
// handlers) whose clients count the commands they send (the requests still go to the
// simulator).
import { startSimNode, type SimNodeHandle, type SimNodeOptions } from '@/sim';
import { clientFor, type Fleet } from '@/lib/fleet/fleet';
import { installTestRuntime, removeTestRuntime } from '@/lib/runtime/__fixtures__/test-runtime';
import type { Runtime } from '@/lib/runtime/runtime';
import type { StoreConfig } from '@/lib/config/schema';
import type { ActionDeps } from '../execute';

export interface TestNode {
  id: string;
  version?: '5.0' | '4.5';
  /** Configure the node's API key in the console (default true). */
  withKey?: boolean;
  seed?: number;
  /** Further simulator options (strict parameters, a node zone, …). */
  sim?: Omit<SimNodeOptions, 'id' | 'tickMs' | 'seed' | 'version'>;
}

export interface TestFleet {
  sims: Map<string, SimNodeHandle>;
  runtime: Runtime;
  fleet: Fleet;
  deps: ActionDeps;
  /** Commands each node's client was asked to send. */
  sent: Map<string, string[]>;
  stop(): Promise<void>;
}

export interface TestFleetOptions {
  dbFile?: string;
  /** The whole store configuration (a PostgreSQL store: lib/store/__fixtures__/backends.ts testStoreConfig); wins over dbFile. */
  store?: StoreConfig;
  now?: () => number;
}

export async function startTestFleet(nodes: TestNode[], opts: TestFleetOptions = {}): Promise<TestFleet> {
  const sims = new Map<string, SimNodeHandle>();
  for (const [i, n] of nodes.entries()) {
    const s = await startSimNode({ ...n.sim, id: n.id, tickMs: 0, seed: n.seed ?? 11 + i, version: n.version ?? '5.0' });
    s.advance(120); // traffic and backlog
    sims.set(n.id, s);
  }
  const sent = new Map<string, string[]>(nodes.map((n) => [n.id, []]));
  const runtime = installTestRuntime({
    // pollIntervalSeconds 3600 (the default here): no background polls, only the actions' re-polls move snapshots
    nodes: nodes.map((n) => ({ id: n.id, url: sims.get(n.id)!.url, ...(n.withKey === false ? {} : { apiKey: sims.get(n.id)!.apiKey }) })),
    config: { store: opts.store ?? { path: opts.dbFile ?? ':memory:' } },
    now: opts.now,
    makeClient: (c, config) => {
      const real = clientFor(c, config);
      return { ...real, command: (cmd, signal) => (sent.get(c.id)!.push(cmd), real.command(cmd, signal)) };
    },
  });
  await runtime.fleet.pollAll();
  const deps = runtime.actions;
  return {
    sims,
    runtime,
    fleet: runtime.fleet,
    deps,
    sent,
    async stop() {
      // A test may have swapped in a reopened audit log ("restart"); close that one too.
      if (deps.audit.store !== runtime.store) await deps.audit.store.close();
      await removeTestRuntime(runtime);
      await Promise.all([...sims.values()].map((s) => s.stop()));
    },
  };
}

/** The simulator's own view: queues of `pattern` (`domain/vmta`, `*` parts) on one node. */
export function simQueues(s: SimNodeHandle, pattern: string) {
  const [d = '*', v = '*'] = pattern.split('/');
  return s.model.queues.filter((q) => (d === '*' || q.domain.name === d) && (v === '*' || q.vmta.name === v));
}
