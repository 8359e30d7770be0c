// Every API route in one list: method, path, summary, least role, and the zod schemas of its
// query, body, path parameters and response. The route files build their handlers from these
// entries (lib/api/route.ts), the OpenAPI document is generated from them (lib/api/openapi.ts),
// and the browser's fetch wrapper takes its path → response types from them (type-only).
// Pure zod: no server-only import may enter this module.
import { z } from 'zod';
import { actionSchema, executeSchema, includeDownQuerySchema } from '@/lib/actions/request-schema';
import { toolExecuteSchema, toolPreviewQuerySchema } from '@/lib/toolbox/request-schema';
import { selectionExecuteSchema, selectionPreviewSchema } from '@/lib/actions/selection-schema';
import { selectionPreviewResponseSchema } from './selection';
import { disabledSourcesResponseSchema, jobDetailResponseSchema, jobIdParam, jobsAccountingResponseSchema, sourcesResponseSchema } from './sources';
import { jobsResponseSchema, ledgerResponseSchema, licensesResponseSchema, queueSettingsResponseSchema, toolPreviewSchema } from './toolbox';
import { bounceFilterParams, exportParams } from '@/lib/accounting/store/params';
import { auditQuerySchema } from '@/lib/audit/query-schema';
import { domainHistorySchema, drainSchema, historyQuerySchema } from '@/lib/history/params';
import { boolParam, domainParam, intParam, nodeIdParam, timeRangeParams } from '@/lib/api/params';
import { MAX_PUSHED_URLS, MAX_PUSH_URL_CHARS } from '@/lib/events/kinds';
import { actionPreviewSchema, actionResponseSchema, auditListResponseSchema, cancelResumeResponseSchema, scheduledResumesResponseSchema } from './actions';
import {
  loginBodySchema,
  loginResponseSchema,
  meResponseSchema,
  revokeSessionsQuerySchema,
  revokeSessionsResponseSchema,
  sessionsResponseSchema,
} from './auth';
import { bouncesResponseSchema, webhookResponseSchema } from './bounces';
import {
  backoffResponseSchema,
  domainSuggestionsResponseSchema,
  domainViewSchema,
  nodesResponseSchema,
  overviewResponseSchema,
  queueDetailResponseSchema,
  queuesResponseSchema,
  vmtasResponseSchema,
} from './fleet';
import { domainHistoryResponseSchema, drainResponseSchema, historyResponseSchema } from './history';
import { readyResponseSchema, statusResponseSchema } from './health';
import { okSchema } from './shared';
import { ackBodySchema, alertsQuerySchema, alertsResponseSchema, createdSchema, idParams, silenceBodySchema } from './alerts';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export type ContractRole = 'public' | 'viewer' | 'operator' | 'admin';

/** A response that is not JSON: the handler returns a `Response` it built itself. */
export interface NonJsonResponse {
  kind: 'csv' | 'text' | 'json-document' | 'binary';
  contentType: string;
  description: string;
}

export interface RouteContract {
  method: HttpMethod;
  /** OpenAPI form: `/api/domains/{domain}`. */
  path: string;
  summary: string;
  role: ContractRole;
  /** Also accepts `Authorization: Bearer <auth.metricsToken>` (Prometheus). */
  metricsToken?: boolean;
  /**
   * A public route a machine calls with its own secret, which the handler checks (constant
   * time): no session and no Origin/CSRF check, since the caller is no browser and nothing
   * ambient (no cookie) authenticates it, so there is nothing a cross-site request could borrow.
   */
  ownSecret?: true;
  /**
   * `fleet`: the answer depends only on the request and the fleet's snapshots, so it carries an
   * ETag from the fleet's revision (lib/fleet/fleet.ts) and an unchanged one is answered
   * `304 Not Modified` (lib/api/route.ts); the serialised answer is kept per ETag, so callers
   * between two polls share one computation. For the routes every open page polls.
   * `history`: the same, for the chart series, whose revision also counts the history writes
   * each poll queues (so a poll's rows are in the answer once they are written).
   * `content`: also polled, but with no revision to ask first (the store's status, alerts): the
   * ETag is the digest of the answer, 304 when it is unchanged.
   */
  revalidate?: 'fleet' | 'history' | 'content';
  /** A body that is not JSON: the handler reads and bounds it itself. */
  rawBody?: { contentTypes: readonly string[]; description: string };
  query?: z.ZodType;
  body?: z.ZodType;
  params?: z.ZodType;
  response: z.ZodType | NonJsonResponse;
}

