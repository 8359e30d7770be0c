import { apiRoute } from '@/lib/api/route';
import { routes } from '@/lib/api/contracts/registry';
import { auditCsvHeader, auditCsvRow } from '@/lib/audit/csv';
import { getRuntime } from '@/lib/runtime/current';

// GET /api/audit/export?from=&to=&user=&domain=&limit= (admin only) – the filtered audit log
// as CSV, newest first (at most 100 000 rows).
export const GET = apiRoute(routes['GET /api/audit/export'], async ({ query: q }) => {
  const entries = await getRuntime().audit.list({ from: q.from, to: q.to, user: q.user, domain: q.domain, beforeId: q.before, limit: q.limit ?? 100_000 });
  const body = auditCsvHeader() + entries.map(auditCsvRow).join('');
  const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-');
  return new Response(body, {
    headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="pmta-audit-${stamp}.csv"` },
  });
});
