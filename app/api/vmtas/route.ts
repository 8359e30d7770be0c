import { apiRoute } from '@/lib/api/route';
import { routes } from '@/lib/api/contracts/registry';
import { ApiError } from '@/lib/api/errors';
import { getRuntime } from '@/lib/runtime/current';
import { vmtaViews } from '@/lib/read-models/vmta-view';

// GET /api/vmtas[?node=] – totals per vMTA across the fleet (or one node), with each vMTA's top domains.
export const GET = apiRoute(routes['GET /api/vmtas'], ({ query: p }) => {
  const fleet = getRuntime().fleet;
  if (p.node && !fleet.node(p.node)) throw new ApiError('bad_request', `node: unknown node "${p.node}"`);
  return { generatedAt: Date.now(), vmtas: vmtaViews(fleet, p.node) };
});