const csv = (description: string): NonJsonResponse => ({ kind: 'csv', contentType: 'text/csv; charset=utf-8', description });

/** The queue list's filter and sort, shared by the page and the export (lib/api/queue-params.ts). */
export const queueViewParams = {
  q: z.string().max(300).optional(),
  node: nodeIdParam.optional(),
  /** One vMTA by its exact name (case-insensitive), beside the free text. */
  vmta: z.string().min(1).max(200).optional(),
  mode: z.enum(['normal', 'backoff']).optional(),
  paused: boolParam.optional(),
  errors: boolParam.optional(),
  sort: z.enum(['name', 'domain', 'vmta', 'node', 'rcp', 'kb', 'conn', 'mode', 'paused', 'retryTime']).default('rcp'),
  dir: z.enum(['asc', 'desc']).default('desc'),
};

const nodeFilter = z.object({ node: nodeIdParam.optional() }).strict();

const route = <const C extends RouteContract>(c: C): C => c;

/** Accounting pushed by PowerMTA (`http-webhook-url`, guide 5.0r5 §3.3.11.17), secret in a header or the path. */
function webhookRoutes() {
  const common = {
    method: 'POST',
    role: 'public',
    ownSecret: true,
    rawBody: {
      contentTypes: ['text/csv', 'application/json', 'application/x-ndjson'],
      description:
        "Accounting records: CSV (header line first, or PowerMTA's default columns) or JSON (array, { records }, or one object per line); optionally Content-Encoding: gzip",
    },
    response: webhookResponseSchema,
  } as const;
  return {
    'POST /api/accounting/webhook/{node}': route({
      ...common,
      path: '/api/accounting/webhook/{node}',
      summary: 'Accounting records pushed by a node; secret in Authorization (Bearer or bare) or X-Webhook-Secret',
      params: z.object({ node: nodeIdParam }),
    }),
    'POST /api/accounting/webhook/{node}/{secret}': route({
      ...common,
      path: '/api/accounting/webhook/{node}/{secret}',
      summary: "Accounting records pushed by a node, with the node's webhook secret in the path",
      params: z.object({ node: nodeIdParam, secret: z.string().min(1).max(1024) }),
    }),
  };
}

