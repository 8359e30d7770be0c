// Response shapes of the live fleet routes (/api/nodes, /api/overview, /api/queues*, /api/vmtas,
// /api/backoff, /api/domains/{domain}). They mirror lib/pmta/types.ts and lib/fleet/*; the
// handlers' return values are checked against them by `tsc` (lib/api/route.ts).
import { z } from 'zod';
import { maybe, num, str } from './shared';

const nnum = maybe(num);
const nstr = maybe(str);

export const queueEventSchema = z.object({ type: nstr, time: nstr, text: str });

export const queueSchema = z.object({
  name: str,
  domain: str,
  vmta: str,
  rcp: nnum,
  kb: nnum,
  conn: nnum,
  paused: maybe(z.boolean()),
  mode: maybe(z.enum(['normal', 'backoff'])),
  retryTime: nstr,
  events: z.array(queueEventSchema),
});

export const queueRowSchema = queueSchema.extend({ node: str });

export const queueDetailSchema = queueSchema.extend({
  backoffReason: nstr,
  errors: z.array(queueEventSchema),
  modeEvents: z.array(z.object({ time: nstr, mode: nstr, text: nstr })),
  recipientEvents: z.array(z.object({ type: nstr, time: nstr, rcpt: nstr, sourceIp: nstr, remoteMta: nstr, diag: nstr })),
  disabledSources: z.array(z.object({ ip: str, until: nstr })),
  /** False when the node does not keep recipient events (`track-recipient-events`, guide §3.3.10.16). */
  recipientEventsTracked: z.boolean(),
});

export const nodeHealthSchema = z.object({
  state: z.enum(['ok', 'stale', 'down']),
  reason: nstr,
  message: nstr,
  lastAttemptAt: nnum,
  lastSuccessAt: nnum,
  since: nnum,
  consecutiveFailures: num,
  lastPollMs: nnum,
  /** Full or adaptive queue-list polling (lib/fleet/node-poller.ts): when the last full list came, why adaptive is suspended. */
  queueList: z
    .object({
      mode: z.enum(['full', 'adaptive']),
      lastFullAt: nnum,
      fallback: maybe(z.object({ reason: str, at: num, until: num })),
    })
    .optional(),
});

export const nodeViewSchema = z.object({
  id: str,
  name: str,
  address: str,
  tags: z.array(str),
  hasApiKey: z.boolean(),
  health: nodeHealthSchema,
  version: nstr,
  hostName: nstr,
  dataAt: nnum,
  queueCount: nnum,
  queuesTruncated: z.boolean(),
  /** Set when a list came back shorter than the node's own totals (lib/fleet/list-truncation.ts). */
  truncated: maybe(z.object({ reason: str })),
  /** The node's clock as measured from `timeNow` (lib/fleet/node-clock.ts). */
  clock: maybe(z.object({ offsetMs: num, zoneMinutes: nnum, skewSeconds: num, skewed: z.boolean(), label: str, measuredAt: num })),
  /** With several replicas (`cluster.enabled`): who holds the node's poll lease, and its generation; null for one console. */
  polledBy: maybe(z.object({ replica: nstr, generation: nnum, self: z.boolean() })),
});

const counts = z.object({ rcp: nnum, msg: nnum, kb: nnum });
const flow = z.object({ in: counts, out: counts });

export const nodeTotalsSchema = z.object({
  lastMin: flow,
  lastHr: flow,
  total: flow,
  connIn: z.object({ cur: nnum, max: nnum }),
  connOut: z.object({ cur: nnum, max: nnum }),
  queued: z.object({ rcp: nnum, domains: nnum, kb: nnum }),
  spool: z.object({ rcp: nnum, maxRcp: nnum, initPct: nnum }),
  bounceProcessed: nnum,
  feedbackLoopProcessed: nnum,
  queues: nnum,
  backoffQueues: nnum,
  pausedQueues: nnum,
});

export const domainBacklogSchema = z.object({ domain: str, rcp: num, kb: num, queues: num, backoff: num, paused: num });

