import { Suspense } from 'react';
import { BouncesPage } from '@/components/bounces/BouncesPage';

export const metadata = { title: 'Bounces' };

// Suspense: the view lives in the URL (useSearchParams), read on the client.
export default function Page() {
  return (
    <Suspense fallback={<div className="muted">Loading bounces…</div>}>
      <BouncesPage />
    </Suspense>
  );
}
