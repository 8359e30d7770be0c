// Query parameters of /api/bounces and /api/bounces/export (every value arrives as a string).
import { z } from 'zod';
import { domainParam, nodeIdParam } from '@/lib/api/params';

/** Epoch ms, or an ISO-8601 time (`2026-11-26T10:00:00Z`). */
const timeParam = z.string().transform((s, ctx) => {
  const ms = /^\d{1,15}$/.test(s) ? Number(s) : Date.parse(s);
  if (!Number.isFinite(ms)) {
    ctx.addIssue({ code: 'custom', message: 'expected epoch milliseconds or an ISO-8601 time' });
    return z.NEVER;
  }
  return ms;
});

const name = z.string().min(1).max(255);

export const bounceFilterParams = z
  .object({
    from: timeParam.optional(),
    to: timeParam.optional(),
    node: nodeIdParam.optional(),
    domain: domainParam.transform((d) => d.toLowerCase()).optional(),
    vmta: name.optional(),
    job: name.optional(),
  })
  .refine((q) => q.from === undefined || q.to === undefined || q.from < q.to, { message: 'from must be before to', path: ['from'] });

export const exportParams = bounceFilterParams.and(
  z.object({ by: z.enum(['domain', 'vmta', 'node', 'job', 'category', 'hour']).default('domain') }),
);
