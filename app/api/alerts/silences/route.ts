import { apiRoute } from '@/lib/api/route';
import { routes } from '@/lib/api/contracts/registry';
import { getRuntime } from '@/lib/runtime/current';

// POST /api/alerts/silences (operator; CSRF) – silence by matchers for a time, with a reason.
export const POST = apiRoute(routes['POST /api/alerts/silences'], async ({ body, user, clientAddress }) => ({
  ok: true as const,
  id: await getRuntime().alerts.silence({
    matchers: body.matchers,
    durationSeconds: body.durationSeconds,
    reason: body.reason,
    user: user.username,
    clientAddress,
  }),
}));
