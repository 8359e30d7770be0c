import { dehydrate, HydrationBoundary } from '@tanstack/react-query';
import { BouncesPage } from '@/components/bounces/BouncesPage';
import { parseBounceView } from '@/components/bounces/bounce-view';
import { newServerQueryClient, prefetch, searchParamsOf, type PageSearchParams } from '@/lib/query/server';

export const metadata = { title: 'Bounces' };

// Server: the view from the URL (parsed as the client parses it) and its report prefetched;
// client: BouncesPage.
export default async function Page({ searchParams }: { searchParams: Promise<PageSearchParams> }) {
  const view = parseBounceView(searchParamsOf(await searchParams));
  const qc = newServerQueryClient();
  await prefetch.bounces(qc, view);
  return (
    <HydrationBoundary state={dehydrate(qc)}>
      <BouncesPage />
    </HydrationBoundary>
  );
}
