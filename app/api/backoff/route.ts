import { z } from 'zod';
import { apiRoute } from '@/lib/api/route';
import { nodeIdParam } from '@/lib/api/params';
import { ApiError } from '@/lib/api/errors';
import { getRuntime } from '@/lib/runtime/current';
import { backoffBoard } from '@/lib/read-models/backoff-board';

const query = z.object({ node: nodeIdParam.optional() }).strict();

// GET /api/backoff[?node=] – queues in backoff grouped by the provider signature of their last error.
export const GET = apiRoute({ role: 'viewer', query }, ({ query: p }) => {
  const fleet = getRuntime().fleet;
  if (p.node && !fleet.node(p.node)) throw new ApiError('bad_request', `node: unknown node "${p.node}"`);
  return { generatedAt: Date.now(), groups: backoffBoard(fleet, p.node) };
});
