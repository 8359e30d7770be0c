import { z } from 'zod';
import { apiRoute } from '@/lib/api/route';
import { nodeIdParam } from '@/lib/api/params';
import { ApiError } from '@/lib/api/errors';
import { getRuntime } from '@/lib/runtime/current';

const query = z
  .object({
    node: nodeIdParam,
    queue: z
      .string()
      .min(3)
      .max(400)
      .regex(/^[^/\s]+\/[^/\s]+$/, 'expected a queue name "domain/vmta"'),
  })
  .strict();

// GET /api/queues/detail?node=&queue= – one queue's detail (backoff reason, last errors, mode
// and recipient events), fetched from the node on demand and shared by concurrent callers.
export const GET = apiRoute({ role: 'viewer', query }, async ({ query: p }) => {
  const fleet = getRuntime().fleet;
  const node = fleet.node(p.node);
  if (!node) throw new ApiError('not_found', `node: unknown node "${p.node}"`);
  return { node: p.node, fetchedAt: Date.now(), queue: await fleet.queueDetails.get(node, p.queue) };
});
