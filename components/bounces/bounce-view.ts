// The bounces view (range and filters) and what it asks the API for. A relative range
// ("last hour") is turned into `from` when the request is made, so the query key stays stable
// while the window slides. Pure module.
import { withQuery, type QueryParams } from '@/lib/query/fetcher';

export const RANGES = { '': 'All stored', '1h': 'Last hour', '6h': 'Last 6 hours', '24h': 'Last 24 hours', '7d': 'Last 7 days' } as const;
export type BounceRange = keyof typeof RANGES;
const RANGE_MS: Record<BounceRange, number> = { '': 0, '1h': 3_600_000, '6h': 6 * 3_600_000, '24h': 86_400_000, '7d': 7 * 86_400_000 };

export interface BounceView {
  range?: BounceRange;
  node?: string;
  domain?: string;
  vmta?: string;
}

/** The view in the URL (`range`, `node`, `domain`, `vmta`); an unknown range is "all stored". */
export function parseBounceView(sp: URLSearchParams): BounceView {
  const range = sp.get('range') ?? '';
  return {
    range: (range in RANGES ? range : '') as BounceRange,
    node: sp.get('node') || undefined,
    domain: sp.get('domain') || undefined,
    vmta: sp.get('vmta') || undefined,
  };
}

export function bounceQuery(v: BounceView, now = Date.now()): QueryParams {
  const ms = RANGE_MS[v.range ?? ''];
  return { from: ms ? now - ms : undefined, node: v.node, domain: v.domain, vmta: v.vmta };
}

/** The query-key parameters of a view: the range by name, not the sliding `from`. */
export function bounceKeyParams(v: BounceView): QueryParams {
  return { range: v.range, node: v.node, domain: v.domain, vmta: v.vmta };
}

export function exportHref(v: BounceView, by: string): string {
  return withQuery('/api/bounces/export', { ...bounceQuery(v), by });
}
