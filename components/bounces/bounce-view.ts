// The bounces view (range and filters) and what it asks the API for. A relative range
// ("last hour") is turned into `from` when the request is made, so the query key stays stable
// while the window slides. Pure module.
import { fmtDayTime } from '@/lib/format';
import { withQuery, type QueryParams } from '@/lib/query/fetcher';

// The default is the last 24 hours — what an operator asks about — not everything stored
// (which grows for as long as the console runs); "all" is one choice away.
export const RANGES = { '1h': 'Last hour', '6h': 'Last 6 hours', '24h': 'Last 24 hours', '7d': 'Last 7 days', all: 'All stored' } as const;
export type BounceRange = keyof typeof RANGES;
export const DEFAULT_RANGE: BounceRange = '24h';
const RANGE_MS: Record<BounceRange, number> = { '1h': 3_600_000, '6h': 6 * 3_600_000, '24h': 86_400_000, '7d': 7 * 86_400_000, all: 0 };

export interface BounceView {
  range?: BounceRange;
  node?: string;
  domain?: string;
  vmta?: string;
}

/** The view in the URL (`range`, `node`, `domain`, `vmta`); a missing or unknown range is the default (24 h). */
export function parseBounceView(sp: URLSearchParams): BounceView {
  const range = sp.get('range') ?? '';
  return {
    range: Object.hasOwn(RANGES, range) ? (range as BounceRange) : DEFAULT_RANGE,
    node: sp.get('node') || undefined,
    domain: sp.get('domain') || undefined,
    vmta: sp.get('vmta') || undefined,
  };
}

export function bounceQuery(v: BounceView, now = Date.now()): QueryParams {
  const ms = RANGE_MS[v.range ?? DEFAULT_RANGE];
  return { from: ms ? now - ms : undefined, node: v.node, domain: v.domain, vmta: v.vmta };
}

/** The query-key parameters of a view: the range by name, not the sliding `from`. */
export function bounceKeyParams(v: BounceView): QueryParams {
  return { range: v.range, node: v.node, domain: v.domain, vmta: v.vmta };
}

/** What the tiles cover, in words: "Last 24 hours (since 01 Dec, 20:55 UTC)", "All stored". */
export function rangeCaption(v: BounceView, now = Date.now()): string {
  const range = v.range ?? DEFAULT_RANGE;
  const ms = RANGE_MS[range];
  return ms ? `${RANGES[range]} (since ${fmtDayTime(now - ms)} UTC)` : RANGES[range];
}

export function exportHref(v: BounceView, by: string, now = Date.now()): string {
  return withQuery('/api/bounces/export', { ...bounceQuery(v, now), by });
}
