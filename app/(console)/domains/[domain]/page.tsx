import { notFound } from 'next/navigation';
import { dehydrate, HydrationBoundary } from '@tanstack/react-query';
import { decodePathSegment, domainParam } from '@/lib/api/params';
import { DomainPage } from '@/components/domains/DomainPage';
import { ActionsPanel, type PrefilledAction } from '@/components/actions/ActionsPanel';
import { nodeIdParam } from '@/lib/api/params';
import { parseDurationSeconds } from '@/lib/config/duration';
import { DomainBouncePanel } from '@/components/bounces/DomainBouncePanel';
import { parsePeriodParams } from '@/components/history/period';
import { newServerQueryClient, prefetch, searchParamsOf, type PageSearchParams } from '@/lib/query/server';

/** The domain of the URL, or null for a malformed escape (`%E0%A4%A`) or a non-domain. */
async function domainOf(params: Promise<{ domain: string }>): Promise<string | null> {
  const parsed = domainParam.safeParse(decodePathSegment((await params).domain));
  return parsed.success ? parsed.data.toLowerCase() : null;
}

export async function generateMetadata({ params }: { params: Promise<{ domain: string }> }) {
  return { title: (await domainOf(params)) ?? 'Not a domain' };
}

// Server: the domain's queues, verdicts and errors prefetched (the first paint waits for
// them), its history and drain ETA started alongside and streamed to the browser if not done
// by then (the node and period from the URL, read as the client reads them); client:
// DomainPage, with the actions panel and the bounce panel in its `actions` and `bounces` props.
/** `?act=pause&node=…&pattern=<domain>/…&duration=30m` (an alert's link) → the preview to open. */
function prefilledOf(domain: string, sp: URLSearchParams): PrefilledAction | undefined {
  const node = nodeIdParam.safeParse(sp.get('node'));
  const pattern = sp.get('pattern') ?? `${domain}/*`;
  if (sp.get('act') !== 'pause' || !node.success || !pattern.toLowerCase().startsWith(`${domain}/`) || pattern.length > 300) return undefined;
  const seconds = parseDurationSeconds(sp.get('duration') ?? '');
  return { action: 'pause', node: node.data, pattern: pattern.toLowerCase(), resumeInSeconds: seconds && seconds <= 30 * 86_400 ? seconds : null };
}

export default async function Page({ params, searchParams }: { params: Promise<{ domain: string }>; searchParams: Promise<PageSearchParams> }) {
  const domain = await domainOf(params);
  if (domain === null) notFound();
  const sp = searchParamsOf(await searchParams);
  const qc = newServerQueryClient();
  void prefetch.domainHistory(qc, domain, parsePeriodParams(sp), sp.get('node') || undefined);
  void prefetch.drain(qc, domain);
  await Promise.all([prefetch.domain(qc, domain), prefetch.ledger(qc)]);
  return (
    <HydrationBoundary state={dehydrate(qc)}>
      <DomainPage
        domain={domain}
        actions={<ActionsPanel key={sp.toString()} domain={domain} prefilled={prefilledOf(domain, sp)} />}
        bounces={<DomainBouncePanel domain={domain} />}
      />
    </HydrationBoundary>
  );
}
