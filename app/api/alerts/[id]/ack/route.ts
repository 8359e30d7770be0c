import { apiRoute } from '@/lib/api/route';
import { routes } from '@/lib/api/contracts/registry';
import { getRuntime } from '@/lib/runtime/current';

// POST /api/alerts/{id}/ack (operator; CSRF) – acknowledge an active alert.
export const POST = apiRoute(routes['POST /api/alerts/{id}/ack'], async ({ params, body, user, clientAddress }) => {
  await getRuntime().alerts.acknowledge(params.id, user.username, clientAddress, body.reason ?? null);
  return { ok: true as const };
});
