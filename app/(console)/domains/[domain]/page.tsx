import { Suspense } from 'react';
import { DomainPage } from '@/components/domains/DomainPage';
import { ActionsPanel } from '@/components/actions/ActionsPanel';
import { DomainBouncePanel } from '@/components/bounces/DomainBouncePanel';

export async function generateMetadata({ params }: { params: Promise<{ domain: string }> }) {
  return { title: decodeURIComponent((await params).domain) };
}

// The actions panel and the bounce panel go into DomainPage's `actions` and `bounces` props.
export default async function Page({ params }: { params: Promise<{ domain: string }> }) {
  const domain = decodeURIComponent((await params).domain).toLowerCase();
  return (
    <Suspense fallback={<div className="muted">Loading {domain}…</div>}>
      <DomainPage domain={domain} actions={<ActionsPanel domain={domain} />} bounces={<DomainBouncePanel domain={domain} />} />
    </Suspense>
  );
}
