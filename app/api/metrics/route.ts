import { apiRoute } from '@/lib/api/route';
import { routes } from '@/lib/api/contracts/registry';
import { getRuntime } from '@/lib/runtime/current';
import { fleetMetrics } from '@/lib/read-models/metrics';

// GET /api/metrics – Prometheus text exposition of the fleet's latest snapshots. Accepts a
// session or `Authorization: Bearer <auth.metricsToken>` (what Prometheus sends).
export const GET = apiRoute(routes['GET /api/metrics'], async () => {
  const rt = getRuntime();
  const extras = {
    alertsFiring: await rt.alerts.firingCounts(),
    ingestLagBytes: rt.accounting.ingesters.map((i) => ({ node: i.node, bytes: i.status().follower.lagBytes })),
  };
  return new Response(fleetMetrics(rt.fleet, Date.now(), extras), { headers: { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' } });
});
