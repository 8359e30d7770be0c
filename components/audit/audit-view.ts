// The audit page's filters as URL parameters, and what they ask /api/audit for (also the
// server's prefetch, so both build the same query key). Times are typed as UTC. Pure module.
import { parseUtcInput } from '@/lib/format';
import type { QueryParams } from '@/lib/query/fetcher';

export interface AuditFilters {
  user: string;
  domain: string;
  from: string;
  to: string;
}

/** Newest entries shown; the page says so when there are more. */
export const AUDIT_LIMIT = 500;

export function parseAuditFilters(sp: URLSearchParams): AuditFilters {
  return { user: sp.get('user') ?? '', domain: sp.get('domain') ?? '', from: sp.get('from') ?? '', to: sp.get('to') ?? '' };
}

export function auditQuery(f: AuditFilters): QueryParams {
  return { user: f.user || undefined, domain: f.domain.toLowerCase() || undefined, from: parseUtcInput(f.from), to: parseUtcInput(f.to), limit: AUDIT_LIMIT };
}
