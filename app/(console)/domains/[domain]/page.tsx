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

// Server: the domain's queues, verdicts and errors, its history and drain ETA prefetched (the
// first paint waits for them; the node and period from the URL, read as the client reads
// them); client:
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
  // All four awaited: a query still in flight when the page renders is rendered as loading
  // on the server, but its result can reach the browser's cache before hydration, and the
  // first client render then shows data where the HTML has a placeholder (React #418, seen
  // on the PostgreSQL store, whose history reads take long enough to be caught in flight).
  await Promise.all([
    prefetch.domain(qc, domain),
    prefetch.ledger(qc),
    prefetch.domainHistory(qc, domain, parsePeriodParams(sp), sp.get('node') || undefined),
    prefetch.drain(qc, domain),
  ]);
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
