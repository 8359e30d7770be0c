import { apiRoute } from '@/lib/api/route';
import { routes } from '@/lib/api/contracts/registry';
import { getRuntime } from '@/lib/runtime/current';

// GET /api/queues/settings?node=&queue=domain/vmta[&fresh=true] (viewer) – `show settings` for
// one queue (guide §6.3.15) parsed into rows, cached 30 s, with a hint when the queue's last
// errors are the node's own max-msg-rate throttle.
export const GET = apiRoute(routes['GET /api/queues/settings'], ({ query: q }) => getRuntime().toolbox.settings(q.node, q.queue, q.fresh));
