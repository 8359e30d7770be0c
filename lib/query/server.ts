import 'server-only';
// Pages arrive with their data: a server component prefetches a page's first queries into a
// QueryClient of its own (made for this request) and hands them, dehydrated, to a
// HydrationBoundary, so the first numbers are in the HTML and the browser asks nothing.
//
// The data comes from the API's own route handlers, called in-process (no HTTP round trip)
// with a Request that carries the incoming page request's headers (session cookie, stamped peer
// address): the same guard, the same validation and the same response shape as a browser's
// call. Keys come from the one key factory with the same parameters as the client hooks
// (lib/query/*.ts), so hydration hits the queries the hooks ask for.
import { headers } from 'next/headers';
import type { QueryClient } from '@tanstack/react-query';
import type { ApiResponse, JsonPath } from '@/lib/api/contracts/registry';
import { bounceKeyParams, bounceQuery, type BounceView } from '@/components/bounces/bounce-view';
import type { Period } from '@/components/history/period';
import { GET as auditRoute } from '@/app/api/audit/route';
import { GET as alertsRoute } from '@/app/api/alerts/route';
import { GET as backoffRoute } from '@/app/api/backoff/route';
import { GET as bouncesRoute } from '@/app/api/bounces/route';
import { GET as domainRoute } from '@/app/api/domains/[domain]/route';
import { GET as domainHistoryRoute } from '@/app/api/history/domain/route';
import { GET as drainRoute } from '@/app/api/history/drain/route';
import { GET as nodesRoute } from '@/app/api/nodes/route';
import { GET as overviewRoute } from '@/app/api/overview/route';
import { GET as queuesRoute } from '@/app/api/queues/route';
import { GET as vmtasRoute } from '@/app/api/vmtas/route';
import { GET as ledgerRoute } from '@/app/api/ledger/route';
import { GET as sessionsRoute } from '@/app/api/auth/sessions/route';
import { GET as licenseRoute } from '@/app/api/nodes/license/route';
import { GET as sourcesRoute } from '@/app/api/sources/route';
import { GET as disabledSourcesRoute } from '@/app/api/sources/disabled/route';
import { GET as jobsRoute } from '@/app/api/jobs/route';
import { GET as jobsAccountingRoute } from '@/app/api/jobs/accounting/route';
import { GET as jobDetailRoute } from '@/app/api/jobs/[job]/route';
import { makeQueryClient } from './client';
import { ApiClientError, fillPath, withQuery, type QueryParams } from './fetcher';
import { domainHistoryParams, drainParams } from './history-params';
import { queryKeys } from './keys';

export { searchParamsOf, type PageSearchParams } from './search-params';

/**
 * A fresh QueryClient for one server component's prefetch (so never shared across requests).
 * Not one per request shared by the layout and the page: they render concurrently, and the
 * layout's dehydrated state would carry the page's queries still in flight a second time.
 */
export const newServerQueryClient = makeQueryClient;

type RouteHandler = (req: Request, route?: { params?: Promise<Record<string, string | string[]>> }) => Promise<Response>;

// Only the path and query matter to the handlers; the origin never leaves the process.
const IN_PROCESS_ORIGIN = 'http://console.in-process';
const HOP_HEADERS = ['content-length', 'content-type', 'transfer-encoding', 'connection', 'expect'];

/** GET `path` through the route's handler, as the page's visitor; its JSON or an ApiClientError. */
export async function callRoute<P extends JsonPath<'GET'>>(
  handler: RouteHandler,
  path: P,
  opts: { query?: QueryParams; params?: Record<string, string> } = {},
): Promise<ApiResponse<'GET', P>> {
  const h = new Headers(await headers());
  for (const name of HOP_HEADERS) h.delete(name);
  h.set('accept', 'application/json');
  const req = new Request(new URL(withQuery(fillPath(path, opts.params), opts.query), IN_PROCESS_ORIGIN), { method: 'GET', headers: h });
  const res = await handler(req, opts.params ? { params: Promise.resolve(opts.params) } : undefined);
  const json: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    // As the browser's fetch wrapper would: a failed prefetch is simply not dehydrated, and
    // the browser asks again and shows the error the usual way.
    const err = (json as { error?: { code?: string; message?: string } } | null)?.error;
    throw new ApiClientError(res.status, err?.code ?? 'http', err?.message ?? `HTTP ${res.status}`);
  }
  return json as ApiResponse<'GET', P>;
}

