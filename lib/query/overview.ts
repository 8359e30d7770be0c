'use client';
// Fleet-wide read models: the overview and the node list (top bar, node pickers).
// Mount each polling hook once, high in a page; children read the same cache entry.
import { useQuery } from '@tanstack/react-query';
import { apiFetch } from './fetcher';
import { queryKeys } from './keys';
import { polledPushed } from './polling';

export function useOverviewQuery() {
  return useQuery({ queryKey: queryKeys.overview(), queryFn: ({ signal }) => apiFetch('/api/overview', { signal }), ...polledPushed('/api/overview') });
}

export function useNodesQuery() {
  return useQuery({ queryKey: queryKeys.nodes(), queryFn: ({ signal }) => apiFetch('/api/nodes', { signal }), ...polledPushed('/api/nodes') });
}

/** The console's own status (whether history, audit and actions have their store). */
export function useStatusQuery() {
  return useQuery({ queryKey: queryKeys.status(), queryFn: ({ signal }) => apiFetch('/api/status', { signal }), ...polledPushed('/api/status') });
}
