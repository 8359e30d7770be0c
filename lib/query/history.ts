'use client';
// History charts, the drill-down's history and the drain ETA (parameters and keys:
// history-params.ts).
import { useQuery } from '@tanstack/react-query';
import type { MetricName } from '@/lib/history/metrics';
import { periodRefreshMs, type Period } from '@/components/history/period';
import { apiFetch, withQuery } from './fetcher';
import { domainHistoryParams, drainParams, historySeriesParams } from './history-params';
import { queryKeys } from './keys';
import { polledEvery } from './polling';

const DRAIN_REFRESH_MS = 15_000;

export function useHistorySeriesQuery(metric: MetricName, period: Period, extra: { node?: string; domain?: string; top?: number; split?: 'node' } = {}) {
  const query = historySeriesParams(metric, period, extra);
  return useQuery({
    queryKey: queryKeys.history(query),
    queryFn: ({ signal }) => apiFetch('/api/history', { query, signal }),
    ...polledEvery(periodRefreshMs(period), withQuery('/api/history', query)),
  });
}

export function useDomainHistoryQuery(domain: string, period: Period, node?: string) {
  const { query, key } = domainHistoryParams(domain, period, node);
  return useQuery({
    queryKey: queryKeys.history(key),
    queryFn: ({ signal }) => apiFetch('/api/history/domain', { query, signal }),
    ...polledEvery(periodRefreshMs(period)),
  });
}

export function useDrainEtaQuery(domain: string) {
  const { query, key } = drainParams(domain);
  return useQuery({
    queryKey: queryKeys.history(key),
    queryFn: ({ signal }) => apiFetch('/api/history/drain', { query, signal }),
    ...polledEvery(DRAIN_REFRESH_MS),
  });
}
