'use client';
// One hook per polled resource. Mount each polling hook once, high in a page; children read
// the same cache entry. Previous data stays on screen while a refresh is in flight.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { apiFetch, type QueryParams } from './fetcher';
import { queryKeys, REFRESH_MS } from './keys';

const polled = { refetchInterval: REFRESH_MS, placeholderData: keepPreviousData } as const;

export function useOverview() {
  return useQuery({ queryKey: queryKeys.overview(), queryFn: ({ signal }) => apiFetch('/api/overview', { signal }), ...polled });
}

export function useNodes() {
  return useQuery({ queryKey: queryKeys.nodes(), queryFn: ({ signal }) => apiFetch('/api/nodes', { signal }), ...polled });
}

export function useQueues(params: QueryParams) {
  return useQuery({ queryKey: queryKeys.queues(params), queryFn: ({ signal }) => apiFetch('/api/queues', { query: params, signal }), ...polled });
}

export function useQueueDetail(node: string, queue: string, enabled = true) {
  return useQuery({
    queryKey: queryKeys.queueDetail(node, queue),
    queryFn: ({ signal }) => apiFetch('/api/queues/detail', { query: { node, queue }, signal }),
    enabled,
    ...polled,
  });
}

export function useDomain(domain: string) {
  return useQuery({ queryKey: queryKeys.domain(domain), queryFn: ({ signal }) => apiFetch('/api/domains/{domain}', { params: { domain }, signal }), ...polled });
}

export function useVmtas(node?: string) {
  const query = { node };
  return useQuery({ queryKey: queryKeys.vmtas(query), queryFn: ({ signal }) => apiFetch('/api/vmtas', { query, signal }), ...polled });
}

export function useBackoff(node?: string) {
  const query = { node };
  return useQuery({ queryKey: queryKeys.backoff(query), queryFn: ({ signal }) => apiFetch('/api/backoff', { query, signal }), ...polled });
}
