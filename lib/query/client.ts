// The QueryClient configuration, one for the browser and the server. In the browser one client
// lives for the tab (a singleton: a re-render or a suspended render never drops the cache);
// on the server every request gets its own (lib/query/server.ts), so no user's data reaches
// another's page. This is TanStack Query's App Router pattern (nextjs-app-prefetching).
import { defaultShouldDehydrateQuery, isServer, QueryClient } from '@tanstack/react-query';
import { REFRESH_MS } from './keys';

export function makeQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // Polled data: the next poll is the retry (and a server render must never wait for
        // one), and focus changes must not trigger a burst of refetches on top of the interval.
        retry: isServer ? false : 1,
        refetchOnWindowFocus: false,
        // Fresh for one refresh interval: data prefetched on the server is not asked for again
        // when the page hydrates (a loaded machine can take seconds from the server's prefetch
        // to hydration); the refetchInterval of polled queries refreshes it after that.
        staleTime: REFRESH_MS,
      },
      mutations: { retry: false },
      // Queries still pending when the page is dehydrated stream to the browser as promises
      // (the browser then waits for them instead of asking again).
      dehydrate: { shouldDehydrateQuery: (q) => defaultShouldDehydrateQuery(q) || q.state.status === 'pending' },
    },
  });
}

let browserClient: QueryClient | undefined;

/** The browser's singleton; on the server (rendering client components) a fresh client. */
export function getQueryClient(): QueryClient {
  if (isServer) return makeQueryClient();
  return (browserClient ??= makeQueryClient());
}
