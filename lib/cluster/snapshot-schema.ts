import 'server-only';
// The JSON header of a snapshot body (./snapshot-wire.ts) as zod schemas. The body comes from
// another replica, so every field is checked before a byte of the columns is read; the
// `Assignable` lines at the end keep these schemas and the model's types (lib/pmta/types.ts,
// lib/fleet/node-clock.ts, lib/fleet/health.ts) from drifting apart.
import { z } from 'zod';
import type { NodeStatus, QueueEvent } from '@/lib/pmta/types';
import type { NodeClock } from '@/lib/fleet/node-clock';
import type { PollRecord } from '@/lib/fleet/health';
import { nullProto } from '@/lib/null-proto';

const n = z.number().nullable();
const time = z.number().finite().nullable();
const s = z.string().max(4096).nullable();
const count = z
  .number()
  .int()
  .min(0)
  .max(2 ** 32 - 1);

const traffic = z.strictObject({ rcp: n, msg: n, kb: n });
const period = z.strictObject({ in: traffic, out: traffic, bounceProcessed: n, feedbackLoopProcessed: n });
const conn = z.strictObject({ cur: n, max: n, top: n });
const methodTotals = z.strictObject({ rcp: n, dom: n, kb: n });

/**
 * Delivery methods are names the node chose: checked one by one into a null-prototype object
 * (z.record builds a plain one, where a method named `__proto__` would be lost or worse).
 */
const methodsSchema = z
  .custom<Record<string, unknown>>((v) => typeof v === 'object' && v !== null && !Array.isArray(v), 'an object of delivery methods')
  .transform((raw, ctx) => {
    const out = nullProto<z.infer<typeof methodTotals>>();
    for (const k of Object.keys(raw)) {
      const r = methodTotals.safeParse(raw[k]);
      if (!r.success || k.length > 200) {
        ctx.addIssue({ code: 'custom', path: [k], message: 'delivery method totals { rcp, dom, kb }' });
        return z.NEVER;
      }
      out[k] = r.data;
    }
    return out;
  });

export const nodeStatusSchema = z.strictObject({
  product: z.strictObject({ name: s, version: s, buildDate: s }),
  hostName: s,
  timeNow: s,
  startupTime: s,
  shuttingDown: z.boolean().nullable(),
  state: s,
  traffic: z.strictObject({ total: period, lastHr: period, lastMin: period, topPerHr: period, topPerMin: period }),
  conn: z.strictObject({ smtpIn: conn, smtpOut: conn }),
  resolver: z.strictObject({ namesCached: n, queriesPending: n, queriesActive: n }),
  queue: methodsSchema,
  spool: z.strictObject({ initPct: n, totalRcp: n, maxRcp: n, filesInUse: n, filesTotal: n }),
});

export const nodeClockSchema = z.strictObject({
  offsetMs: z.number().finite(),
  zoneMinutes: z.number().int().nullable(),
  skewSeconds: z.number().finite(),
  skewed: z.boolean(),
  label: z.string().max(200),
  measuredAt: z.number().finite(),
});

export const pollRecordSchema = z.strictObject({
  lastAttemptAt: time,
  lastSuccessAt: time,
  lastError: z.strictObject({ kind: z.string().max(100), message: z.string().max(4096), at: z.number().finite() }).nullable(),
  failureStreakStart: time,
  consecutiveFailures: count,
  lastPollMs: time,
});

const queueEventSchema = z.strictObject({ type: s, time: s, text: z.string().max(65_536) });

/** A "\n"-joined text column: how its bytes are encoded and how many there are. */
const textSchema = z.strictObject({ encoding: z.enum(['latin1', 'utf16le']), bytes: count });

export const queuesHeaderSchema = z.strictObject({
  count,
  domainCount: count,
  vmtaCount: count,
  totalRcp: n,
  totalQueuesWithRcp: n,
  truncated: z.boolean(),
  events: z.array(z.strictObject({ row: count, events: z.array(queueEventSchema).min(1) })),
  /** Which optional columns follow (adaptive polling's seenAt; the worker's derived indexes). */
  seenAt: z.boolean(),
  rcpOrder: z.boolean(),
  domainTotals: z.boolean(),
  /** Entries of lowerDomainRcp, or null when it is not sent. */
  lowerDomainRcp: count.nullable(),
  text: z.strictObject({ names: textSchema, retryTimes: textSchema, domains: textSchema, vmtas: textSchema, lowerDomainNames: textSchema.nullable() }),
});

export const WIRE_FORMAT = 1;

export const snapshotHeaderSchema = z.strictObject({
  format: z.literal(WIRE_FORMAT),
  nodeId: z.string().min(1).max(63),
  version: z.number().int().min(0),
  status: nodeStatusSchema.nullable(),
  statusAt: time,
  queuesAt: time,
  fullQueuesAt: time,
  clock: nodeClockSchema.nullable(),
  /** The owner's poll record of the node: its health, judged by the usual rules on the mirror. */
  poll: pollRecordSchema.nullable(),
  queues: queuesHeaderSchema.nullable(),
});

export type SnapshotHeader = z.infer<typeof snapshotHeaderSchema>;
export type QueuesHeader = z.infer<typeof queuesHeaderSchema>;

// Compile-time: what the schemas accept is what the model says.
type Assignable<A, B> = [A] extends [B] ? true : never;
const statusFits: Assignable<z.infer<typeof nodeStatusSchema>, NodeStatus> = true;
const clockFits: Assignable<z.infer<typeof nodeClockSchema>, NodeClock> = true;
const recordFits: Assignable<z.infer<typeof pollRecordSchema>, PollRecord> = true;
const eventFits: Assignable<z.infer<typeof queueEventSchema>, QueueEvent> = true;
void [statusFits, clockFits, recordFits, eventFits];
