import { apiRoute } from '@/lib/api/route';
import { routes } from '@/lib/api/contracts/registry';
import { ApiError } from '@/lib/api/errors';
import { resolveRange } from '@/lib/history/params';
import { domainHistory } from '@/lib/history/handlers';
import { getRuntime } from '@/lib/runtime/current';

// GET /api/history/domain?domain=&node=&from=&to=&step= – the drill-down chart in one call:
// backlog per queue (node × vMTA), delivered rate, backoff periods, operator actions.
export const GET = apiRoute(routes['GET /api/history/domain'], ({ query, now }) => {
  const h = getRuntime().history;
  const range = resolveRange(query, now);
  if ('error' in range) throw new ApiError('bad_request', range.error);
  return domainHistory(h.context(now), query.domain, range.from, range.to, query.step, query.node);
});
