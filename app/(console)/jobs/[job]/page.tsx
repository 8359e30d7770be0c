import { notFound } from 'next/navigation';
import { dehydrate, HydrationBoundary } from '@tanstack/react-query';
import { decodePathSegment } from '@/lib/api/params';
import { jobIdParam } from '@/lib/api/contracts/sources';
import { JobDetailPage } from '@/components/jobs/JobDetailPage';
import { parseBounceView } from '@/components/bounces/bounce-view';
import { newServerQueryClient, prefetch, searchParamsOf, type PageSearchParams } from '@/lib/query/server';

async function jobOf(params: Promise<{ job: string }>): Promise<string | null> {
  const parsed = jobIdParam.safeParse(decodePathSegment((await params).job));
  return parsed.success ? parsed.data : null;
}

export async function generateMetadata({ params }: { params: Promise<{ job: string }> }) {
  return { title: `Job ${(await jobOf(params)) ?? '?'}` };
}

// Server: the job's drill-down (its /jobs entries, accounting and queues) prefetched for the
// URL's range; client: JobDetailPage. A malformed job id is a 404, never a request to a node.
export default async function Page({ params, searchParams }: { params: Promise<{ job: string }>; searchParams: Promise<PageSearchParams> }) {
  const job = await jobOf(params);
  if (job === null) notFound();
  const view = parseBounceView(searchParamsOf(await searchParams));
  const qc = newServerQueryClient();
  await prefetch.jobDetail(qc, job, view);
  return (
    <HydrationBoundary state={dehydrate(qc)}>
      <JobDetailPage job={job} />
    </HydrationBoundary>
  );
}
