import { apiRoute } from '@/lib/api/route';
import { routes } from '@/lib/api/contracts/registry';
import { getRuntime } from '@/lib/runtime/current';

// GET /api/jobs (viewer) – every job on every node (`/jobs`, asked on demand), merged by id,
// with each node's recipients, kB and paused flag; nodes that could not answer in `failed`.
export const GET = apiRoute(routes['GET /api/jobs'], () => getRuntime().toolbox.jobs());
