'use client';
// The overview's first panel: firing alerts (unsilenced), each with its link to act.
import Link from 'next/link';
import { useAlertsQuery } from '@/lib/query/alerts';
import { RelativeTime } from '@/components/ui/RelativeTime';
import { FIRING_ONLY } from './AlertBadge';

export function FiringAlerts() {
  const alerts = (useAlertsQuery(FIRING_ONLY).data?.alerts ?? []).filter((a) => a.silencedBy === null);
  if (!alerts.length) return null;
  return (
    <section className="panel" data-testid="firing-alerts" style={{ borderLeft: '4px solid var(--danger)' }}>
      <h2>
        Firing alerts{' '}
        <Link href="/alerts" className="muted">
          all alerts
        </Link>
      </h2>
      <ul style={{ margin: 0, paddingLeft: 18 }}>
        {alerts.slice(0, 10).map((a) => (
          <li key={a.id}>
            <strong>{a.rule}</strong> {a.summary}{' '}
            <span className="muted">
              · since <RelativeTime at={a.firingSince ?? a.since} />
            </span>{' '}
            <Link href={a.link}>Act…</Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
