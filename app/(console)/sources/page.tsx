import { dehydrate, HydrationBoundary } from '@tanstack/react-query';
import { SourcesPage } from '@/components/sources/SourcesPage';
import { parseBounceView } from '@/components/bounces/bounce-view';
import { newServerQueryClient, prefetch, searchParamsOf, type PageSearchParams } from '@/lib/query/server';

export const metadata = { title: 'Source IPs' };

// Server: the per-IP report for the URL's range prefetched (the first paint waits for it), the
// nodes' disabled sources started alongside and streamed; client: SourcesPage.
export default async function Page({ searchParams }: { searchParams: Promise<PageSearchParams> }) {
  const view = parseBounceView(searchParamsOf(await searchParams));
  const qc = newServerQueryClient();
  void prefetch.disabledSources(qc);
  await prefetch.sources(qc, view);
  return (
    <HydrationBoundary state={dehydrate(qc)}>
      <SourcesPage />
    </HydrationBoundary>
  );
}
