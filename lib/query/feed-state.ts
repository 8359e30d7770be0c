// Whether this tab's change feed (GET /api/events, lib/query/change-feed.ts) is connected:
// while it is, the queries it covers refetch on its events and poll only at SAFETY_MS
// (polling.ts); when it drops, they poll at the UI's intervals again. Browser state of this tab.
export const SAFETY_MS = 60_000;
/** A tab waits up to this long (uniformly) before refetching on an event, so the open pages of a fleet do not all ask in the same millisecond. */
export const EVENT_SPREAD_MS = 2_000;

let connected = false;
const listeners = new Set<() => void>();

export function feedConnected(): boolean {
  return connected;
}

export function setFeedConnected(c: boolean): void {
  if (c === connected) return;
  connected = c;
  listeners.forEach((l) => l());
}

export function subscribeFeedState(l: () => void): () => void {
  listeners.add(l);
  return () => listeners.delete(l);
}

// The URLs the connected feed pushes the answers of (its `event: pushing`): those queries take
// their data from the stream and neither poll nor refetch on events while it lasts.
let pushed: ReadonlySet<string> = new Set();

export function pushedUrls(): ReadonlySet<string> {
  return pushed;
}

export function setPushedUrls(urls: Iterable<string>): void {
  pushed = new Set(urls);
}

/** Whether the feed pushes the query's answers now (its meta names a URL the stream pushes). */
export function isPushed(meta: unknown): boolean {
  const url = (meta as { push?: unknown } | undefined)?.push;
  return connected && typeof url === 'string' && pushed.has(url);
}
