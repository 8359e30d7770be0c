import { apiRoute } from '@/lib/api/route';
import { routes } from '@/lib/api/contracts/registry';
import { drain } from '@/lib/history/handlers';
import { getHistory } from '@/lib/history/service';

// GET /api/history/drain?domain= – drain ETA and expiry risk of a domain and each of its queues.
export const GET = apiRoute(routes['GET /api/history/drain'], ({ query }) => {
  const h = getHistory();
  return drain({ store: h.store, config: h.config, now: Date.now() }, query.domain);
});
