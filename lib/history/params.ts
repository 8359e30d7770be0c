// Query-string pieces of /api/history*: times as in lib/api/params.ts (epoch ms, ISO text or
// relative to now), steps as seconds or durations (`5m`).
import { z } from 'zod';
import { parseDurationSeconds } from '@/lib/config/duration';
import { domainParam, intParam, nodeIdParam, timeRangeParams } from '@/lib/api/params';
import { METRIC_NAMES, type MetricName } from './metrics';

const stepParam = z
  .string()
  .refine((s) => /^\d+$/.test(s) || parseDurationSeconds(s) !== null, 'expected seconds or a duration like 5m')
  .transform((s) => (/^\d+$/.test(s) ? Number(s) : parseDurationSeconds(s)!) * 1000)
  .pipe(
    z
      .number()
      .min(1000, 'must be at least 1s')
      .max(7 * 86_400_000, 'must be at most 7d'),
  );

export const historyQuerySchema = z.object({
  metric: z.enum(METRIC_NAMES as [MetricName, ...MetricName[]]),
  node: nodeIdParam.optional(),
  domain: domainParam.optional(),
  ...timeRangeParams,
  step: stepParam.optional(),
  top: intParam(1, 50).optional(),
  split: z.enum(['node']).optional(),
});

export const domainHistorySchema = z.object({
  domain: domainParam,
  node: nodeIdParam.optional(),
  ...timeRangeParams,
  step: stepParam.optional(),
});

export const drainSchema = z.object({ domain: domainParam });

/** Resolve from/to against `now`: default the last hour; the newest time is never in the future. */
export function resolveRange(q: { from?: number; to?: number }, now: number): { from: number; to: number } | { error: string } {
  const to = Math.min(now, q.to ?? now);
  const from = q.from ?? to - 3_600_000;
  if (from >= to) return { error: 'from: must be before to' };
  if (to - from > 400 * 86_400_000) return { error: 'from: range longer than 400 days' };
  return { from, to };
}
