import { apiRoute } from '@/lib/api/route';
import { routes } from '@/lib/api/contracts/registry';
import { getRuntime } from '@/lib/runtime/current';
import { alertsView } from '@/lib/alerts/view';

// GET /api/alerts (viewer) – firing, pending, silenced and resolved alerts (filters: state,
// rule, node, domain, from, limit), silences, rules, receivers and recent delivery attempts.
export const GET = apiRoute(routes['GET /api/alerts'], ({ query }) => alertsView(getRuntime().alerts, query));
