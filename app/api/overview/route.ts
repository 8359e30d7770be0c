import { apiRoute } from '@/lib/api/route';
import { routes } from '@/lib/api/contracts/registry';
import { getRuntime } from '@/lib/runtime/current';
import { splitConsolePauses } from '@/lib/read-models/console-pauses';
import { backingUp, domainBacklogs, fleetTotals, nodeTotals, nodeView } from '@/lib/read-models/views';

const TOP_DOMAINS = 10;

// GET /api/overview – fleet totals (live nodes only, the others listed in `partial`), per-node totals, top domains by backlog, backing-up domains
// (the same over time comes from /api/history).
export const GET = apiRoute(routes['GET /api/overview'], async () => {
  const runtime = getRuntime();
  const fleet = runtime.fleet;
  const nodes = fleet.nodes.map((n) => ({ node: nodeView(n, runtime.cluster.polledBy(n.config.id)), totals: nodeTotals(n.poller.snapshot.status, n) }));
  const domains = domainBacklogs(fleet, TOP_DOMAINS);
  const now = Date.now();
  const totals = fleetTotals(fleet, now);
  return {
    generatedAt: now,
    pollIntervalSeconds: fleet.config.pollIntervalSeconds,
    // Live nodes only; the stale/down ones are named in `partial`.
    fleet: totals.totals,
    partial: totals.partial,
    nodes,
    topDomains: domains.top,
    otherDomains: { domains: domains.other.domains, rcp: domains.other.rcp, kb: domains.other.kb },
    // Domains an operator paused from this console are listed apart, not as backing up.
    ...(await splitConsolePauses(backingUp(fleet), runtime.audit, runtime.actions.resumes)),
  };
});
