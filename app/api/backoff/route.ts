import { apiRoute } from '@/lib/api/route';
import { getFleet } from '@/lib/fleet/fleet';
import { backoffBoard } from '@/lib/fleet/backoff-board';

// GET /api/backoff – queues in backoff grouped by the provider signature of their last error.
export const GET = apiRoute({ role: 'viewer' }, () => ({ generatedAt: Date.now(), groups: backoffBoard(getFleet()) }));
