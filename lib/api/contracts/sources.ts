// Response shapes of /api/sources, /api/sources/disabled (lib/accounting/store/source-ips.ts,
// lib/toolbox/reads.ts) and the per-job accounting routes (lib/accounting/store/jobs.ts). Pure zod.
import { z } from 'zod';
import { maybe, num, str } from './shared';

/** A job id as the command builder accepts it (lib/pmta/tool-commands.ts checkJobId). */
export const jobIdParam = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'a job id');

const ipCounts = { delivered: num, deferred: num, bounces: num, hard: num, soft: num, custom: num, unknown: num };
const filter = z.object({ from: num.optional(), to: num.optional(), node: str.optional(), domain: str.optional(), vmta: str.optional(), job: str.optional() });
const thresholds = z.object({ complaintRatePct: num, bounceRatePct: num, minDelivered: num });
const rateFlags = { bounceRate: maybe(num), complaintRate: maybe(num), bounceWarn: z.boolean(), complaintWarn: z.boolean() };

export const sourcesResponseSchema = z.object({
  generatedAt: num,
  filter,
  bucketMs: num,
  ips: z.array(
    z.object({
      ip: str,
      ...ipCounts,
      vmtas: z.array(z.object({ node: str, vmta: str })),
      byProvider: z.array(z.object({ provider: str, ...ipCounts })),
    }),
  ),
  overTime: z.array(z.object({ t: num, ip: str, delivered: num, deferred: num, bounces: num })),
  charted: z.array(str),
});

export const disabledSourcesResponseSchema = z.object({
  sources: z.array(z.object({ node: str, queue: str, ip: str, until: maybe(str) })),
  failed: z.array(z.object({ node: str, error: str })),
  fetchedAt: num,
});

export const jobAccountingRowSchema = z.object({
  job: str,
  delivered: num,
  bounces: num,
  hard: num,
  soft: num,
  custom: num,
  unknown: num,
  remoteBounces: num,
  fbl: num,
  ...rateFlags,
});

export const jobsAccountingResponseSchema = z.object({ generatedAt: num, filter, thresholds, jobs: z.array(jobAccountingRowSchema) });

export const jobDetailResponseSchema = z.object({
  generatedAt: num,
  job: str,
  /** What the nodes' `/jobs` say now (null: no node lists the job). */
  live: maybe(
    z.object({
      rcp: num,
      kb: num,
      nodes: z.array(z.object({ node: str, rcp: maybe(num), kb: maybe(num), paused: maybe(z.boolean()) })),
      pausedOn: z.array(str),
    }),
  ),
  failed: z.array(z.object({ node: str, error: str })),
  thresholds,
  accounting: maybe(jobAccountingRowSchema),
  /** Queues per node the job's accounting records went through, with the queue's live state. */
  queues: z.array(
    z.object({
      node: str,
      queue: str,
      delivered: num,
      bounces: num,
      live: maybe(z.object({ rcp: maybe(num), kb: maybe(num), paused: maybe(z.boolean()), mode: maybe(str) })),
    }),
  ),
});
