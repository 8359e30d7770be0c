import { Suspense } from 'react';
import { notFound } from 'next/navigation';
import { decodePathSegment, domainParam } from '@/lib/api/params';
import { DomainPage } from '@/components/domains/DomainPage';
import { ActionsPanel } from '@/components/actions/ActionsPanel';
import { DomainBouncePanel } from '@/components/bounces/DomainBouncePanel';

/** The domain of the URL, or null for a malformed escape (`%E0%A4%A`) or a non-domain. */
async function domainOf(params: Promise<{ domain: string }>): Promise<string | null> {
  const parsed = domainParam.safeParse(decodePathSegment((await params).domain));
  return parsed.success ? parsed.data.toLowerCase() : null;
}

export async function generateMetadata({ params }: { params: Promise<{ domain: string }> }) {
  return { title: (await domainOf(params)) ?? 'Not a domain' };
}

// The actions panel and the bounce panel go into DomainPage's `actions` and `bounces` props.
export default async function Page({ params }: { params: Promise<{ domain: string }> }) {
  const domain = await domainOf(params);
  if (domain === null) notFound();
  return (
    <Suspense fallback={<div className="muted">Loading {domain}…</div>}>
      <DomainPage domain={domain} actions={<ActionsPanel domain={domain} />} bounces={<DomainBouncePanel domain={domain} />} />
    </Suspense>
  );
}
