import { apiRoute } from '@/lib/api/route';
import { routes } from '@/lib/api/contracts/registry';
import { getRuntime } from '@/lib/runtime/current';
import { ingestionStatus, ingestionStatusFor } from '@/lib/accounting/ingest/status';
import { bouncesReport } from '@/lib/accounting/store/report';

// GET /api/bounces?from=&to=&node=&domain=&vmta=&job= – bounce and complaint totals from the
// accounting files: by category, top bouncing domains, vMTAs, FBL over time and by reported
// domain, rates with threshold flags, recent diagnostics by provider signature, and the
// deliveries/bounces per sending IP (`bySourceIp`), and the ingestion status per node with
// each of its sources (files seen and skipped, webhook batches; malformed-line text for admins
// only). `from`/`to`: epoch ms or ISO-8601; no range = everything stored.
export const GET = apiRoute(routes['GET /api/bounces'], async ({ query, user }) => {
  const ingest = getRuntime().accounting;
  const { config, store } = ingest;
  return bouncesReport(
    store,
    query,
    config.accounting.thresholds,
    ingestionStatusFor(user.role, await ingestionStatus(config, store, ingest.status(), ingest.webhookStatus())),
  );
});
