import { apiRoute } from '@/lib/api/route';
import { routes } from '@/lib/api/contracts/registry';
import { ApiError } from '@/lib/api/errors';
import { getRuntime } from '@/lib/runtime/current';

// GET /api/queues/detail?node=&queue= – one queue's detail (backoff reason, last errors, mode
// and recipient events), fetched from the node on demand and shared by concurrent callers.
export const GET = apiRoute(routes['GET /api/queues/detail'], async ({ query: p }) => {
  const fleet = getRuntime().fleet;
  const node = fleet.node(p.node);
  if (!node) throw new ApiError('not_found', `node: unknown node "${p.node}"`);
  return { node: p.node, fetchedAt: Date.now(), queue: await fleet.queueDetails.get(node, p.queue) };
});
