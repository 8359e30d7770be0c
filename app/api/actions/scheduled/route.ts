import { apiRoute } from '@/lib/api/route';
import { routes } from '@/lib/api/contracts/registry';
import { getActionDeps } from '@/lib/actions/runtime';

// GET /api/actions/scheduled (viewer) – pending automatic resumes of time-boxed pauses, soonest
// first, so queue rows can show "paused until 14:00".
export const GET = apiRoute(routes['GET /api/actions/scheduled'], () => ({ resumes: getActionDeps().resumes.pending() }));
