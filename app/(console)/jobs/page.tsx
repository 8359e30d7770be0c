import { dehydrate, HydrationBoundary } from '@tanstack/react-query';
import { JobsPage } from '@/components/jobs/JobsPage';
import { parseBounceView } from '@/components/bounces/bounce-view';
import { newServerQueryClient, prefetch, searchParamsOf, type PageSearchParams } from '@/lib/query/server';

export const metadata = { title: 'Jobs' };

// Server: the accounting per job for the URL's range prefetched (from the store: fast); the
// nodes' `/jobs` asked alongside and streamed (they are asked on demand, not polled); client: JobsPage.
export default async function Page({ searchParams }: { searchParams: Promise<PageSearchParams> }) {
  const view = parseBounceView(searchParamsOf(await searchParams));
  const qc = newServerQueryClient();
  void prefetch.jobs(qc);
  await prefetch.jobsAccounting(qc, view);
  return (
    <HydrationBoundary state={dehydrate(qc)}>
      <JobsPage />
    </HydrationBoundary>
  );
}
