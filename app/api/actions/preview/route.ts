import { apiRoute } from '@/lib/api/route';
import { routes } from '@/lib/api/contracts/registry';
import { buildPreview } from '@/lib/actions/preview';
import { getRuntime } from '@/lib/runtime/current';

// GET /api/actions/preview?action=&pattern=&nodes=all|a,b (operator) – blast radius from the
// latest snapshots: matching queues per node, recipients and kB, nodes that cannot act and why,
// and whether the pattern must be typed to confirm. Sends nothing to PowerMTA.
export const GET = apiRoute(routes['GET /api/actions/preview'], ({ query: q }) =>
  buildPreview(getRuntime().actions.fleet, {
    action: q.action,
    pattern: q.pattern,
    nodes: q.nodes === 'all' ? 'all' : q.nodes.split(','),
    includeDown: q.includeDown ? q.includeDown.split(',') : [],
  }),
);
