// The one definition of how console pages poll: every polled query refetches on an interval
// and keeps the previous data on screen while the next answer (or a new filter's) is in flight.
// The interval follows the operator's refresh choice (refresh-choice.ts; "off" pauses polling);
// while the change feed is connected (feed-state.ts), a query it covers is refetched on its
// events instead and polls only at the long safety interval.
import { keepPreviousData, type QueryKey } from '@tanstack/react-query';
import { changeKindOf, REFRESH_MS } from './keys';
import { currentRefreshChoice, effectiveInterval } from './refresh-choice';
import { feedConnected, SAFETY_MS } from './feed-state';

/** What a polled query carries for the change feed: its own interval (the least age it refetches at). */
export interface PolledMeta extends Record<string, unknown> {
  refreshMs: number;
}

/** Polling options for a resource refreshed every `ms` (default: the console's REFRESH_MS). */
export function polledEvery(ms: number) {
  // A function: TanStack Query asks again after every fetch and whenever options are set, so a
  // new choice (or the feed connecting or dropping) applies from the next refetch
  // (RefreshControl and the feed refetch at once on a change).
  const refetchInterval = (query: { queryKey: QueryKey }): number | false => {
    const every = effectiveInterval(currentRefreshChoice(), ms);
    if (every === false) return false;
    return feedConnected() && changeKindOf(query.queryKey) !== null ? Math.max(SAFETY_MS, every) : every;
  };
  const meta: PolledMeta = { refreshMs: ms };
  return { refetchInterval, meta, placeholderData: keepPreviousData } as const;
}

export const polled = polledEvery(REFRESH_MS);
