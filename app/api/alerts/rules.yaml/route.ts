import { apiRoute } from '@/lib/api/route';
import { routes } from '@/lib/api/contracts/registry';
import { getRuntime } from '@/lib/runtime/current';
import { prometheusRules } from '@/lib/alerts/prometheus-rules';

// GET /api/alerts/rules.yaml – the enabled rules as a Prometheus rules file over /api/metrics.
export const GET = apiRoute(
  routes['GET /api/alerts/rules.yaml'],
  () => new Response(prometheusRules(getRuntime().alerts.rules), { headers: { 'content-type': 'application/yaml; charset=utf-8' } }),
);
