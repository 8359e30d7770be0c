import { Suspense } from 'react';
import { QueuesPage } from '@/components/queues/QueuesPage';

export const metadata = { title: 'Queues' };

// Suspense: the view lives in the URL (useSearchParams), read on the client.
export default function Page() {
  return (
    <Suspense fallback={<div className="muted">Loading queues…</div>}>
      <QueuesPage />
    </Suspense>
  );
}
