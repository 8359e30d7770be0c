// Response shapes of /api/history* (mirror lib/history/api-types.ts).
import { z } from 'zod';
import { METRIC_NAMES, type MetricName } from '@/lib/history/metrics';
import { maybe, num, str } from './shared';

const tier = z.enum(['raw', '1m', '1h']);
const source = z.enum(['accounting', 'backlog']);

export const seriesSchema = z.object({
  key: str,
  label: str,
  node: str.optional(),
  domain: str.optional(),
  vmta: str.optional(),
  /** `[time ms, value]`; null = no data (the line breaks). */
  points: z.array(z.tuple([num, maybe(num)])),
});

/** A period without a successful poll of a node; `to` null = still going on. */
const outageSchema = z.object({ node: str, from: num, to: maybe(num) });

export const historyResponseSchema = z.object({
  metric: z.enum(METRIC_NAMES as [MetricName, ...MetricName[]]),
  from: num,
  to: num,
  step: num,
  tier,
  series: z.array(seriesSchema),
  source: source.optional(),
  outages: z.array(outageSchema),
});

const drainEstimate = z.object({
  rcp: num,
  slopePerMin: maybe(num),
  status: z.enum(['empty', 'draining', 'steady', 'growing', 'unknown']),
  etaMs: maybe(num),
  clearsAt: maybe(num),
  expiryRisk: z.boolean(),
  reason: str,
});

export const drainResponseSchema = z.object({
  generatedAt: num,
  domain: str,
  windowMinutes: num,
  lifetimeSeconds: num,
  domainEstimate: drainEstimate,
  queues: z.array(drainEstimate.extend({ node: str, queue: str, vmta: str, lifetimeSeconds: num, lifetimeFrom: z.enum(['queue', 'config']) })),
});

export const domainHistoryResponseSchema = z.object({
  domain: str,
  from: num,
  to: num,
  step: num,
  tier,
  backlog: z.array(seriesSchema),
  delivered: seriesSchema,
  deliveredSource: source,
  backoffPeriods: z.array(z.object({ node: str, queue: str, from: num, to: maybe(num), reason: maybe(str) })),
  outages: z.array(outageSchema),
  annotations: z.array(z.object({ at: num, user: str, action: str, pattern: str, nodes: z.array(str) })),
});
