'use client';
// Licence expiry per node (`show license`): a warning from 30 days before, on the overview.
import { useLicensesQuery } from '@/lib/query/toolbox';
import { useHydrated } from '@/components/ui/useHydrated';

export function LicenseWarnings() {
  const q = useLicensesQuery();
  // Streamed after the HTML (LicenseCell): shown from the render after hydration.
  const hydrated = useHydrated();
  const warn = (q.data?.licenses ?? []).filter((l) => l.warning);
  if (!warn.length || !hydrated) return null;
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
