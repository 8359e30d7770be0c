import { dehydrate, HydrationBoundary } from '@tanstack/react-query';
import { SourcesPage } from '@/components/sources/SourcesPage';
import { parseBounceView } from '@/components/bounces/bounce-view';
import { newServerQueryClient, prefetch, searchParamsOf, type PageSearchParams } from '@/lib/query/server';

export const metadata = { title: 'Source IPs' };

// Server: the per-IP report for the URL's range and the nodes' disabled sources prefetched
// together (both awaited, so the page hydrates with what it was rendered with); client: SourcesPage.
export default async function Page({ searchParams }: { searchParams: Promise<PageSearchParams> }) {
  const view = parseBounceView(searchParamsOf(await searchParams));
  const qc = newServerQueryClient();
  await Promise.all([prefetch.sources(qc, view), prefetch.disabledSources(qc)]);
  return (
    <HydrationBoundary state={dehydrate(qc)}>
      <SourcesPage />
    </HydrationBoundary>
  );
}
