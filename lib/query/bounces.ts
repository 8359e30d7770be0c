'use client';
// The bounces page's one polled resource (also the drill-down's bounce panel).
import { useQuery } from '@tanstack/react-query';
import { bounceKeyParams, bounceQuery, type BounceView } from '@/components/bounces/bounce-view';
import { apiFetch } from './fetcher';
import { queryKeys } from './keys';
import { polled } from './polling';

export function useBouncesQuery(v: BounceView) {
  return useQuery({
    queryKey: queryKeys.bounces(bounceKeyParams(v)),
    queryFn: ({ signal }) => apiFetch('/api/bounces', { query: bounceQuery(v), signal }),
    ...polled,
  });
}
