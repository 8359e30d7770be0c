import { apiRoute } from '@/lib/api/route';
import { routes } from '@/lib/api/contracts/registry';
import { getFleet } from '@/lib/fleet/fleet';
import { domainView } from '@/lib/fleet/domain-view';

// GET /api/domains/{domain} – every queue of one domain on every node, totals, backing-up
// verdicts with reasons, recent errors, and the backlog per queue seen so far.
export const GET = apiRoute(routes['GET /api/domains/{domain}'], ({ params }) => {
  const view = domainView(getFleet(), params.domain);
  return view;
});
