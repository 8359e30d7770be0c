// The one definition of how console pages poll: every polled query refetches on an interval
// and keeps the previous data on screen while the next answer (or a new filter's) is in flight.
// The interval follows the operator's refresh choice (refresh-choice.ts; "off" pauses polling).
import { keepPreviousData } from '@tanstack/react-query';
import { REFRESH_MS } from './keys';
import { currentRefreshChoice, effectiveInterval } from './refresh-choice';

/** Polling options for a resource refreshed every `ms` (default: the console's REFRESH_MS). */
export function polledEvery(ms: number) {
  // A function: TanStack Query asks again after every fetch and whenever options are set, so a
  // new choice applies from the next refetch (RefreshControl refetches at once on a change).
  return { refetchInterval: () => effectiveInterval(currentRefreshChoice(), ms), placeholderData: keepPreviousData } as const;
}

export const polled = polledEvery(REFRESH_MS);
