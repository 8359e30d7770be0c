'use client';
// Fleet-wide read models: the overview and the node list (top bar, node pickers).
// Mount each polling hook once, high in a page; children read the same cache entry.
import { useQuery } from '@tanstack/react-query';
import { apiFetch } from './fetcher';
import { queryKeys } from './keys';
import { polled } from './polling';

export function useOverviewQuery() {
  return useQuery({ queryKey: queryKeys.overview(), queryFn: ({ signal }) => apiFetch('/api/overview', { signal }), ...polled });
}

export function useNodesQuery() {
  return useQuery({ queryKey: queryKeys.nodes(), queryFn: ({ signal }) => apiFetch('/api/nodes', { signal }), ...polled });
}

/** The console's own status (whether history, audit and actions have their store). */
export function useStatusQuery() {
  return useQuery({ queryKey: queryKeys.status(), queryFn: ({ signal }) => apiFetch('/api/status', { signal }), ...polled });
}
