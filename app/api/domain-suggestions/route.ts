import { apiRoute } from '@/lib/api/route';
import { routes } from '@/lib/api/contracts/registry';
import { getRuntime } from '@/lib/runtime/current';
import { closestDomains } from '@/lib/read-models/closest-domains';

// GET /api/domain-suggestions?q=&limit= – the domains (with queues on some node) closest to `q`,
// for the drill-down of a domain that has no queue anywhere (a typo in the search).
export const GET = apiRoute(routes['GET /api/domain-suggestions'], ({ query: p }) => {
  const tables = getRuntime().fleet.nodes.flatMap((n) => (n.poller.snapshot.queues ? [n.poller.snapshot.queues] : []));
  return {
    query: p.q,
    matches: closestDomains(
      p.q,
      tables.flatMap((t) => t.domains),
      p.limit ?? 5,
    ),
  };
});
