'use client';
// History charts, the drill-down's history and the drain ETA. A period's relative `from`
// keeps the query key stable between refreshes; the server resolves `now`.
import { useQuery } from '@tanstack/react-query';
import type { DomainHistoryResponse, DrainResponse, HistoryResponse } from '@/lib/history/api-types';
import type { MetricName } from '@/lib/history/metrics';
import { periodRange, periodRefreshMs, type Period } from '@/components/history/period';
import { apiFetch, type QueryParams } from './fetcher';
import { queryKeys } from './keys';
import { polledEvery } from './polling';

const DRAIN_REFRESH_MS = 15_000;

export function useHistorySeriesQuery(metric: MetricName, period: Period, extra: { node?: string; domain?: string; top?: number; split?: 'node' } = {}) {
  const query: QueryParams = { metric, ...periodRange(period), ...extra };
  return useQuery({
    queryKey: queryKeys.history(query),
    queryFn: ({ signal }) => apiFetch<HistoryResponse>('/api/history', { query, signal }),
    ...polledEvery(periodRefreshMs(period)),
  });
}

export function useDomainHistoryQuery(domain: string, period: Period, node?: string) {
  const query: QueryParams = { view: 'domain', domain, node, ...periodRange(period) };
  return useQuery({
    queryKey: queryKeys.history(query),
    queryFn: ({ signal }) => apiFetch<DomainHistoryResponse>('/api/history/domain', { query: { domain, node, ...periodRange(period) }, signal }),
    ...polledEvery(periodRefreshMs(period)),
  });
}

export function useDrainEtaQuery(domain: string) {
  const query: QueryParams = { view: 'drain', domain };
  return useQuery({
    queryKey: queryKeys.history(query),
    queryFn: ({ signal }) => apiFetch<DrainResponse>('/api/history/drain', { query: { domain }, signal }),
    ...polledEvery(DRAIN_REFRESH_MS),
  });
}
