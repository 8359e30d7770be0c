import { apiRoute } from '@/lib/api/route';
import { routes } from '@/lib/api/contracts/registry';
import { getRuntime } from '@/lib/runtime/current';

// GET /api/sources/disabled (viewer) – `show disabled sources` of every node (guide §6.3.35),
// parsed into node, queue, IP and re-enable time; nodes that could not answer in `failed`.
export const GET = apiRoute(routes['GET /api/sources/disabled'], () => getRuntime().toolbox.disabledSources());
