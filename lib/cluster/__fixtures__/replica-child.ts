import 'server-only';
// One console replica in a child process, for the replica test (../replicas.integration.test.ts):
// the real composition root (createRuntime) on the shared PostgreSQL store, started, then
// driven by JSON lines on stdin. Answers are stdout lines prefixed "@@" (the logger may
// write lines of its own there).
//   node --conditions=react-server --import tsx lib/cluster/__fixtures__/replica-child.ts
// env: REPLICA_CONFIG (the configuration as JSON, as the YAML file would hold it) and the
// variable its store.postgres.urlEnv names.
import { createInterface } from 'node:readline';
import { configSchema } from '@/lib/config/schema';
import { testAuthConfig } from '@/lib/auth/__fixtures__/test-auth';
import { createRuntime } from '@/lib/runtime/runtime';
import { executeAction, type ActionInput } from '@/lib/actions/execute';
import { installRuntimeForTesting } from '@/lib/runtime/current';
import { installPeerAddressStamp } from '@/lib/auth/peer-address';
import { serveSnapshotRoute } from './serve-snapshot-route';

// The internal channel: the snapshot route behind node:http on 127.0.0.1, as `next start`
// would serve it (peer stamp installed), its URL this replica's `cluster.internalUrl`.
const { url: internalUrl } = await serveSnapshotRoute();

const raw = JSON.parse(process.env.REPLICA_CONFIG as string) as { cluster?: Record<string, unknown> };
const parsed = configSchema.parse({ ...raw, cluster: { ...raw.cluster, internalUrl } });
const auth = testAuthConfig();
const rt = createRuntime({ ...parsed, users: auth.users, auth: auth.auth }, { log: () => {}, alerts: { delivery: { backoffMs: 200 } } });
installRuntimeForTesting(rt);
installPeerAddressStamp();
// Polls this replica made itself, per node (mirrored snapshots are not polls).
const ownPolls = new Map<string, number>();
rt.fleet.onPoll((o) => ownPolls.set(o.nodeId, (ownPolls.get(o.nodeId) ?? 0) + 1));
rt.start();

const say = (o: unknown) => process.stdout.write(`@@${JSON.stringify(o)}\n`);
say({ started: rt.cluster.replicaId });

type Command = { id: number; cmd: 'status' } | { id: number; cmd: 'action'; input: ActionInput } | { id: number; cmd: 'stop' };

for await (const line of createInterface({ input: process.stdin })) {
  let c: Command;
  try {
    c = JSON.parse(line) as Command;
  } catch {
    continue;
  }
  try {
    if (c.cmd === 'status') {
      const keys = rt.cluster.keys.filter((k) => rt.cluster.holds(k));
      const nodes = rt.fleet.nodes.map((n) => ({
        id: n.config.id,
        mayPoll: rt.cluster.mayPoll(n.config.id),
        health: n.poller.health(),
        lastStartedAt: n.poller.lastStartedAt,
        // Set when the node's data came from the replica that polls it (the internal channel).
        polledBy: n.poller.origin?.polledBy ?? null,
        ownPolls: ownPolls.get(n.config.id) ?? 0,
      }));
      say({ id: c.id, result: { replicaId: rt.cluster.replicaId, held: keys, nodes, status: rt.cluster.status() } });
    } else if (c.cmd === 'action') {
      say({ id: c.id, result: await executeAction(rt.actions, c.input) });
    } else {
      await rt.stop();
      say({ id: c.id, result: 'stopped' });
      process.exit(0);
    }
  } catch (e) {
    say({ id: c.id, error: e instanceof Error ? e.message : String(e) });
  }
}
