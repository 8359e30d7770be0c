// Test set-up: simulated nodes, a Fleet over them whose clients count the commands they send
// (the requests still go to the simulator), and the action/audit/auth singletons pointed at
// them so route handlers can be called directly.
import { startSimNode, type SimNodeHandle, type SimNodeOptions } from '@/sim';
import { configSchema } from '@/lib/config/schema';
import { Fleet } from '@/lib/fleet/fleet';
import { clientFor } from '@/lib/fleet/fleet';
import { getParsePool } from '@/lib/fleet/parse-pool';
import { AuditLog } from '@/lib/audit/audit-log';
import { setAuditLogForTesting } from '@/lib/audit/runtime';
import { setAuthConfigForTesting } from '@/lib/auth/settings';
import { testAuthConfig } from '@/lib/auth/test-support';
import { openDatabase } from '@/lib/store/db';
import type { ActionDeps } from '../execute';
import { setActionDepsForTesting } from '../runtime';
import { ScheduledResumes } from '../scheduled-resumes';

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
  fleet: Fleet;
  deps: ActionDeps;
  /** Commands each node's client was asked to send. */
  sent: Map<string, string[]>;
  stop(): Promise<void>;
}

const g = globalThis as typeof globalThis & { __pmtaFleet?: Fleet };

export async function startTestFleet(nodes: TestNode[], opts: { dbFile?: string; now?: () => number } = {}): Promise<TestFleet> {
  const sims = new Map<string, SimNodeHandle>();
  for (const [i, n] of nodes.entries()) {
    const s = await startSimNode({ ...n.sim, id: n.id, tickMs: 0, seed: n.seed ?? 11 + i, version: n.version ?? '5.0' });
    s.advance(120); // traffic and backlog
    sims.set(n.id, s);
  }
  const sent = new Map<string, string[]>(nodes.map((n) => [n.id, []]));
  const config = configSchema.parse({
    pollIntervalSeconds: 3600, // no background polls: only the actions' re-polls move snapshots
    nodes: nodes.map((n) => ({ id: n.id, url: sims.get(n.id)!.url, ...(n.withKey === false ? {} : { apiKey: sims.get(n.id)!.apiKey }) })),
  });
  const fleet = new Fleet(config, getParsePool(), (c) => {
    const real = clientFor(c, config);
    return { ...real, command: (cmd, signal) => (sent.get(c.id)!.push(cmd), real.command(cmd, signal)) };
  });
  await fleet.pollAll();
  const audit = new AuditLog(openDatabase(opts.dbFile ?? ':memory:'));
  const deps: ActionDeps = { fleet, audit, resumes: new ScheduledResumes(audit.db), now: opts.now };
  setActionDepsForTesting(deps);
  setAuditLogForTesting(audit);
  setAuthConfigForTesting(testAuthConfig());
  g.__pmtaFleet = fleet; // the read API (GET /api/domains/…) shows this fleet
  return {
    sims,
    fleet,
    deps,
    sent,
    async stop() {
      setActionDepsForTesting(undefined);
      setAuditLogForTesting(undefined);
      setAuthConfigForTesting(null);
      if (g.__pmtaFleet === fleet) g.__pmtaFleet = undefined;
      fleet.stop();
      fleet.nodes.forEach((n) => n.client.close());
      audit.db.close();
      await Promise.all([...sims.values()].map((s) => s.stop()));
    },
  };
}

/** The simulator's own view: queues of `pattern` (`domain/vmta`, `*` parts) on one node. */
export function simQueues(s: SimNodeHandle, pattern: string) {
  const [d = '*', v = '*'] = pattern.split('/');
  return s.model.queues.filter((q) => (d === '*' || q.domain.name === d) && (v === '*' || q.vmta.name === v));
}
