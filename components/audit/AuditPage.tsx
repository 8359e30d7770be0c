'use client';
// The audit log: every queue action with who, when, from where, what, where, why and how it
// went. Filters live in the URL. Everyone signed in may read it; CSV export is for admins
// (the export API enforces that; the link is only shown to them).
import { withQuery } from '@/lib/query/fetcher';
import { useAuditQuery } from '@/lib/query/audit';
import { useMeQuery } from '@/lib/query/session';
import { QueryState } from '@/components/ui/QueryState';
import { useUrlParams } from '@/components/ui/useUrlParams';
import { auditQuery, parseAuditFilters } from './audit-view';
import { AuditTable } from './AuditTable';

export function AuditPage() {
  const [params, set] = useUrlParams();
  const filters = parseAuditFilters(params);
  const query = auditQuery(filters);
  const q = useAuditQuery(query);
  const isAdmin = useMeQuery().data?.user.role === 'admin';
  return (
    <div className="grid">
      <h1>Audit log</h1>
      <div className="panel row">
        <label>
          User <input value={filters.user} onChange={(e) => set({ user: e.target.value })} placeholder="any" aria-label="Filter by user" />
        </label>
        <label>
          Domain{' '}
          <input
            value={filters.domain}
            onChange={(e) => set({ domain: e.target.value.trim() })}
            placeholder="any (includes */vmta actions)"
            aria-label="Filter by domain"
          />
        </label>
        <label>
          From (UTC) <input type="datetime-local" value={filters.from} onChange={(e) => set({ from: e.target.value })} />
        </label>
        <label>
          To (UTC) <input type="datetime-local" value={filters.to} onChange={(e) => set({ to: e.target.value })} />
        </label>
        {isAdmin ? (
          <a href={withQuery('/api/audit/export', { ...query, limit: undefined })} download data-testid="audit-export">
            Export CSV
          </a>
        ) : (
          <span className="muted">CSV export: admins only</span>
        )}
      </div>
      <QueryState isPending={q.isPending} error={q.error} what="the audit log">
        {q.data ? (
          <>
            <AuditTable entries={q.data.entries} />
            {q.data.more ? <div className="muted">Showing the newest {q.data.entries.length}; narrow the filters to see older entries.</div> : null}
          </>
        ) : null}
      </QueryState>
    </div>
  );
}
