import { apiRoute } from '@/lib/api/route';
import { routes } from '@/lib/api/contracts/registry';
import { cancelScheduledResume } from '@/lib/actions/cancel-resume';
import { getRuntime } from '@/lib/runtime/current';

// DELETE /api/actions/scheduled/{id} (operator; CSRF + same-origin) – cancel a pending automatic
// resume of a time-boxed pause: the queues stay paused. Audited as `cancel-resume`; 404 for an
// unknown id, 409 when it is no longer pending.
export const DELETE = apiRoute(routes['DELETE /api/actions/scheduled/{id}'], ({ params, user, clientAddress }) =>
  cancelScheduledResume(getRuntime().actions, { id: params.id, user: user.username, clientAddress }),
);
