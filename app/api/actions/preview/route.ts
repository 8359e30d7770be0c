import { z } from 'zod';
import { apiRoute } from '@/lib/api/route';
import { actionSchema } from '@/lib/actions/request-schema';
import { buildPreview } from '@/lib/actions/preview';
import { getRuntime } from '@/lib/runtime/current';

const query = z
  .object({
    action: actionSchema,
    pattern: z.string().min(1).max(300),
    /** `all` or comma-separated node ids. */
    nodes: z
      .string()
      .regex(/^(all|[a-z0-9][a-z0-9_-]{0,62}(,[a-z0-9][a-z0-9_-]{0,62})*)$/, "'all' or comma-separated node ids")
      .default('all'),
  })
  .strict();

// GET /api/actions/preview?action=&pattern=&nodes=all|a,b (operator) – blast radius from the
// latest snapshots: matching queues per node, recipients and kB, nodes that cannot act and why,
// and whether the pattern must be typed to confirm. Sends nothing to PowerMTA.
export const GET = apiRoute({ role: 'operator', query }, ({ query: q }) =>
  buildPreview(getRuntime().actions.fleet, { action: q.action, pattern: q.pattern, nodes: q.nodes === 'all' ? 'all' : q.nodes.split(',') }),
);
