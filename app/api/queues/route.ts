import { z } from 'zod';
import { apiRoute } from '@/lib/api/route';
import { intParam } from '@/lib/api/params';
import { queueOrder, queueSources, queueViewParams } from '@/lib/api/queue-params';
import { getRuntime } from '@/lib/runtime/current';
import { queryQueues } from '@/lib/queue-store/queue-query';

const query = z
  .object({
    ...queueViewParams,
    offset: intParam(0, 10_000_000).default(0),
    limit: intParam(1, 5000).default(100),
  })
  .strict();

// GET /api/queues – every queue of every node, filtered, sorted and paged on the server.
export const GET = apiRoute({ role: 'viewer', query }, ({ query: p }) => {
  const page = queryQueues(queueSources(getRuntime().fleet, p.node), { ...queueOrder(p), offset: p.offset, limit: p.limit });
  return { generatedAt: Date.now(), offset: p.offset, limit: p.limit, ...page };
});
