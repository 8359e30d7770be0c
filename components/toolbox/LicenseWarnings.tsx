'use client';
// Licence expiry per node (`show license`): a warning from 30 days before, on the overview.
import { useLicensesQuery } from '@/lib/query/toolbox';

export function LicenseWarnings() {
  const q = useLicensesQuery();
  const warn = (q.data?.licenses ?? []).filter((l) => l.warning);
  if (!warn.length) return null;
  return (
    <div className="panel" role="status" data-testid="license-warnings">
      {warn.map((l) => (
        <div key={l.node}>
          Licence of <strong>{l.node}</strong>{' '}
          {l.daysLeft !== null && l.daysLeft < 0 ? `expired on ${l.expires}` : `expires on ${l.expires} (${l.daysLeft} day(s))`}
        </div>
      ))}
    </div>
  );
}
