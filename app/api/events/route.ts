// GET /api/events (viewer) – the change feed as server-sent events: `{kind, version}` whenever
// what a page shows has changed (lib/events), so an open page refetches then instead of
// polling. Data never travels here: the page asks the usual routes (ETag/304 included).
import { apiRoute } from '@/lib/api/route';
import { routes } from '@/lib/api/contracts/registry';
import { getRuntime } from '@/lib/runtime/current';
import { eventStream } from '@/lib/events/event-stream';

export const dynamic = 'force-dynamic';

export const GET = apiRoute(routes['GET /api/events'], ({ req }) => eventStream(getRuntime().events, req.signal));
