import { apiRoute } from '@/lib/api/route';
import { routes } from '@/lib/api/contracts/registry';
import { drain } from '@/lib/history/handlers';
import { getRuntime } from '@/lib/runtime/current';

// GET /api/history/drain?domain= – drain ETA and expiry risk of a domain and each of its queues.
export const GET = apiRoute(routes['GET /api/history/drain'], ({ query }) => {
  const h = getRuntime().history;
  return drain(h.context(Date.now()), query.domain);
});
