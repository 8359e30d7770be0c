import { apiRoute } from '@/lib/api/route';
import { ApiError } from '@/lib/api/errors';
import { domainHistorySchema, resolveRange } from '@/lib/history/params';
import { domainHistory } from '@/lib/history/handlers';
import { getRuntime } from '@/lib/runtime/current';

// GET /api/history/domain?domain=&node=&from=&to=&step= – the drill-down chart in one call:
// backlog per queue (node × vMTA), delivered rate, backoff periods, operator actions.
export const GET = apiRoute({ role: 'viewer', query: domainHistorySchema }, ({ query }) => {
  const h = getRuntime().history;
  const now = Date.now();
  const range = resolveRange(query, now);
  if ('error' in range) throw new ApiError('bad_request', range.error);
  return domainHistory(h.context(now), query.domain, range.from, range.to, query.step, query.node);
});
