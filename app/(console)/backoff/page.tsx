import { dehydrate, HydrationBoundary } from '@tanstack/react-query';
import { BackoffPage } from '@/components/backoff/BackoffPage';
import { newServerQueryClient, prefetch, searchParamsOf, type PageSearchParams } from '@/lib/query/server';

export const metadata = { title: 'Backoff' };

// Server: the node filter from the URL (read as the client reads it) and the page's data
// prefetched; client: BackoffPage.
export default async function Page({ searchParams }: { searchParams: Promise<PageSearchParams> }) {
  const node = searchParamsOf(await searchParams).get('node') || undefined;
  const qc = newServerQueryClient();
  await prefetch.backoff(qc, node);
  return (
    <HydrationBoundary state={dehydrate(qc)}>
      <BackoffPage />
    </HydrationBoundary>
  );
}