export const backingUpVerdictSchema = z.object({
  node: str,
  domain: str,
  backingUp: z.boolean(),
  rcp: num,
  severity: num,
  growth: nnum,
  reasons: z.array(str),
  signals: z.object({
    noConnections: z.boolean(),
    backoffQueues: num,
    pausedQueues: num,
    backoffSince: nnum,
    nextRetryAt: nnum,
    lastError: maybe(z.object({ at: nnum, text: str })),
    recentError: z.boolean(),
  }),
});

export const nodesResponseSchema = z.object({ generatedAt: num, pollIntervalSeconds: num, nodes: z.array(nodeViewSchema) });

export const overviewResponseSchema = z.object({
  generatedAt: num,
  pollIntervalSeconds: num,
  /** Sum over the live nodes only. */
  fleet: nodeTotalsSchema,
  /** Nodes left out of `fleet` because their data is stale or they are down. */
  partial: z.array(z.object({ node: str, name: str, state: z.enum(['stale', 'down']), dataAgeSeconds: maybe(num) })),
  nodes: z.array(z.object({ node: nodeViewSchema, totals: maybe(nodeTotalsSchema) })),
  topDomains: z.array(domainBacklogSchema),
  otherDomains: z.object({ domains: num, rcp: num, kb: num }),
  backingUp: z.array(backingUpVerdictSchema),
  /** Flagged pairs that are paused because an operator paused them here (audit log). */
  pausedByConsole: z.array(z.object({ node: str, domain: str, rcp: num, user: str, at: num, reason: maybe(str), resumeAt: maybe(num) })),
});

export const queuesResponseSchema = z.object({
  generatedAt: num,
  offset: num,
  limit: num,
  rows: z.array(queueRowSchema),
  total: num,
  totals: z.object({ rcp: num, kb: num, conn: num, backoff: num, paused: num }),
});

export const queueDetailResponseSchema = z.object({ node: str, fetchedAt: num, queue: queueDetailSchema });

export const vmtaViewSchema = z.object({
  vmta: str,
  nodes: z.array(str),
  queues: num,
  domains: num,
  rcp: num,
  kb: num,
  conn: num,
  backoff: num,
  paused: num,
  topDomains: z.array(z.object({ domain: str, rcp: num })),
});

/** Domains with queues whose names are closest to one that has none (a typo in the search). */
export const domainSuggestionsResponseSchema = z.object({ query: str, matches: z.array(str) });

export const vmtasResponseSchema = z.object({ generatedAt: num, vmtas: z.array(vmtaViewSchema) });

/** Who a provider signature is about (lib/accounting/provider-signature.ts). */
export const signatureProviderSchema = z.enum(['gmail', 'yahoo', 'microsoft', 'apple', 'spamhaus', 'spamcop', 'barracuda', 'rbl', 'pmta', 'generic', 'other']);

export const backoffGroupSchema = z.object({
  signature: str,
  label: str,
  provider: signatureProviderSchema,
  queues: z.array(
    z.object({ node: str, queue: str, domain: str, vmta: str, rcp: nnum, retryTime: nstr, retryAt: nnum, lastError: nstr, lastErrorTime: nstr, since: nnum }),
  ),
  rcp: num,
  since: nnum,
});

export const backoffResponseSchema = z.object({ generatedAt: num, groups: z.array(backoffGroupSchema) });

export const domainViewSchema = z.object({
  domain: str,
  generatedAt: num,
  totals: z.object({ queues: num, rcp: num, kb: num, conn: num, backoff: num, paused: num }),
  /** Each row's next retry and last error as instants, converted with the node's clock. */
  queues: z.array(queueRowSchema.extend({ retryAt: nnum, lastErrorAt: nnum })),
  verdicts: z.array(backingUpVerdictSchema),
  errors: z.array(z.object({ node: str, queue: str, time: nstr, at: nnum, text: str, signature: str, label: str })),
});
