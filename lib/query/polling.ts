// The one definition of how console pages poll: every polled query refetches on an interval
// and keeps the previous data on screen while the next answer (or a new filter's) is in flight.
import { keepPreviousData } from '@tanstack/react-query';
import { REFRESH_MS } from './keys';

/** Polling options for a resource refreshed every `ms` (default: the console's REFRESH_MS). */
export function polledEvery(ms: number) {
  return { refetchInterval: ms, placeholderData: keepPreviousData } as const;
}

export const polled = polledEvery(REFRESH_MS);
