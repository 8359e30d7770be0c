import { apiRoute } from '@/lib/api/route';
import { routes } from '@/lib/api/contracts/registry';
import { getRuntime } from '@/lib/runtime/current';
import { nodeView } from '@/lib/read-models/views';

// GET /api/nodes – every configured node with its health, the age of its data and (several replicas) who polls it.
export const GET = apiRoute(routes['GET /api/nodes'], () => {
  const rt = getRuntime();
  const fleet = rt.fleet;
  return {
    generatedAt: Date.now(),
    pollIntervalSeconds: fleet.config.pollIntervalSeconds,
    nodes: fleet.nodes.map((n) => nodeView(n, rt.cluster.polledBy(n.config.id))),
  };
});
