import { apiRoute } from '@/lib/api/route';
import { routes } from '@/lib/api/contracts/registry';
import { getRuntime } from '@/lib/runtime/current';
import { nodeView } from '@/lib/read-models/views';

// GET /api/nodes – every configured node with its health and the age of its data.
export const GET = apiRoute(routes['GET /api/nodes'], () => {
  const fleet = getRuntime().fleet;
  return { generatedAt: Date.now(), pollIntervalSeconds: fleet.config.pollIntervalSeconds, nodes: fleet.nodes.map(nodeView) };
});
