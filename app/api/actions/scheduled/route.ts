import { apiRoute } from '@/lib/api/route';
import { routes } from '@/lib/api/contracts/registry';
import { getRuntime } from '@/lib/runtime/current';

// GET /api/actions/scheduled (viewer) – pending automatic resumes of time-boxed pauses, soonest
// first, so queue rows can show "paused until 14:00".
export const GET = apiRoute(routes['GET /api/actions/scheduled'], async () => ({ resumes: await getRuntime().actions.resumes.pending() }));
