import 'server-only';
import { apiRoute } from '@/lib/api/route';
import { routes } from '@/lib/api/contracts/registry';
import { getRuntime } from '@/lib/runtime/current';
import { snapshotHandler } from '@/lib/cluster/snapshot-route';

// GET /api/internal/nodes/{id}/snapshot – replica to replica: this process's latest snapshot
// of a node it polls, as one binary body (lib/cluster/snapshot-wire.ts). No session; the
// shared secret (cluster.internalSecretEnv) as Bearer, from a loopback or private peer only
// (lib/cluster/snapshot-route.ts). ETag, 304 on If-None-Match; 404 for a node it has no
// snapshot of. README "Several replicas".
export const GET = apiRoute(
  routes['GET /api/internal/nodes/{id}/snapshot'],
  snapshotHandler(
    () => {
      const rt = getRuntime();
      return { fleet: rt.fleet, cluster: rt.config.cluster, serves: (id) => !rt.cluster.shared || rt.cluster.holds(id) };
    },
    // A new lease generation (the node changed hands and came back) is a new ETag.
    (id) => getRuntime().cluster.generation(id),
  ),
);
