// GET /api/status (viewer) – the console's own status, for the shell's banner: whether the
// store is available (history, audit and actions need it; live data does not).
import { apiRoute } from '@/lib/api/route';
import { routes } from '@/lib/api/contracts/registry';
import { getRuntime } from '@/lib/runtime/current';

export const GET = apiRoute(routes['GET /api/status'], () => {
  const s = getRuntime().storeHealth.current;
  return { store: { ok: s.ok, error: s.error, since: new Date(s.since).toISOString() } };
});
