// `alerts:` in the configuration file — rules (built-in overrides and custom rules),
// receivers, routes. Defaults make every built-in rule active with no receiver: alerts show
// on the page until a receiver is configured. README "Alerts" documents every key.
import { z } from 'zod';
import { parseDurationSeconds } from './duration';

const duration = z.string().refine((s) => parseDurationSeconds(s) !== null, 'a duration like "4d12h", "90m" or "30s"');
const name = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'lower-case letters, digits, "-" and "_"');
const labelName = z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]{0,62}$/, 'a Prometheus label name');
const httpUrl = z
  .string()
  .url()
  .refine((u) => /^https?:\/\//.test(u), 'an http:// or https:// URL');

export const ALERT_KINDS = [
  'backing-up',
  'backlog',
  'backoff-queues',
  'node-down',
  'node-stale',
  'node-truncated',
  'clock-skew',
  'spool',
  'ingest-lag',
  'bounce-rate',
  'complaint-rate',
] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

/** Narrow a rule to some nodes/domains/vMTAs (globs with `*`) or node tags. */
const filterSchema = z
  .object({
    node: z.array(z.string().min(1)).optional(),
    domain: z.string().min(1).optional(),
    vmta: z.string().min(1).optional(),
    tags: z.array(z.string().min(1)).optional(),
  })
  .strict();

/** A built-in override (every field optional) or a custom rule (`kind` required). */
const ruleSchema = z
  .object({
    kind: z.enum(ALERT_KINDS).optional(),
    enabled: z.boolean().optional(),
    for: duration.optional(),
    /** How long the condition must stay clear before a firing alert resolves (no flapping). */
    keepFiringFor: duration.optional(),
    threshold: z.number().min(0).optional(),
    /** Numeric rules resolve only below threshold × (1 − hysteresis). */
    hysteresis: z.number().min(0).max(0.9).optional(),
    severity: z.enum(['info', 'warning', 'critical']).optional(),
    labels: z.record(labelName, z.string().max(200)).optional(),
    filter: filterSchema.optional(),
    summary: z.string().max(300).optional(),
  })
  .strict();

const receiverSchema = z.discriminatedUnion('type', [
  z.object({ name, type: z.literal('alertmanager'), urls: z.array(httpUrl).min(1) }).strict(),
  z.object({ name, type: z.literal('webhook'), url: httpUrl, secret: z.string().min(16, 'at least 16 characters') }).strict(),
  z.object({ name, type: z.literal('slack'), url: httpUrl }).strict(),
  z
    .object({
      name,
      type: z.literal('email'),
      host: z.string().min(1),
      port: z.number().int().min(1).max(65535).default(587),
      /** true: TLS from the first byte (port 465); false: STARTTLS, which is then required. */
      secure: z.boolean().default(false),
      user: z.string().min(1).optional(),
      password: z.string().min(1).optional(),
      from: z.string().min(3),
      to: z.array(z.string().min(3)).min(1),
      /** PEM file of the CA to trust (a private relay's certificate). */
      caFile: z.string().min(1).optional(),
    })
    .strict(),
]);

const routeSchema = z
  .object({
    /** Label → glob; every entry must match (`rule`, `severity`, `node`, `domain`, …). */
    match: z.record(labelName, z.string().min(1)).default({}),
    receivers: z.array(name).min(1),
    groupBy: z.array(labelName).default(['rule']),
    repeatInterval: duration.optional(),
    /** Stop at this route (default) or also try the next ones. */
    continue: z.boolean().default(false),
  })
  .strict();

export const alertsSchema = z
  .object({
    enabled: z.boolean().default(true),
    /** Base URL of the console as people reach it, for the links in notifications. */
    publicUrl: httpUrl.optional(),
    rules: z.record(name, ruleSchema).default({}),
    receivers: z.array(receiverSchema).default([]),
    /** First matching route wins; without routes every alert goes to every receiver. */
    routes: z.array(routeSchema).default([]),
    repeatInterval: duration.default('4h'),
    /** Alertmanager expects firing alerts re-sent well within its resolve_timeout (5m). */
    alertmanagerResendInterval: duration.default('1m'),
    /** Resolved alerts kept for the history. */
    historyDays: z.number().int().min(1).max(365).default(30),
  })
  .strict()
  .default({ enabled: true, rules: {}, receivers: [], routes: [], repeatInterval: '4h', alertmanagerResendInterval: '1m', historyDays: 30 })
  .superRefine((a, ctx) => {
    for (const [rule, r] of Object.entries(a.rules)) {
      if (!(ALERT_KINDS as readonly string[]).includes(rule) && !r.kind)
        ctx.addIssue({ code: 'custom', path: ['rules', rule, 'kind'], message: `custom rule "${rule}" needs a kind (${ALERT_KINDS.join(', ')})` });
    }
    const names = new Set(a.receivers.map((r) => r.name));
    if (names.size !== a.receivers.length) ctx.addIssue({ code: 'custom', path: ['receivers'], message: 'duplicate receiver name' });
    a.routes.forEach((r, i) =>
      r.receivers.forEach((n, j) => {
        if (!names.has(n)) ctx.addIssue({ code: 'custom', path: ['routes', i, 'receivers', j], message: `unknown receiver "${n}"` });
      }),
    );
  });

export type AlertsConfig = z.infer<typeof alertsSchema>;
export type AlertRuleConfig = z.infer<typeof ruleSchema>;
export type ReceiverConfig = z.infer<typeof receiverSchema>;
export type AlertRouteConfig = z.infer<typeof routeSchema>;
