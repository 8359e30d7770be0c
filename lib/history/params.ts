// Query-string pieces of /api/history*: times as epoch ms, ISO text or relative to now
// (`now-6h`, `-6h`, `now`), steps as seconds or durations (`5m`).
import { z } from 'zod';
import { parseDurationSeconds } from '@/lib/config/duration';
import { domainParam, intParam, nodeIdParam } from '@/lib/api/params';
import { METRIC_NAMES, type MetricName } from './metrics';

/** Milliseconds for a time parameter, or null when it is not one. */
function parseTime(text: string, now: number): number | null {
  const s = text.trim();
  if (s === 'now') return now;
  const rel = /^(?:now)?-(.+)$/.exec(s);
  if (rel) {
    const sec = parseDurationSeconds(rel[1]!);
    return sec === null ? null : now - sec * 1000;
  }
  if (/^\d{10,14}$/.test(s)) return Number(s);
  if (/^\d{4}-\d{2}-\d{2}/.test(s)) {
    const t = Date.parse(s);
    return Number.isNaN(t) ? null : t;
  }
  return null;
}

const timeParam = z.string().refine((s) => parseTime(s, 0) !== null, 'expected epoch milliseconds, an ISO time, or now-<duration> like now-6h');

const stepParam = z
  .string()
  .refine((s) => /^\d+$/.test(s) || parseDurationSeconds(s) !== null, 'expected seconds or a duration like 5m')
  .transform((s) => (/^\d+$/.test(s) ? Number(s) : parseDurationSeconds(s)!) * 1000)
  .pipe(z.number().min(1000, 'must be at least 1s').max(7 * 86_400_000, 'must be at most 7d'));

export const historyQuerySchema = z.object({
  metric: z.enum(METRIC_NAMES as [MetricName, ...MetricName[]]),
  node: nodeIdParam.optional(),
  domain: domainParam.optional(),
  from: timeParam.optional(),
  to: timeParam.optional(),
  step: stepParam.optional(),
  top: intParam(1, 50).optional(),
  split: z.enum(['node']).optional(),
});

export const domainHistorySchema = z.object({
  domain: domainParam,
  node: nodeIdParam.optional(),
  from: timeParam.optional(),
  to: timeParam.optional(),
  step: stepParam.optional(),
});

export const drainSchema = z.object({ domain: domainParam });

/** Resolve from/to against `now`: default the last hour; the newest time is never in the future. */
export function resolveRange(q: { from?: string; to?: string }, now: number): { from: number; to: number } | { error: string } {
  const to = Math.min(now, q.to ? parseTime(q.to, now)! : now);
  const from = q.from ? parseTime(q.from, now)! : to - 3_600_000;
  if (from >= to) return { error: 'from: must be before to' };
  if (to - from > 400 * 86_400_000) return { error: 'from: range longer than 400 days' };
  return { from, to };
}
