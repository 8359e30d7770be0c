import { apiRoute } from '@/lib/api/route';
import { routes } from '@/lib/api/contracts/registry';
import { buildSelectionPreview } from '@/lib/actions/selection';
import { getRuntime } from '@/lib/runtime/current';

// POST /api/actions/selection/preview (operator) – every queue per node that a selection action
// (queues picked on the queues page, or all matching its filter) would touch, from the latest
// snapshots, and what to type to confirm. A POST only because a selection can name many queues;
// it sends nothing to PowerMTA.
export const POST = apiRoute(routes['POST /api/actions/selection/preview'], ({ body }) => buildSelectionPreview(getRuntime().actions.fleet, body));
