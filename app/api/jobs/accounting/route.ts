import { apiRoute } from '@/lib/api/route';
import { routes } from '@/lib/api/contracts/registry';
import { getRuntime } from '@/lib/runtime/current';
import { queryJobAccounting } from '@/lib/accounting/store/jobs';

// GET /api/jobs/accounting?from=&to=&node=&domain=&vmta= (viewer) – accounting per job (the
// records' jobId): delivered, bounces by class, remote bounces, complaints, and the bounce and
// complaint rates flagged against accounting.thresholds. No range = everything stored.
export const GET = apiRoute(routes['GET /api/jobs/accounting'], async ({ query }) => {
  const { store, config } = getRuntime().accounting;
  const thresholds = config.accounting.thresholds;
  return { generatedAt: Date.now(), filter: query, thresholds, jobs: await queryJobAccounting(store, query, thresholds) };
});
