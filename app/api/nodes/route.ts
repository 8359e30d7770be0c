import { apiRoute } from '@/lib/api/route';
import { getRuntime } from '@/lib/runtime/current';
import { nodeView } from '@/lib/read-models/views';

// GET /api/nodes – every configured node with its health and the age of its data.
export const GET = apiRoute({ role: 'viewer' }, () => {
  const fleet = getRuntime().fleet;
  return { generatedAt: Date.now(), pollIntervalSeconds: fleet.config.pollIntervalSeconds, nodes: fleet.nodes.map(nodeView) };
});
