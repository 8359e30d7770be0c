import { apiRoute } from '@/lib/api/route';
import { getFleet } from '@/lib/fleet/fleet';
import { nodeView } from '@/lib/read-models/views';

// GET /api/nodes – every configured node with its health and the age of its data.
export const GET = apiRoute({ role: 'viewer' }, () => {
  const fleet = getFleet();
  return { generatedAt: Date.now(), pollIntervalSeconds: fleet.config.pollIntervalSeconds, nodes: fleet.nodes.map(nodeView) };
});
