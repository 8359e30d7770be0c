import { apiRoute } from '@/lib/api/route';
import { routes } from '@/lib/api/contracts/registry';
import { queueOrder, queueSources } from '@/lib/api/queue-params';
import { getFleet } from '@/lib/fleet/fleet';
import { queryQueues } from '@/lib/fleet/queue-query';

// GET /api/queues – every queue of every node, filtered, sorted and paged on the server.
export const GET = apiRoute(routes['GET /api/queues'], ({ query: p }) => {
  const page = queryQueues(queueSources(getFleet(), p.node), { ...queueOrder(p), offset: p.offset, limit: p.limit });
  return { generatedAt: Date.now(), offset: p.offset, limit: p.limit, ...page };
});
