import { apiRoute } from '@/lib/api/route';
import { routes } from '@/lib/api/contracts/registry';
import { getRuntime } from '@/lib/runtime/current';
import { jobDetail } from '@/lib/jobs/job-detail';

// GET /api/jobs/{job}?from=&to= (viewer) – one job: its `/jobs` entry per node (recipients, kB,
// paused), its accounting totals and rates, and the queues per node its accounting records went
// through, each with the queue's live state from the latest snapshot.
export const GET = apiRoute(routes['GET /api/jobs/{job}'], ({ params, query }) => jobDetail(getRuntime(), params.job, query));
