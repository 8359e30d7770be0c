import { Suspense } from 'react';
import { BackoffPage } from '@/components/backoff/BackoffPage';

export const metadata = { title: 'Backoff' };

// Suspense: the node filter lives in the URL (useSearchParams), read on the client.
export default function Page() {
  return (
    <Suspense fallback={<div className="muted">Loading…</div>}>
      <BackoffPage />
    </Suspense>
  );
}
