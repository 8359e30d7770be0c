import { apiRoute } from '@/lib/api/route';
import { routes } from '@/lib/api/contracts/registry';
import { getRuntime } from '@/lib/runtime/current';
import { backingUp, domainBacklogs, nodeTotals, nodeView, sumTotals, type NodeTotals } from '@/lib/read-models/views';

const TOP_DOMAINS = 10;

// GET /api/overview – fleet and per-node totals, top domains by backlog, backing-up domains
// (the same over time comes from /api/history).
export const GET = apiRoute(routes['GET /api/overview'], () => {
  const fleet = getRuntime().fleet;
  const nodes = fleet.nodes.map((n) => ({ node: nodeView(n), totals: nodeTotals(n.poller.snapshot.status, n) }));
  const domains = domainBacklogs(fleet, TOP_DOMAINS);
  return {
    generatedAt: Date.now(),
    pollIntervalSeconds: fleet.config.pollIntervalSeconds,
    fleet: sumTotals(nodes.map((n) => n.totals).filter((t): t is NodeTotals => t !== null)),
    nodes,
    topDomains: domains.top,
    otherDomains: { domains: domains.other.domains, rcp: domains.other.rcp, kb: domains.other.kb },
    backingUp: backingUp(fleet),
  };
});
