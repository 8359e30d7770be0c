import { apiRoute } from '@/lib/api/route';
import { routes } from '@/lib/api/contracts/registry';
import { ApiError } from '@/lib/api/errors';
import { getRuntime } from '@/lib/runtime/current';
import { backoffBoard } from '@/lib/read-models/backoff-board';

// GET /api/backoff[?node=] – queues in backoff grouped by the provider signature of their last error.
export const GET = apiRoute(routes['GET /api/backoff'], ({ query: p }) => {
  const fleet = getRuntime().fleet;
  if (p.node && !fleet.node(p.node)) throw new ApiError('bad_request', `node: unknown node "${p.node}"`);
  return { generatedAt: Date.now(), groups: backoffBoard(fleet, p.node) };
});
