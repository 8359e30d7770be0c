'use client';
// Overview charts: fleet delivery/receive rate, top-10 domain backlog, queues in backoff; each
// marks the periods a node had no successful poll ("pmta3 down"), as the API reports them.
import { useMemo } from 'react';
import type { Series } from '@/lib/history/api-types';
import { QueryState } from '@/components/ui/QueryState';
import { HistoryChart } from './HistoryChart';
import { useHistorySeriesQuery } from '@/lib/query/history';
import type { Period } from './period';

const relabel = (s: Series | undefined, key: string, label: string): Series[] => (s ? [{ ...s, key, label }] : []);

/** Delivered and received recipients per minute (fleet, or one node). */
export function FleetRateChart({ period, node, height = 240 }: { period: Period; node?: string; height?: number }) {
  const out = useHistorySeriesQuery('rate.out.rcp', period, { node });
  const inn = useHistorySeriesQuery('rate.in.rcp', period, { node });
  const series = useMemo(
    () => [...relabel(out.data?.series[0], 'out', 'Delivered (rcpt/min)'), ...relabel(inn.data?.series[0], 'in', 'Received (rcpt/min)')],
    [out.data, inn.data],
  );
  return (
    <QueryState isPending={out.isPending || inn.isPending} error={out.error ?? inn.error} what="delivery rates">
      <HistoryChart series={series} height={height} unit="rcpt/min" outages={out.data?.outages} testId="history-rate-chart" />
    </QueryState>
  );
}

/** Backlog of the largest domains over the period, plus "other". */
export function TopDomainsBacklogChart({ period, node, top = 10, height = 260 }: { period: Period; node?: string; top?: number; height?: number }) {
  const q = useHistorySeriesQuery('domain.backlog', period, { node, top });
  return (
    <QueryState isPending={q.isPending} error={q.error} what="domain backlog history">
      <HistoryChart series={q.data?.series ?? []} kind="area" height={height} unit="rcpt" outages={q.data?.outages} testId="history-backlog-chart" />
    </QueryState>
  );
}

/** Number of queues in backoff over the period. */
export function BackoffQueuesChart({ period, node, height = 180 }: { period: Period; node?: string; height?: number }) {
  const q = useHistorySeriesQuery('node.queues.backoff', period, { node });
  const series = useMemo(() => relabel(q.data?.series[0], 'backoff', 'Queues in backoff'), [q.data]);
  return (
    <QueryState isPending={q.isPending} error={q.error} what="backoff history">
      <HistoryChart series={series} height={height} unit="queues" outages={q.data?.outages} testId="history-backoff-chart" />
    </QueryState>
  );
}