export const routes = {
  'GET /api/health': route({ method: 'GET', path: '/api/health', summary: 'Liveness: the process answers (nothing more)', role: 'public', response: okSchema }),
  'GET /api/health/ready': route({
    method: 'GET',
    path: '/api/health/ready',
    summary: 'Readiness: store takes writes, migrations current, configuration loaded, pollers running (503 with the failed checks otherwise)',
    role: 'public',
    response: readyResponseSchema,
  }),
  'GET /api/status': route({
    method: 'GET',
    path: '/api/status',
    summary: "The console's own status: whether the store (history, audit, actions) is available",
    role: 'viewer',
    revalidate: 'content',
    response: statusResponseSchema,
  }),
  'GET /api/events': route({
    method: 'GET',
    path: '/api/events',
    summary:
      'Server-sent events: `event: change` with `{kind, version}` (fleet, history, alerts, audit, status) when what a page shows changed; with `push` (space-separated URLs of polled reads, at most 12), first `event: pushing` with `{urls}` (those it pushes) and then `event: data` with `{url, at, body}` (the route’s answer) whenever one changed; heartbeat comment every 15 s; 503 past the per-process subscriber bound',
    role: 'viewer',
    query: z
      .object({
        push: z
          .string()
          .max(MAX_PUSHED_URLS * (MAX_PUSH_URL_CHARS + 1))
          .optional(),
      })
      .strict(),
    response: { kind: 'text', contentType: 'text/event-stream; charset=utf-8', description: 'An event stream (never ends while the client listens)' },
  }),
  'GET /api/openapi.json': route({
    method: 'GET',
    path: '/api/openapi.json',
    summary: 'This document: OpenAPI 3.1 description of every route',
    // Signed-in only, like every other route: an anonymous caller learns nothing about the API.
    role: 'viewer',
    response: { kind: 'json-document', contentType: 'application/json', description: 'OpenAPI 3.1 document' },
  }),
  'POST /api/auth/login': route({
    method: 'POST',
    path: '/api/auth/login',
    summary: 'Sign in: sets the session and CSRF cookies',
    role: 'public',
    body: loginBodySchema,
    response: loginResponseSchema,
  }),
  'POST /api/auth/logout': route({
    method: 'POST',
    path: '/api/auth/logout',
    summary: 'Sign out: ends the session on the server (a copied cookie stops working too) and clears the cookies',
    role: 'public',
    response: okSchema,
  }),
  'GET /api/auth/sessions': route({
    method: 'GET',
    path: '/api/auth/sessions',
    summary: "Live console sessions (server-side; not revoked, expired or idle), with the caller's marked current",
    role: 'admin',
    response: sessionsResponseSchema,
  }),
  'DELETE /api/auth/sessions': route({
    method: 'DELETE',
    path: '/api/auth/sessions',
    summary: 'End every live session of a user (?user=) or one session (?id=) on every process; audited as revoke-sessions',
    role: 'admin',
    query: revokeSessionsQuerySchema,
    response: revokeSessionsResponseSchema,
  }),
  'GET /api/auth/me': route({
    method: 'GET',
    path: '/api/auth/me',
    summary: 'The signed-in user, the CSRF token (also re-set as cookie), demo mode',
    role: 'viewer',
    response: meResponseSchema,
  }),
  'GET /api/nodes': route({
    method: 'GET',
    path: '/api/nodes',
    summary: 'Every configured node with its health and data age',
    role: 'viewer',
    revalidate: 'fleet',
    response: nodesResponseSchema,
  }),
  'GET /api/overview': route({
    method: 'GET',
    path: '/api/overview',
    summary: 'Fleet and per-node totals, top domains by backlog, backing-up domains',
    role: 'viewer',
    revalidate: 'fleet',
    response: overviewResponseSchema,
  }),
  'GET /api/queues': route({
    method: 'GET',
    path: '/api/queues',
    summary: 'Every queue of every node, filtered, sorted and paged on the server',
    role: 'viewer',
    revalidate: 'fleet',
    query: z.object({ ...queueViewParams, offset: intParam(0, 10_000_000).default(0), limit: intParam(1, 5000).default(100) }).strict(),
    response: queuesResponseSchema,
  }),
  'GET /api/queues/export': route({
    method: 'GET',
    path: '/api/queues/export',
    summary: "The queue list's filtered, sorted view as CSV (every matching row)",
    role: 'viewer',
    query: z.object(queueViewParams).strict(),
    response: csv('One row per queue'),
  }),
  'GET /api/queues/detail': route({
    method: 'GET',
    path: '/api/queues/detail',
    summary: "One queue's detail, fetched from its node on demand",
    role: 'viewer',
    query: z
      .object({
        node: nodeIdParam,
        queue: z
          .string()
          .min(3)
          .max(400)
          .regex(/^[^/\s]+\/[^/\s]+$/, 'expected a queue name "domain/vmta"'),
      })
      .strict(),
    response: queueDetailResponseSchema,
  }),
  'GET /api/domains/{domain}': route({
    method: 'GET',
    path: '/api/domains/{domain}',
    summary: 'Every queue of one domain on every node, totals, backing-up verdicts, recent errors',
    role: 'viewer',
    revalidate: 'fleet',
    params: z.object({ domain: domainParam.transform((d) => d.toLowerCase()) }),
    response: domainViewSchema,
  }),
  'GET /api/domain-suggestions': route({
    method: 'GET',
    path: '/api/domain-suggestions',
    summary: 'Domains with queues closest to a name (for a domain that has none on any node)',
    role: 'viewer',
    query: z.object({ q: z.string().trim().min(1).max(253), limit: intParam(1, 20).optional() }).strict(),
    response: domainSuggestionsResponseSchema,
  }),
  'GET /api/vmtas': route({
    method: 'GET',
    path: '/api/vmtas',
    summary: 'Totals per vMTA across the fleet or one node',
    role: 'viewer',
    revalidate: 'fleet',
    query: nodeFilter,
    response: vmtasResponseSchema,
  }),
  'GET /api/backoff': route({
    method: 'GET',
    path: '/api/backoff',
    summary: 'Queues in backoff grouped by the provider signature of their last error',
    role: 'viewer',
    revalidate: 'fleet',
    query: nodeFilter,
    response: backoffResponseSchema,
  }),
  'GET /api/metrics': route({
    method: 'GET',
    path: '/api/metrics',
    summary: "Prometheus text exposition of the fleet's latest snapshots",
    role: 'viewer',
    metricsToken: true,
    response: { kind: 'text', contentType: 'text/plain; version=0.0.4; charset=utf-8', description: 'Prometheus text format 0.0.4' },
  }),
  'GET /api/alerts': route({
    method: 'GET',
    path: '/api/alerts',
    summary: 'Alerts (firing, pending, silenced, resolved history), silences, rules, receivers and delivery attempts',
    role: 'viewer',
    query: alertsQuerySchema,
    revalidate: 'content',
    response: alertsResponseSchema,
  }),
  'GET /api/alerts/rules.yaml': route({
    method: 'GET',
    path: '/api/alerts/rules.yaml',
    summary: "The enabled built-in rules as a Prometheus rules file over the console's own metrics",
    role: 'viewer',
    metricsToken: true,
    response: { kind: 'text', contentType: 'application/yaml; charset=utf-8', description: 'Prometheus rule file (promtool check rules)' },
  }),
  'POST /api/alerts/silences': route({
    method: 'POST',
    path: '/api/alerts/silences',
    summary: 'Silence alerts matching every matcher (label = glob) for a time, with a reason (audited)',
    role: 'operator',
    body: silenceBodySchema,
    response: createdSchema,
  }),
  'DELETE /api/alerts/silences/{id}': route({
    method: 'DELETE',
    path: '/api/alerts/silences/{id}',
    summary: 'End a silence now (audited)',
    role: 'operator',
    params: idParams,
    response: okSchema,
  }),
  'POST /api/alerts/{id}/ack': route({
    method: 'POST',
    path: '/api/alerts/{id}/ack',
    summary: 'Acknowledge an active alert: shown as acknowledged, no repeat notifications (audited)',
    role: 'operator',
    params: idParams,
    body: ackBodySchema,
    response: okSchema,
  }),
  'GET /api/history': route({
    method: 'GET',
    path: '/api/history',
    summary: 'One metric over time (at most ~1000 points per series)',
    role: 'viewer',
    query: historyQuerySchema,
    revalidate: 'history',
    response: historyResponseSchema,
  }),
  'GET /api/history/domain': route({
    method: 'GET',
    path: '/api/history/domain',
    summary: 'Domain drill-down: backlog per queue, delivered rate, backoff periods, operator actions',
    role: 'viewer',
    query: domainHistorySchema,
    response: domainHistoryResponseSchema,
  }),
  'GET /api/history/drain': route({
    method: 'GET',
    path: '/api/history/drain',
    summary: 'Drain ETA and expiry risk of a domain and each of its queues',
    role: 'viewer',
    query: drainSchema,
    response: drainResponseSchema,
  }),
  'GET /api/bounces': route({
    method: 'GET',
    path: '/api/bounces',
    summary: 'Bounce and complaint totals from the accounting files, with ingestion status',
    role: 'viewer',
    query: bounceFilterParams,
    response: bouncesResponseSchema,
  }),
  'GET /api/bounces/export': route({
    method: 'GET',
    path: '/api/bounces/export',
    summary: 'Bounce aggregates as CSV, grouped one way, with rates and threshold flags',
    role: 'viewer',
    query: exportParams,
    response: csv('One row per group'),
  }),
  ...webhookRoutes(),
  'GET /api/internal/nodes/{id}/snapshot': route({
    method: 'GET',
    path: '/api/internal/nodes/{id}/snapshot',
    summary:
      "Replica to replica: this process's latest snapshot of a node it polls (binary, lib/cluster/snapshot-wire.ts); shared secret as Bearer, loopback or private peers only; ETag and 304",
    role: 'public',
    ownSecret: true,
    params: z.object({ id: nodeIdParam }),
    response: {
      kind: 'binary',
      contentType: 'application/vnd.pmta-console.snapshot',
      description: 'One node snapshot: JSON header, typed columns, joined names',
    },
  }),
  'GET /api/audit': route({
    method: 'GET',
    path: '/api/audit',
    summary: 'Audit entries, newest first',
    role: 'viewer',
    query: auditQuerySchema,
    response: auditListResponseSchema,
  }),
  'GET /api/audit/export': route({
    method: 'GET',
    path: '/api/audit/export',
    summary: 'The filtered audit log as CSV, newest first (at most 100 000 rows)',
    role: 'admin',
    query: auditQuerySchema,
    response: csv('One row per audit entry'),
  }),
  'GET /api/actions/preview': route({
    method: 'GET',
    path: '/api/actions/preview',
    summary: 'Blast radius of a queue action from the latest snapshots (sends nothing)',
    role: 'operator',
    query: z
      .object({
        action: actionSchema,
        pattern: z.string().min(1).max(300),
        /** `all` or comma-separated node ids. */
        nodes: z
          .string()
          .regex(/^(all|[a-z0-9][a-z0-9_-]{0,62}(,[a-z0-9][a-z0-9_-]{0,62})*)$/, "'all' or comma-separated node ids")
          .default('all'),
        /** Comma-separated ids of stale or down nodes to include anyway (others are left out). */
        includeDown: includeDownQuerySchema,
      })
      .strict(),
    response: actionPreviewSchema,
  }),
  'POST /api/actions': route({
    method: 'POST',
    path: '/api/actions',
    summary: 'Run a queue or toolbox action on one, several or all nodes (audited before anything is sent; delete: admins only)',
    role: 'operator',
    body: z.union([executeSchema, toolExecuteSchema, selectionExecuteSchema]),
    response: actionResponseSchema,
  }),
  'POST /api/actions/selection/preview': route({
    method: 'POST',
    path: '/api/actions/selection/preview',
    summary: 'Every queue per node a selection action would touch (picked queues or all matching a filter); sends nothing',
    role: 'operator',
    body: selectionPreviewSchema,
    response: selectionPreviewResponseSchema,
  }),
  'GET /api/actions/scheduled': route({
    method: 'GET',
    path: '/api/actions/scheduled',
    summary: 'Pending automatic resumes of time-boxed pauses, soonest first',
    role: 'viewer',
    response: scheduledResumesResponseSchema,
  }),
  // The operator's toolbox (lib/toolbox, lib/ledger; README "Toolbox").
  'GET /api/toolbox/preview': route({
    method: 'GET',
    path: '/api/toolbox/preview',
    summary: 'Blast radius and command of a toolbox action (job, source, delete, retry with held recipients); sends nothing that changes state',
    role: 'operator',
    query: toolPreviewQuerySchema,
    response: toolPreviewSchema,
  }),
  'GET /api/ledger': route({
    method: 'GET',
    path: '/api/ledger',
    summary: 'Intended state set from the console, per node, with drift from the live state and a restore body',
    role: 'viewer',
    query: z.object({ node: nodeIdParam.optional() }).strict(),
    response: ledgerResponseSchema,
  }),
  'GET /api/jobs': route({
    method: 'GET',
    path: '/api/jobs',
    summary: 'Every job on every node (/jobs), merged by id',
    role: 'viewer',
    response: jobsResponseSchema,
  }),
  'GET /api/jobs/accounting': route({
    method: 'GET',
    path: '/api/jobs/accounting',
    summary: 'Accounting per job (jobId): delivered, bounces by class, complaints, rates against the thresholds',
    role: 'viewer',
    query: bounceFilterParams,
    response: jobsAccountingResponseSchema,
  }),
  'GET /api/jobs/{job}': route({
    method: 'GET',
    path: '/api/jobs/{job}',
    summary: 'One job: its /jobs entry per node, its accounting, and the queues per node its records went through with their live state',
    role: 'viewer',
    params: z.object({ job: jobIdParam }),
    query: z.object(timeRangeParams).strict(),
    response: jobDetailResponseSchema,
  }),
  'GET /api/sources': route({
    method: 'GET',
    path: '/api/sources',
    summary: 'Per sending IP (dlvSourceIp): delivered, deferred, bounced by class, per provider group, over time, and the vMTAs seen',
    role: 'viewer',
    query: bounceFilterParams,
    response: sourcesResponseSchema,
  }),
  'GET /api/sources/disabled': route({
    method: 'GET',
    path: '/api/sources/disabled',
    summary: 'Disabled source IPs per queue on every node (show disabled sources), cached 10 s',
    role: 'viewer',
    response: disabledSourcesResponseSchema,
  }),
  'GET /api/queues/settings': route({
    method: 'GET',
    path: '/api/queues/settings',
    summary: 'The settings in force for one queue (show settings), parsed, cached 30 s',
    role: 'viewer',
    query: z
      .object({
        node: nodeIdParam,
        queue: z
          .string()
          .min(3)
          .max(400)
          .regex(/^[^/\s]+\/[^/\s]+$/, 'expected a queue name "domain/vmta"'),
        fresh: boolParam.optional(),
      })
      .strict(),
    response: queueSettingsResponseSchema,
  }),
  'GET /api/nodes/license': route({
    method: 'GET',
    path: '/api/nodes/license',
    summary: 'show license per node: expiry, days left, warning from 30 days before',
    role: 'viewer',
    response: licensesResponseSchema,
  }),
  'DELETE /api/actions/scheduled/{id}': route({
    method: 'DELETE',
    path: '/api/actions/scheduled/{id}',
    summary: 'Cancel a pending automatic resume (the queues stay paused); audited as cancel-resume',
    role: 'operator',
    params: z.object({ id: intParam(1, Number.MAX_SAFE_INTEGER) }),
    response: cancelResumeResponseSchema,
  }),
} satisfies Record<string, RouteContract>;

