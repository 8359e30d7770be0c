'use client';
// The bounces page's one polled resource (through the shared fetch wrapper and key factory).
// A relative range ("last hour") is turned into `from` when the request is made, so the
// query key stays stable while the window slides.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { apiFetch, withQuery, type QueryParams } from '@/lib/query/fetcher';
import { queryKeys, REFRESH_MS } from '@/lib/query/keys';

export const RANGES = { '': 'All stored', '1h': 'Last hour', '6h': 'Last 6 hours', '24h': 'Last 24 hours', '7d': 'Last 7 days' } as const;
export type BounceRange = keyof typeof RANGES;
const RANGE_MS: Record<BounceRange, number> = { '': 0, '1h': 3_600_000, '6h': 6 * 3_600_000, '24h': 86_400_000, '7d': 7 * 86_400_000 };

export interface BounceView {
  range?: BounceRange;
  node?: string;
  domain?: string;
  vmta?: string;
}

export function bounceQuery(v: BounceView, now = Date.now()): QueryParams {
  const ms = RANGE_MS[v.range ?? ''];
  return { from: ms ? now - ms : undefined, node: v.node, domain: v.domain, vmta: v.vmta };
}

export function exportHref(v: BounceView, by: string): string {
  return withQuery('/api/bounces/export', { ...bounceQuery(v), by });
}

export function useBounces(v: BounceView) {
  const key: QueryParams = { range: v.range, node: v.node, domain: v.domain, vmta: v.vmta };
  return useQuery({
    queryKey: queryKeys.bounces(key),
    queryFn: ({ signal }) => apiFetch('/api/bounces', { query: bounceQuery(v), signal }),
    refetchInterval: REFRESH_MS,
    placeholderData: keepPreviousData,
  });
}

const pct = new Intl.NumberFormat('en-US', { style: 'percent', minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** A rate as a percentage with two decimals: complaint thresholds live around 0.1 %. */
export function fmtRate(r: number | null | undefined): string {
  return r === null || r === undefined ? '–' : pct.format(r);
}
