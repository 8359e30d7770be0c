import { dehydrate, HydrationBoundary } from '@tanstack/react-query';
import { AuditPage } from '@/components/audit/AuditPage';
import { auditQuery, parseAuditFilters } from '@/components/audit/audit-view';
import { newServerQueryClient, prefetch, searchParamsOf, type PageSearchParams } from '@/lib/query/server';

export const metadata = { title: 'Audit log' };

// Every signed-in user may read the audit log (viewers "see everything"); export is admin-only.
// Server: the filters from the URL (parsed as the client parses them) and the entries
// prefetched; client: AuditPage.
export default async function Page({ searchParams }: { searchParams: Promise<PageSearchParams> }) {
  const query = auditQuery(parseAuditFilters(searchParamsOf(await searchParams)));
  const qc = newServerQueryClient();
  await prefetch.audit(qc, query);
  return (
    <HydrationBoundary state={dehydrate(qc)}>
      <AuditPage />
    </HydrationBoundary>
  );
}
