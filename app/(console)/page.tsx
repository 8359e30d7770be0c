import { dehydrate, HydrationBoundary } from '@tanstack/react-query';
import { OverviewPage } from '@/components/overview/OverviewPage';
import { newServerQueryClient, prefetch } from '@/lib/query/server';

export const metadata = { title: 'Overview' };

// Server: prefetch the overview (in-process, lib/query/server.ts); client: OverviewPage.
export default async function Page() {
  const qc = newServerQueryClient();
  // Licence expiry asks the nodes (cached ten minutes): streamed if not ready at first paint.
  void prefetch.licenses(qc);
  await Promise.all([prefetch.overview(qc), prefetch.ledger(qc)]);
  return (
    <HydrationBoundary state={dehydrate(qc)}>
      <OverviewPage />
    </HydrationBoundary>
  );
}
