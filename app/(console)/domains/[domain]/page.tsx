import { dehydrate, HydrationBoundary } from '@tanstack/react-query';
import { DomainPage } from '@/components/domains/DomainPage';
import { ActionsPanel } from '@/components/actions/ActionsPanel';
import { DomainBouncePanel } from '@/components/bounces/DomainBouncePanel';
import { newServerQueryClient, prefetch } from '@/lib/query/server';

export async function generateMetadata({ params }: { params: Promise<{ domain: string }> }) {
  return { title: decodeURIComponent((await params).domain) };
}

// Server: prefetch the domain's queues, verdicts and errors; client: DomainPage, with the
// actions panel and the bounce panel in its `actions` and `bounces` props.
export default async function Page({ params }: { params: Promise<{ domain: string }> }) {
  const domain = decodeURIComponent((await params).domain).toLowerCase();
  const qc = newServerQueryClient();
  await prefetch.domain(qc, domain);
  return (
    <HydrationBoundary state={dehydrate(qc)}>
      <DomainPage domain={domain} actions={<ActionsPanel domain={domain} />} bounces={<DomainBouncePanel domain={domain} />} />
    </HydrationBoundary>
  );
}
