// Response shape of /api/bounces (mirrors lib/accounting/store/types.ts).
import { z } from 'zod';
import { maybe, num, str } from './shared';

const rateFlags = { bounceRate: maybe(num), complaintRate: maybe(num), bounceWarn: z.boolean(), complaintWarn: z.boolean() };
const byType = z.record(str, num);

const groupRow = z.object({ key: str, delivered: num, bounces: num, hard: num, soft: num, remoteBounces: num, fbl: num, ...rateFlags });

const fileRef = z.object({ file: str, reason: str, at: num });
const skippedName = z.object({ name: str, reason: str });

/** One accounting source of a node: a followed file set, or the webhook. */
export const sourceIngestStatusSchema = z.object({
  id: str,
  kind: z.enum(['dir', 'http', 'webhook']),
  where: maybe(str),
  pattern: maybe(str),
  running: z.boolean(),
  currentFile: maybe(str),
  currentOffset: maybe(num),
  currentSize: maybe(num),
  lagBytes: maybe(num),
  behind: z.boolean(),
  lastPollAt: maybe(num),
  lastError: maybe(str),
  seen: z.array(z.object({ name: str, size: maybe(num), offset: num })),
  skipped: z.array(skippedName),
  skippedTotal: num,
  resets: z.array(fileRef),
  webhook: maybe(z.object({ batches: num, duplicates: num, records: num, rejected: num, lastBatchAt: maybe(num) })),
});

export const ingestionStatusSchema = z.object({
  node: str,
  /** The node's only source kind, `multiple` when it has several, `off` when none. */
  source: z.enum(['dir', 'http', 'webhook', 'multiple', 'off']),
  where: maybe(str),
  running: z.boolean(),
  currentFile: maybe(str),
  currentOffset: maybe(num),
  currentSize: maybe(num),
  lagBytes: maybe(num),
  lastRecordAt: maybe(num),
  lastPollAt: maybe(num),
  lastError: maybe(str),
  records: num,
  malformed: num,
  /** `text` is null for callers below admin: a file may hold anything. */
  samples: z.array(z.object({ file: str, line: num, offset: num, reason: str, text: maybe(str), at: num })),
  resets: z.array(fileRef),
  /** Listed names not followed, with why (a link out of the directory, not a regular file…). */
  skipped: z.array(skippedName),
  /** Every source of the node (empty when off). */
  sources: z.array(sourceIngestStatusSchema),
});

export const bouncesResponseSchema = z.object({
  generatedAt: num,
  filter: z.object({ from: num.optional(), to: num.optional(), node: str.optional(), domain: str.optional(), vmta: str.optional(), job: str.optional() }),
  thresholds: z.object({ complaintRatePct: num, bounceRatePct: num, minDelivered: num }),
  totals: z.object({
    delivered: num,
    bounces: num,
    hard: num,
    soft: num,
    custom: num,
    unknown: num,
    transient: num,
    tq: num,
    remoteBounces: num,
    remoteStatus: num,
    fbl: num,
    ...rateFlags,
  }),
  byCategory: z.array(z.object({ category: str, class: z.enum(['hard', 'soft', 'custom', 'unknown']), bounces: num, remoteBounces: num })),
  topDomains: z.array(groupRow),
  vmtas: z.array(groupRow),
  jobs: z.array(groupRow),
  fbl: z.object({
    bucketMs: num,
    overTime: z.array(z.object({ t: num, total: num, byType })),
    byReportedDomain: z.array(z.object({ reportedDomain: str, total: num, byType })),
    byFeedbackType: byType,
  }),
  diagnostics: z.array(
    z.object({
      signature: str,
      provider: str,
      label: str,
      count: num,
      lastAt: num,
      categories: z.array(str),
      domains: z.array(str),
      sample: maybe(str),
      status: maybe(str),
    }),
  ),
  /** Deliveries and bounces per sending IP (dlvSourceIp), busiest first; hourly, no job filter. */
  bySourceIp: z.array(z.object({ ip: str, delivered: num, bounces: num, hard: num, soft: num, custom: num, unknown: num })),
  ingestion: z.array(ingestionStatusSchema),
});

/** What the accounting webhook answers PowerMTA (any 2xx ends its retries). */
export const webhookResponseSchema = z.object({ ok: z.literal(true), node: str, records: num, malformed: num, duplicate: z.boolean() });
