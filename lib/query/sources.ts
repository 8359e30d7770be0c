'use client';
// The /sources page's resources: accounting per sending IP (polled like the bounces page) and
// the disabled sources every node reports (asked of the nodes; cached 10 s by the server).
import { useQuery } from '@tanstack/react-query';
import { bounceKeyParams, bounceQuery, type BounceView } from '@/components/bounces/bounce-view';
import { apiFetch } from './fetcher';
import { queryKeys } from './keys';
import { polled } from './polling';

export function useSourcesQuery(v: BounceView) {
  return useQuery({
    queryKey: queryKeys.sources(bounceKeyParams(v)),
    queryFn: ({ signal }) => apiFetch('/api/sources', { query: bounceQuery(v), signal }),
    ...polled,
  });
}

export function useDisabledSourcesQuery() {
  return useQuery({ queryKey: queryKeys.disabledSources(), queryFn: ({ signal }) => apiFetch('/api/sources/disabled', { signal }), ...polled });
}
