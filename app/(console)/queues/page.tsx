import { dehydrate, HydrationBoundary } from '@tanstack/react-query';
import { QueuesPage } from '@/components/queues/QueuesPage';
import { parseQueueView, queueWindowParams, viewParams } from '@/components/queues/queue-url';
import { newServerQueryClient, prefetch, searchParamsOf, type PageSearchParams } from '@/lib/query/server';

export const metadata = { title: 'Queues' };

// Server: the view from the URL, parsed exactly as the client parses it (queue-url.ts), and
// its first window prefetched under the key the client's query uses; client: QueuesPage.
export default async function Page({ searchParams }: { searchParams: Promise<PageSearchParams> }) {
  const view = parseQueueView(searchParamsOf(await searchParams));
  const qc = newServerQueryClient();
  await prefetch.queues(qc, queueWindowParams(viewParams(view), 0));
  return (
    <HydrationBoundary state={dehydrate(qc)}>
      <QueuesPage />
    </HydrationBoundary>
  );
}
