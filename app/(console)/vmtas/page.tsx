import { dehydrate, HydrationBoundary } from '@tanstack/react-query';
import { VmtasPage } from '@/components/vmtas/VmtasPage';
import { newServerQueryClient, prefetch, searchParamsOf, type PageSearchParams } from '@/lib/query/server';

export const metadata = { title: 'vMTAs' };

// Server: the node filter from the URL (read as the client reads it) and the page's data
// prefetched; client: VmtasPage.
export default async function Page({ searchParams }: { searchParams: Promise<PageSearchParams> }) {
  const node = searchParamsOf(await searchParams).get('node') || undefined;
  const qc = newServerQueryClient();
  await prefetch.vmtas(qc, node);
  return (
    <HydrationBoundary state={dehydrate(qc)}>
      <VmtasPage />
    </HydrationBoundary>
  );
}
