'use client';
// The audit log, newest first, with the page's filters.
import { useQuery } from '@tanstack/react-query';
import { apiFetch, type QueryParams } from './fetcher';
import { queryKeys } from './keys';
import { polled } from './polling';

export function useAuditQuery(query: QueryParams) {
  return useQuery({ queryKey: queryKeys.audit(query), queryFn: ({ signal }) => apiFetch('/api/audit', { query, signal }), ...polled });
}
