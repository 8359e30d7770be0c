import { z } from 'zod';
import { apiRoute } from '@/lib/api/route';
import { boolParam, intParam, nodeIdParam } from '@/lib/api/params';
import { ApiError } from '@/lib/api/errors';
import { getFleet } from '@/lib/fleet/fleet';
import { queryQueues } from '@/lib/fleet/queue-query';

const query = z
  .object({
    q: z.string().max(300).optional(),
    node: nodeIdParam.optional(),
    mode: z.enum(['normal', 'backoff']).optional(),
    paused: boolParam.optional(),
    errors: boolParam.optional(),
    sort: z.enum(['name', 'domain', 'vmta', 'node', 'rcp', 'kb', 'conn', 'mode', 'paused', 'retryTime']).default('rcp'),
    dir: z.enum(['asc', 'desc']).default('desc'),
    offset: intParam(0, 10_000_000).default(0),
    limit: intParam(1, 5000).default(100),
  })
  .strict();

// GET /api/queues – every queue of every node, filtered, sorted and paged on the server.
export const GET = apiRoute({ role: 'viewer', query }, ({ query: p }) => {
  const fleet = getFleet();
  if (p.node && !fleet.node(p.node)) throw new ApiError('bad_request', `node: unknown node "${p.node}"`);
  const sources = fleet.nodes.flatMap((n) => (n.poller.snapshot.queues ? [{ node: n.config.id, table: n.poller.snapshot.queues }] : []));
  const page = queryQueues(sources, {
    filter: { text: p.q, node: p.node, mode: p.mode, paused: p.paused, hasErrors: p.errors },
    sort: p.sort,
    dir: p.dir,
    offset: p.offset,
    limit: p.limit,
  });
  return { generatedAt: Date.now(), offset: p.offset, limit: p.limit, ...page };
});
