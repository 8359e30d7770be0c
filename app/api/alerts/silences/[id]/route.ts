import { apiRoute } from '@/lib/api/route';
import { routes } from '@/lib/api/contracts/registry';
import { getRuntime } from '@/lib/runtime/current';

// DELETE /api/alerts/silences/{id} (operator; CSRF) – end a silence now.
export const DELETE = apiRoute(routes['DELETE /api/alerts/silences/{id}'], async ({ params, user, clientAddress }) => {
  await getRuntime().alerts.unsilence(params.id, user.username, clientAddress);
  return { ok: true as const };
});
