import { z } from 'zod';
import { apiRoute } from '@/lib/api/route';
import { nodeIdParam } from '@/lib/api/params';
import { ApiError } from '@/lib/api/errors';
import { getRuntime } from '@/lib/runtime/current';
import { vmtaViews } from '@/lib/read-models/vmta-view';

const query = z.object({ node: nodeIdParam.optional() }).strict();

// GET /api/vmtas[?node=] – totals per vMTA across the fleet (or one node), with each vMTA's top domains.
export const GET = apiRoute({ role: 'viewer', query }, ({ query: p }) => {
  const fleet = getRuntime().fleet;
  if (p.node && !fleet.node(p.node)) throw new ApiError('bad_request', `node: unknown node "${p.node}"`);
  return { generatedAt: Date.now(), vmtas: vmtaViews(fleet, p.node) };
});
