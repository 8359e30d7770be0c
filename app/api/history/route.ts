import { apiRoute } from '@/lib/api/route';
import { routes } from '@/lib/api/contracts/registry';
import { ApiError } from '@/lib/api/errors';
import { resolveRange } from '@/lib/history/params';
import { historySeries } from '@/lib/history/handlers';
import { getRuntime } from '@/lib/runtime/current';

// GET /api/history?metric=&node=&domain=&from=&to=&step=&top=&split= – one metric over time,
// at most ~1000 points per series (the store picks raw, 1-minute or 1-hour rows by range).
// Metric names: lib/history/metrics.ts.
export const GET = apiRoute(routes['GET /api/history'], ({ query, now }) => {
  const h = getRuntime().history;
  const range = resolveRange(query, now);
  if ('error' in range) throw new ApiError('bad_request', range.error);
  // A metric that needs `domain` without one throws MissingDomainError (code bad_request → 400).
  return historySeries(
    h.context(now),
    query.metric,
    { node: query.node, domain: query.domain, top: query.top, split: query.split },
    range.from,
    range.to,
    query.step,
  );
});
