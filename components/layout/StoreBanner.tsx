'use client';
// Says so on every page when the console's store fails while it runs: live data still comes
// from the nodes, but history, the audit log and actions (which need their audit record) wait
// for the store to recover (GET /api/status, lib/store/health.ts).
import { useStatusQuery } from '@/lib/query/overview';

export function StoreBanner() {
  const status = useStatusQuery();
  const store = status.data?.store;
  if (!store || store.ok) return null;
  return (
    <div className="error-box" role="alert" data-testid="store-banner">
      The console&apos;s store is unavailable ({store.error}): live data is still shown, but history and the audit log are unavailable and actions are refused
      until it recovers.
    </div>
  );
}
