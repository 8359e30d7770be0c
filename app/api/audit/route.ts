import { apiRoute } from '@/lib/api/route';
import { routes } from '@/lib/api/contracts/registry';
import { getRuntime } from '@/lib/runtime/current';

// GET /api/audit?from=&to=&user=&domain=&limit=&before= (viewer) – audit entries, newest
// first. Viewers may read it: the issue has them "see everything", and who paused a domain is
// exactly what they need to know. `domain` includes wildcard-domain actions (`*/vmta`).
// `before` = an id, for the next page.
export const GET = apiRoute(routes['GET /api/audit'], async ({ query: q }) => {
  const limit = q.limit ?? 200;
  const entries = await getRuntime().audit.list({ from: q.from, to: q.to, user: q.user, domain: q.domain, beforeId: q.before, limit: limit + 1 });
  return { entries: entries.slice(0, limit), more: entries.length > limit };
});
