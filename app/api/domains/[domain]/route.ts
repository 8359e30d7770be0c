import { apiRoute } from '@/lib/api/route';
import { routes } from '@/lib/api/contracts/registry';
import { getRuntime } from '@/lib/runtime/current';
import { domainView } from '@/lib/read-models/domain-view';

// GET /api/domains/{domain} – every queue of one domain on every node, totals, backing-up
// verdicts with reasons, recent errors, and the backlog per queue seen so far.
export const GET = apiRoute(routes['GET /api/domains/{domain}'], ({ params }) => {
  const view = domainView(getRuntime().fleet, params.domain);
  return view;
});
