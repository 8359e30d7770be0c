// GET /api/health/ready – readiness for load balancers and supervisors: the store takes writes
// and holds every migration this version needs, the configuration is loaded, the pollers run, the leases are held or
// released (several replicas: a replica that cannot reach the store lets its leases lapse). Public like /api/health, so it answers only
// booleans; the store's error text is in /api/status (signed in) and the log.
import { apiRoute } from '@/lib/api/route';
import { routes } from '@/lib/api/contracts/registry';
import { ApiError } from '@/lib/api/errors';
import { getRuntime } from '@/lib/runtime/current';

export const GET = apiRoute(routes['GET /api/health/ready'], async () => {
  const rt = getRuntime();
  const store = (await rt.storeHealth.probe()).ok;
  const migrations = store && (await rt.store.migrationsCurrent().catch(() => false));
  const checks = { store, migrations, config: true, pollers: rt.started, leases: rt.cluster.leasesSettled() };
  if (!checks.store || !checks.migrations || !checks.pollers || !checks.leases)
    throw new ApiError(
      'unavailable',
      `not ready: ${Object.entries(checks)
        .filter(([, ok]) => !ok)
        .map(([k]) => k)
        .join(', ')}`,
      { checks },
    );
  return { ready: true as const, checks };
});
