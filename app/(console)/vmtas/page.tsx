import { Suspense } from 'react';
import { VmtasPage } from '@/components/vmtas/VmtasPage';

export const metadata = { title: 'vMTAs' };

// Suspense: the node filter lives in the URL (useSearchParams), read on the client.
export default function Page() {
  return (
    <Suspense fallback={<div className="muted">Loading…</div>}>
      <VmtasPage />
    </Suspense>
  );
}
