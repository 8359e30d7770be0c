'use client';
// Queue read models: a window of the fleet's queue list, one queue's detail, one domain's
// queues (drill-down), per-vMTA totals and the backoff board.
import { useCallback } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { apiFetch, type QueryParams } from './fetcher';
import { queryKeys } from './keys';
import { polled, polledPushed } from './polling';

const queuesQuery = (params: QueryParams) => ({
  queryKey: queryKeys.queues(params),
  queryFn: ({ signal }: { signal: AbortSignal }) => apiFetch('/api/queues', { query: params, signal }),
  ...polledPushed('/api/queues', params),
});

export function useQueuesQuery(params: QueryParams) {
  return useQuery(queuesQuery(params));
}

/**
 * Starts the request for a view the page is about to show (a sort click), so it goes out at
 * the click instead of after the re-render's effects (~40 ms later): useQueuesQuery then
 * finds it in flight under the same key.
 */
export function usePrefetchQueues(): (params: QueryParams) => void {
  const qc = useQueryClient();
  return useCallback((params: QueryParams) => void qc.prefetchQuery(queuesQuery(params)), [qc]);
}

export function useQueueDetailQuery(node: string, queue: string, enabled = true) {
  return useQuery({
    queryKey: queryKeys.queueDetail(node, queue),
    queryFn: ({ signal }) => apiFetch('/api/queues/detail', { query: { node, queue }, signal }),
    enabled,
    ...polled,
  });
}

export function useDomainQuery(domain: string) {
  return useQuery({
    queryKey: queryKeys.domain(domain),
    queryFn: ({ signal }) => apiFetch('/api/domains/{domain}', { params: { domain }, signal }),
    ...polled,
  });
}

export function useVmtasQuery(node?: string) {
  const query = { node };
  return useQuery({
    queryKey: queryKeys.vmtas(query),
    queryFn: ({ signal }) => apiFetch('/api/vmtas', { query, signal }),
    ...polledPushed('/api/vmtas', query),
  });
}

export function useBackoffQuery(node?: string) {
  const query = { node };
  return useQuery({
    queryKey: queryKeys.backoff(query),
    queryFn: ({ signal }) => apiFetch('/api/backoff', { query, signal }),
    ...polledPushed('/api/backoff', query),
  });
}

/** Closest domains with queues, for a drill-down whose domain has none (not polled: a one-off hint). */
export function useDomainSuggestionsQuery(q: string, enabled: boolean) {
  return useQuery({
    queryKey: queryKeys.domainSuggestions(q),
    queryFn: ({ signal }) => apiFetch('/api/domain-suggestions', { query: { q }, signal }),
    enabled,
    staleTime: 60_000,
  });
}
