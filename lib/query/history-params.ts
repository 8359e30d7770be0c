// What the history hooks ask for, and under which key: shared by the hooks
// (lib/query/history.ts) and the server prefetch (lib/query/server.ts). A period's relative
// `from` keeps the key stable between refreshes; the server resolves `now`. Pure module.
import type { MetricName } from '@/lib/history/metrics';
import { periodRange, type Period } from '@/components/history/period';
import type { QueryParams } from './fetcher';

export function historySeriesParams(
  metric: MetricName,
  period: Period,
  extra: { node?: string; domain?: string; top?: number; split?: 'node' } = {},
): QueryParams {
  return { metric, ...periodRange(period), ...extra };
}

/** /api/history/domain parameters; the key adds `view: 'domain'` to keep it apart from series. */
export function domainHistoryParams(domain: string, period: Period, node?: string): { query: QueryParams; key: QueryParams } {
  const query = { domain, node, ...periodRange(period) };
  return { query, key: { view: 'domain', ...query } };
}

/** /api/history/drain parameters and key. */
export function drainParams(domain: string): { query: QueryParams; key: QueryParams } {
  return { query: { domain }, key: { view: 'drain', domain } };
}
