import { dehydrate, HydrationBoundary } from '@tanstack/react-query';
import { AlertsPage } from '@/components/alerts/AlertsPage';
import { alertsQuery } from '@/components/alerts/alerts-view';
import { newServerQueryClient, prefetch, searchParamsOf, type PageSearchParams } from '@/lib/query/server';

export const metadata = { title: 'Alerts' };

// Server: the alerts for the URL's filters prefetched; client: AlertsPage.
export default async function Page({ searchParams }: { searchParams: Promise<PageSearchParams> }) {
  const qc = newServerQueryClient();
  await prefetch.alerts(qc, alertsQuery(searchParamsOf(await searchParams)));
  return (
    <HydrationBoundary state={dehydrate(qc)}>
      <AlertsPage />
    </HydrationBoundary>
  );
}