export type Routes = typeof routes;
export type RouteKey = keyof Routes;

type JsonKeys = { [K in RouteKey]: Routes[K]['response'] extends z.ZodType ? K : never }[RouteKey];
/** `GET` | `POST` … of a route key. */
type MethodOf<K> = K extends `${infer M} ${string}` ? M : never;
type PathOf<K> = K extends `${string} ${infer P}` ? P : never;

/** Paths answering JSON to `method`. */
export type JsonPath<M extends HttpMethod> = PathOf<Extract<JsonKeys, `${M} ${string}`>>;
export type JsonMethodOf<P extends string> = MethodOf<Extract<JsonKeys, `${string} ${P}`>>;

type Entry<M extends string, P extends string> = Routes[Extract<RouteKey, `${M} ${P}`>];
type OutputOf<S> = S extends z.ZodType ? z.output<S> : never;
type InputOf<S> = S extends z.ZodType ? z.input<S> : undefined;

/** The JSON body a route answers with. */
export type ApiResponse<M extends string, P extends string> = OutputOf<Entry<M, P>['response']>;
/** The JSON body a route accepts (before the server's parsing); undefined = none. */
export type ApiBody<M extends string, P extends string> = Entry<M, P> extends { body: infer B } ? InputOf<B> : undefined;
/** `domain` | … of `/api/domains/{domain}`. */
export type PathParamNames<P extends string> = P extends `${string}{${infer N}}${infer R}` ? N | PathParamNames<R> : never;

/** Response type by route key, for code that names a route rather than a path. */
export type ResponseOf<K extends RouteKey> = OutputOf<Routes[K]['response']>;