// One prefetch per client hook that a page shows first; same key, same request.
export const prefetch = {
  /** useOverviewQuery */
  overview: (qc: QueryClient) => qc.prefetchQuery({ queryKey: queryKeys.overview(), queryFn: () => callRoute(overviewRoute, '/api/overview') }),
  /** useSessionsQuery (lib/query/session.ts; admin pages only) */
  sessions: (qc: QueryClient) => qc.prefetchQuery({ queryKey: queryKeys.sessions(), queryFn: () => callRoute(sessionsRoute, '/api/auth/sessions') }),
  /** useLedgerQuery (lib/query/toolbox.ts) */
  ledger: (qc: QueryClient) => qc.prefetchQuery({ queryKey: queryKeys.ledger(), queryFn: () => callRoute(ledgerRoute, '/api/ledger') }),
  /** useLicensesQuery: asks every node (`show license`, cached on the server); streamed, not awaited */
  licenses: (qc: QueryClient) => qc.prefetchQuery({ queryKey: queryKeys.licenses(), queryFn: () => callRoute(licenseRoute, '/api/nodes/license') }),
  /** useNodesQuery */
  nodes: (qc: QueryClient) => qc.prefetchQuery({ queryKey: queryKeys.nodes(), queryFn: () => callRoute(nodesRoute, '/api/nodes') }),
  /** useQueuesQuery(params) */
  queues: (qc: QueryClient, params: QueryParams) =>
    qc.prefetchQuery({ queryKey: queryKeys.queues(params), queryFn: () => callRoute(queuesRoute, '/api/queues', { query: params }) }),
  /** useDomainQuery(domain) */
  domain: (qc: QueryClient, domain: string) =>
    qc.prefetchQuery({ queryKey: queryKeys.domain(domain), queryFn: () => callRoute(domainRoute, '/api/domains/{domain}', { params: { domain } }) }),
  /** useDomainHistoryQuery(domain, period, node) */
  domainHistory: (qc: QueryClient, domain: string, period: Period, node: string | undefined) => {
    const { query, key } = domainHistoryParams(domain, period, node);
    return qc.prefetchQuery({ queryKey: queryKeys.history(key), queryFn: () => callRoute(domainHistoryRoute, '/api/history/domain', { query }) });
  },
  /** useDrainEtaQuery(domain) */
  drain: (qc: QueryClient, domain: string) => {
    const { query, key } = drainParams(domain);
    return qc.prefetchQuery({ queryKey: queryKeys.history(key), queryFn: () => callRoute(drainRoute, '/api/history/drain', { query }) });
  },
  /** useVmtasQuery(node) */
  vmtas: (qc: QueryClient, node: string | undefined) =>
    qc.prefetchQuery({ queryKey: queryKeys.vmtas({ node }), queryFn: () => callRoute(vmtasRoute, '/api/vmtas', { query: { node } }) }),
  /** useBackoffQuery(node) */
  backoff: (qc: QueryClient, node: string | undefined) =>
    qc.prefetchQuery({ queryKey: queryKeys.backoff({ node }), queryFn: () => callRoute(backoffRoute, '/api/backoff', { query: { node } }) }),
  /** useSourcesQuery(view) (lib/query/sources.ts) */
  sources: (qc: QueryClient, view: BounceView) =>
    qc.prefetchQuery({
      queryKey: queryKeys.sources(bounceKeyParams(view)),
      queryFn: () => callRoute(sourcesRoute, '/api/sources', { query: bounceQuery(view) }),
    }),
  /** useDisabledSourcesQuery: asks every node (`show disabled sources`, cached 10 s on the server) */
  disabledSources: (qc: QueryClient) =>
    qc.prefetchQuery({ queryKey: queryKeys.disabledSources(), queryFn: () => callRoute(disabledSourcesRoute, '/api/sources/disabled') }),
  /** useJobsQuery (lib/query/toolbox.ts): asks every node (`/jobs`) */
  jobs: (qc: QueryClient) => qc.prefetchQuery({ queryKey: queryKeys.jobs(), queryFn: () => callRoute(jobsRoute, '/api/jobs') }),
  /** useJobsAccountingQuery(view) */
  jobsAccounting: (qc: QueryClient, view: BounceView) =>
    qc.prefetchQuery({
      queryKey: queryKeys.jobsAccounting(bounceKeyParams(view)),
      queryFn: () => callRoute(jobsAccountingRoute, '/api/jobs/accounting', { query: bounceQuery(view) }),
    }),
  /** useJobDetailQuery(job, view) */
  jobDetail: (qc: QueryClient, job: string, view: BounceView) =>
    qc.prefetchQuery({
      queryKey: queryKeys.jobDetail(job, bounceKeyParams({ range: view.range })),
      queryFn: () => callRoute(jobDetailRoute, '/api/jobs/{job}', { params: { job }, query: { from: bounceQuery({ range: view.range }).from } }),
    }),
  /** useBouncesQuery(view) */
  bounces: (qc: QueryClient, view: BounceView) =>
    qc.prefetchQuery({
      queryKey: queryKeys.bounces(bounceKeyParams(view)),
      queryFn: () => callRoute(bouncesRoute, '/api/bounces', { query: bounceQuery(view) }),
    }),
  /** useAuditQuery(query) */
  audit: (qc: QueryClient, query: QueryParams) =>
    qc.prefetchQuery({ queryKey: queryKeys.audit(query), queryFn: () => callRoute(auditRoute, '/api/audit', { query }) }),
  /** useAlertsQuery(query) */
  alerts: (qc: QueryClient, query: QueryParams) =>
    qc.prefetchQuery({ queryKey: queryKeys.alerts(query), queryFn: () => callRoute(alertsRoute, '/api/alerts', { query }) }),
};
