'use client';
// The navigation's count of firing (unsilenced) alerts.
import { useAlertsQuery } from '@/lib/query/alerts';

export const FIRING_ONLY = { state: 'firing' } as const;

export function AlertBadge() {
  const n = useAlertsQuery(FIRING_ONLY).data?.counts.firing ?? 0;
  if (!n) return null;
  return (
    <span className="badge danger" data-testid="alert-badge" aria-label={`${n} firing alert${n === 1 ? '' : 's'}`} style={{ marginLeft: 6 }}>
      {n}
    </span>
  );
}
