import { apiRoute } from '@/lib/api/route';
import { routes } from '@/lib/api/contracts/registry';
import { getRuntime } from '@/lib/runtime/current';
import { buildToolPreview } from '@/lib/toolbox/preview';

// GET /api/toolbox/preview?action=&job=|ip=&pattern=&reenableAfter=&olderThan=&dsn=&nodes= (operator)
// – the command a toolbox action would send, what it touches per node (a delete: exactly the
// recipients and kB that would go), what to type to confirm. Changes nothing.
export const GET = apiRoute(routes['GET /api/toolbox/preview'], ({ query: q }) =>
  buildToolPreview(getRuntime().actions.fleet, {
    ...q,
    dsn: q.dsn === 'yes',
    nodes: q.nodes === 'all' ? 'all' : q.nodes.split(','),
    includeDown: q.includeDown ? q.includeDown.split(',') : [],
  }),
);
