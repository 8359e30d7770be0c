import { z } from 'zod';
import { apiRoute } from '@/lib/api/route';
import { domainParam } from '@/lib/api/params';
import { ApiError } from '@/lib/api/errors';
import { getRuntime } from '@/lib/runtime/current';
import { domainView } from '@/lib/read-models/domain-view';

// GET /api/domains/{domain} – every queue of one domain on every node, totals, backing-up
// verdicts with reasons, recent errors, and the backlog per queue seen so far.
export const GET = apiRoute({ role: 'viewer' }, ({ params }) => {
  const parsed = z.object({ domain: domainParam }).safeParse({ domain: decodeURIComponent(params.domain ?? '') });
  if (!parsed.success) throw new ApiError('bad_request', `domain: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  const view = domainView(getRuntime().fleet, parsed.data.domain.toLowerCase());
  return view;
});
