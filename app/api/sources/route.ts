import { apiRoute } from '@/lib/api/route';
import { routes } from '@/lib/api/contracts/registry';
import { getRuntime } from '@/lib/runtime/current';
import { sourceIpReport } from '@/lib/accounting/store/source-ips';

// GET /api/sources?from=&to=&node=&domain=&vmta= (viewer) – per sending IP (dlvSourceIp):
// delivered, deferred, bounced by class, per provider group, over time, and the node/vMTA pairs
// each IP was seen sending for. Hourly rollup: the range widens to whole hours; `job` does not apply.
export const GET = apiRoute(routes['GET /api/sources'], async ({ query }) => ({
  generatedAt: Date.now(),
  ...(await sourceIpReport(getRuntime().accounting.store, query)),
}));
