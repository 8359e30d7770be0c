'use client';
// One node's licence expiry (`show license`, guide §6.3.28) for node tables: the date, days
// left, and a warning badge from 30 days before (lib/license decides; the same query as the
// overview's LicenseWarnings, so no second request).
import { useHydrated } from '@/components/ui/useHydrated';
import { useLicensesQuery } from '@/lib/query/toolbox';

export function LicenseCell({ node }: { node: string }) {
  // The licences stream in after the page's HTML (they are asked of the nodes): the server and the
  // hydrating browser both render "–", then the browser fills the date in, so hydration matches.
  const hydrated = useHydrated();
  const l = useLicensesQuery().data?.licenses.find((x) => x.node === node);
  if (!l || !hydrated) return <span className="muted">–</span>;
  if (l.error || l.expires === null)
    return (
      <span className="muted" title={l.error ?? l.text}>
        unknown
      </span>
    );
  const expired = l.daysLeft !== null && l.daysLeft < 0;
  return (
    <span data-testid={`license-${node}`} title={l.text}>
      {l.expires}{' '}
      {l.warning ? (
        <span className={`badge ${expired ? 'danger' : 'warn'}`}>{expired ? 'expired' : `${l.daysLeft} day(s) left`}</span>
      ) : (
        <span className="muted">({l.daysLeft} days)</span>
      )}
    </span>
  );
}
