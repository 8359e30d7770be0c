// The one definition of how console pages poll: every polled query refetches on an interval
// and keeps the previous data on screen while the next answer (or a new filter's) is in flight.
// The interval follows the operator's refresh choice (refresh-choice.ts; "off" pauses polling);
// while the change feed is connected (feed-state.ts), a query it covers is refetched on its
// events instead and polls only at the long safety interval.
import { keepPreviousData, type QueryKey } from '@tanstack/react-query';
import { changeKindOf, REFRESH_MS } from './keys';
import { currentRefreshChoice, effectiveInterval } from './refresh-choice';
import { feedConnected, isPushed, SAFETY_MS } from './feed-state';
import { withQuery, type QueryParams } from './fetcher';

/**
 * What a polled query carries for the change feed: its own interval (the least age it
 * refetches at) and, for the reads the feed can push (lib/events/pushed-reads.ts), the exact
 * URL it fetches — the stream is asked for that URL's answers (change-feed.ts).
 */
export interface PolledMeta extends Record<string, unknown> {
  refreshMs: number;
  push?: string;
}

/**
 * Polling options for a resource refreshed every `ms` (default: the console's REFRESH_MS);
 * `push`: the URL the query fetches, when the feed may push its answers (`withQuery(path, query)`,
 * as apiFetch builds it).
 */
export function polledEvery(ms: number, push?: string) {
  // A function: TanStack Query asks again after every fetch and whenever options are set, so a
  // new choice (or the feed connecting or dropping) applies from the next refetch
  // (RefreshControl and the feed refetch at once on a change).
  const refetchInterval = (query: { queryKey: QueryKey; meta?: Record<string, unknown> }): number | false => {
    const every = effectiveInterval(currentRefreshChoice(), ms);
    if (every === false) return false;
    // Pushed: the stream brings every change; when it drops, every polled query is refetched
    // and this is asked again (feed-state.ts).
    if (isPushed(query.meta)) return false;
    return feedConnected() && changeKindOf(query.queryKey) !== null ? Math.max(SAFETY_MS, every) : every;
  };
  const meta: PolledMeta = push === undefined ? { refreshMs: ms } : { refreshMs: ms, push };
  return { refetchInterval, meta, placeholderData: keepPreviousData } as const;
}

/** Polling options at REFRESH_MS for a read the feed may push: `path` and `query` as given to apiFetch. */
export const polledPushed = (path: string, query?: QueryParams) => polledEvery(REFRESH_MS, withQuery(path, query));

export const polled = polledEvery(REFRESH_MS);
