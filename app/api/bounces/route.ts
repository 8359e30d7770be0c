import { apiRoute } from '@/lib/api/route';
import { getAccountingIngest } from '@/lib/accounting/ingest/manager';
import { ingestionStatus, ingestionStatusFor } from '@/lib/accounting/ingest/status';
import { bounceFilterParams } from '@/lib/accounting/store/params';
import { bouncesReport } from '@/lib/accounting/store/report';

// GET /api/bounces?from=&to=&node=&domain=&vmta=&job= – bounce and complaint totals from the
// accounting files: by category, top bouncing domains, vMTAs, FBL over time and by reported
// domain, rates with threshold flags, recent diagnostics by provider signature, and the
// ingestion status per node (malformed-line text for admins only). `from`/`to`: epoch ms or
// ISO-8601; no range = everything stored.
export const GET = apiRoute({ role: 'viewer', query: bounceFilterParams }, ({ query, user }) => {
  const ingest = getAccountingIngest();
  const { config, db } = ingest;
  return bouncesReport(db, query, config.accounting.thresholds, ingestionStatusFor(user.role, ingestionStatus(config, db, ingest.status())));
});
