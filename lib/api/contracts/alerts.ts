// Shapes of the alerts API (lib/alerts). Pure zod.
import { z } from 'zod';
import { domainParam, intParam, nodeIdParam, timeParam } from '@/lib/api/params';
import { maybe, num, str } from './shared';

const alertState = z.enum(['pending', 'firing', 'resolved']);

export const alertsQuerySchema = z.object({
  /** `silenced` selects active alerts under a silence. */
  state: z.enum(['pending', 'firing', 'resolved', 'silenced']).optional(),
  rule: z
    .string()
    .regex(/^[a-z0-9][a-z0-9_-]{0,62}$/)
    .optional(),
  node: nodeIdParam.optional(),
  domain: domainParam.optional(),
  /** Resolved alerts since (default now-7d). */
  from: timeParam.optional(),
  limit: intParam(1, 1000).optional(),
});

export const alertSchema = z.object({
  id: num,
  rule: str,
  severity: z.enum(['info', 'warning', 'critical']),
  labels: z.record(str, str),
  state: alertState,
  since: num,
  firingSince: maybe(num),
  resolvedAt: maybe(num),
  value: num,
  summary: str,
  /** Console page to act on, with the action pre-filled (not performed). */
  link: str,
  silencedBy: maybe(num),
  ackedBy: maybe(str),
  ackedAt: maybe(num),
});

const matcherSchema = z.object({
  label: z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]{0,62}$/, 'a label name (rule, node, domain, severity, …)'),
  value: z.string().min(1).max(300),
});

export const silenceSchema = z.object({
  id: num,
  matchers: z.array(matcherSchema),
  startsAt: num,
  endsAt: num,
  reason: str,
  createdBy: str,
  createdAt: num,
  expiredBy: maybe(str),
  active: z.boolean(),
});

export const deliveryAttemptSchema = z.object({ at: num, receiver: str, target: str, attempt: num, ok: z.boolean(), detail: str, alerts: num });

export const alertsResponseSchema = z.object({
  counts: z.object({ firing: num, pending: num, silenced: num }),
  alerts: z.array(alertSchema),
  silences: z.array(silenceSchema),
  rules: z.array(z.object({ name: str, kind: str, builtIn: z.boolean(), severity: str, forSeconds: num, threshold: num, description: str })),
  receivers: z.array(z.object({ name: str, type: str, queued: num })),
  deliveries: z.array(deliveryAttemptSchema),
});

export const silenceBodySchema = z.object({
  matchers: z.array(matcherSchema).min(1).max(10),
  /** Seconds, 1 minute to 30 days. */
  durationSeconds: z
    .number()
    .int()
    .min(60)
    .max(30 * 86_400),
  reason: z.string().trim().min(1).max(500),
});

export const idParams = z.object({
  id: z
    .string()
    .regex(/^\d{1,12}$/, 'an id')
    .transform(Number),
});
export const ackBodySchema = z.object({ reason: z.string().trim().max(500).optional() });
export const createdSchema = z.object({ ok: z.literal(true), id: num });
