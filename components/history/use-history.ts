'use client';
// Hooks for history charts: the period in the URL (`?period=`), and the history API through
// the project's one fetch wrapper and key factory.
import { useCallback } from 'react';
import { useUrlParams } from '@/components/ui/useUrlParams';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { apiFetch, type QueryParams } from '@/lib/query/fetcher';
import { queryKeys } from '@/lib/query/keys';
import type { MetricName } from '@/lib/history/metrics';
import { parsePeriod, periodRange, periodRefreshMs, type Period } from './period';

/** The chart period from the URL (`?period=`), and its setter. */
export function useHistoryPeriod(): [Period, (p: Period) => void] {
  const [params, setParams] = useUrlParams();
  const setPeriod = useCallback((p: Period) => setParams({ period: p }), [setParams]);
  return [parsePeriod(params.get('period')), setPeriod];
}

export function useHistorySeries(metric: MetricName, period: Period, extra: { node?: string; domain?: string; top?: number; split?: 'node' } = {}) {
  const query: QueryParams = { metric, ...periodRange(period), ...extra };
  return useQuery({
    queryKey: queryKeys.history(query),
    queryFn: ({ signal }) => apiFetch('/api/history', { query, signal }),
    refetchInterval: periodRefreshMs(period),
    placeholderData: keepPreviousData,
  });
}

export function useDomainHistory(domain: string, period: Period, node?: string) {
  const query: QueryParams = { view: 'domain', domain, node, ...periodRange(period) };
  return useQuery({
    queryKey: queryKeys.history(query),
    queryFn: ({ signal }) => apiFetch('/api/history/domain', { query: { domain, node, ...periodRange(period) }, signal }),
    refetchInterval: periodRefreshMs(period),
    placeholderData: keepPreviousData,
  });
}

export function useDrainEta(domain: string) {
  const query: QueryParams = { view: 'drain', domain };
  return useQuery({
    queryKey: queryKeys.history(query),
    queryFn: ({ signal }) => apiFetch('/api/history/drain', { query: { domain }, signal }),
    refetchInterval: 15_000,
    placeholderData: keepPreviousData,
  });
}
