import { apiRoute } from '@/lib/api/route';
import { routes } from '@/lib/api/contracts/registry';
import { queueOrder, queueSources } from '@/lib/api/queue-params';
import { getRuntime } from '@/lib/runtime/current';
import { queryQueues } from '@/lib/queue-store/queue-query';

// GET /api/queues – every queue of every node, filtered, sorted and paged on the server.
export const GET = apiRoute(routes['GET /api/queues'], ({ query: p }) => {
  const page = queryQueues(queueSources(getRuntime().fleet, p.node), { ...queueOrder(p), offset: p.offset, limit: p.limit });
  return { generatedAt: Date.now(), offset: p.offset, limit: p.limit, ...page };
});
