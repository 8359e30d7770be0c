import { Suspense } from 'react';
import { AuditPage } from '@/components/audit/AuditPage';

export const metadata = { title: 'Audit log' };

// Every signed-in user may read the audit log (viewers "see everything"); export is admin-only.
export default function Page() {
  return (
    <Suspense fallback={<div className="muted">Loading the audit log…</div>}>
      <AuditPage />
    </Suspense>
  );
}
