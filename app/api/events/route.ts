// GET /api/events (viewer) – the change feed as server-sent events: `{kind, version}` whenever
// what a page shows has changed (lib/events), so an open page refetches then instead of
// polling; with `?push=` the answers of the polled reads the page names come over the stream
// itself (lib/events/view-pusher.ts), rendered once for every page that shows them.
import { apiRoute } from '@/lib/api/route';
import { routes } from '@/lib/api/contracts/registry';
import { getRuntime } from '@/lib/runtime/current';
import { eventStream } from '@/lib/events/event-stream';
import { PUSH_SEPARATOR } from '@/lib/events/kinds';
import { pusherFor } from '@/lib/events/pushed-reads';

export const dynamic = 'force-dynamic';

export const GET = apiRoute(routes['GET /api/events'], ({ req, query }) => {
  const events = getRuntime().events;
  const urls = query.push?.split(PUSH_SEPARATOR).filter(Boolean);
  return eventStream(events, req.signal, urls ? { push: { urls, pusher: pusherFor(events) } } : {});
});
