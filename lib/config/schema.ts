// The console's configuration file, validated at start-up. Every field has a documented
// default (README "Configuration"); unknown keys are rejected so a typo never silently
// falls back to a default.
import { z } from 'zod';
import { parseDurationSeconds } from './duration';
import { authSchema, usersSchema } from './auth-schema';
import { accountingSchema, checkAccountingNodes } from './accounting-schema';
import { historySchema } from './history-schema';
import { alertsSchema } from './alerts-schema';
import { storeSchema } from './store-schema';
import { nodePollSchema, pollSchema } from './poll-schema';
import { clusterSchema } from './cluster-schema';

const nodeId = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'lower-case letters, digits, "-" and "_", starting with a letter or digit');

const duration = z.string().refine((s) => parseDurationSeconds(s) !== null, 'a duration like "4d12h", "90m" or "30s"');

const nodeSchema = z
  .object({
    id: nodeId,
    name: z.string().min(1).optional(),
    url: z
      .string()
      .url()
      .refine((u) => /^https?:\/\//.test(u), 'an http:// or https:// URL'),
    apiKey: z
      .string()
      .regex(/^[A-Za-z0-9_]{32,128}$/, 'PowerMTA API keys are 32-128 characters of [A-Za-z0-9_]')
      .optional(),
    tls: z
      .object({
        /** Accept PowerMTA 5.0's self-signed certificate without checking it. */
        insecure: z.boolean().default(false),
        /** PEM file of the CA (or the node's own certificate) to trust. */
        caFile: z.string().min(1).optional(),
      })
      .strict()
      .default({ insecure: false }),
    format: z.enum(['auto', 'xml', 'json']).default('auto'),
    timeoutMs: z.number().int().min(100).max(600_000).default(10_000),
    tags: z.array(z.string().min(1)).default([]),
    /** Overrides of the fleet-wide `poll:` for this node (poll-schema.ts). */
    poll: nodePollSchema,
  })
  .strict();

export const configSchema = z
  .object({
    pollIntervalSeconds: z.number().min(1).max(3600).default(10),
    /** Largest PowerMTA reply the console will read, per request. */
    maxResponseBytes: z
      .number()
      .int()
      .min(1024)
      .default(64 * 1024 * 1024),
    nodes: z.array(nodeSchema).min(1, 'at least one node is required'),
    /** How queue lists are asked for: full every interval, or adaptive (poll-schema.ts). */
    poll: pollSchema,
    backingUp: z
      .object({
        /** Consecutive polls over which the backlog must have grown. */
        growthPolls: z.number().int().min(2).max(100).default(3),
        /** Smallest backlog (recipients) worth flagging. */
        minRcp: z.number().int().min(0).default(100),
        /** An error younger than this counts as recent. */
        recentErrorMinutes: z.number().min(1).default(15),
      })
      .strict()
      .default({ growthPolls: 3, minRcp: 100, recentErrorMinutes: 15 }),
    /** PowerMTA's `bounce-after` (message lifetime), for expiry risk. */
    bounceAfter: duration.default('4d12h'),
    /** Where the console keeps audit, sessions, alerts, history, schedules and accounting (./store-schema.ts). */
    store: storeSchema,
    history: historySchema,
    /** Structured JSON logs on stdout (pino); `debug` adds one line per node poll. */
    log: z
      .object({ level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info') })
      .strict()
      .default({ level: 'info' }),
    users: usersSchema,
    auth: authSchema,
    accounting: accountingSchema,
    alerts: alertsSchema,
    /** Replicas sharing one store: leases and the internal channel (./cluster-schema.ts). */
    cluster: clusterSchema,
  })
  .strict()
  .superRefine((cfg, ctx) => {
    const seen = new Set<string>();
    cfg.nodes.forEach((n, i) => {
      if (seen.has(n.id)) ctx.addIssue({ code: 'custom', path: ['nodes', i, 'id'], message: `duplicate node id "${n.id}"` });
      seen.add(n.id);
    });
    checkAccountingNodes(cfg, ctx);
  });

export type ConsoleConfig = z.infer<typeof configSchema>;
export type NodeConfig = z.infer<typeof nodeSchema>;
export type StoreConfig = ConsoleConfig['store'];
