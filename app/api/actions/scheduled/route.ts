import { apiRoute } from '@/lib/api/route';
import { getRuntime } from '@/lib/runtime/current';
import type { ScheduledResumesResponse } from '@/lib/actions/types';

// GET /api/actions/scheduled (viewer) – pending automatic resumes of time-boxed pauses, soonest
// first, so queue rows can show "paused until 14:00".
export const GET = apiRoute({ role: 'viewer' }, (): ScheduledResumesResponse => ({ resumes: getRuntime().actions.resumes.pending() }));
