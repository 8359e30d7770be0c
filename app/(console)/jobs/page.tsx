import { dehydrate, HydrationBoundary } from '@tanstack/react-query';
import { JobsPage } from '@/components/jobs/JobsPage';
import { parseBounceView } from '@/components/bounces/bounce-view';
import { newServerQueryClient, prefetch, searchParamsOf, type PageSearchParams } from '@/lib/query/server';

export const metadata = { title: 'Jobs' };

// Server: the accounting per job for the URL's range (from the store) and the nodes' `/jobs`
// (asked on demand, not polled) prefetched together, both awaited so the page hydrates with
// exactly what it was rendered with; client: JobsPage.
export default async function Page({ searchParams }: { searchParams: Promise<PageSearchParams> }) {
  const view = parseBounceView(searchParamsOf(await searchParams));
  const qc = newServerQueryClient();
  await Promise.all([prefetch.jobs(qc), prefetch.jobsAccounting(qc, view)]);
  return (
    <HydrationBoundary state={dehydrate(qc)}>
      <JobsPage />
    </HydrationBoundary>
  );
}
