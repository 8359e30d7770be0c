// Query parameters of /api/bounces and /api/bounces/export (every value arrives as a string).
import { z } from 'zod';
import { domainParam, nodeIdParam, timeRangeParams } from '@/lib/api/params';

const name = z.string().min(1).max(255);

export const bounceFilterParams = z
  .object({
    ...timeRangeParams,
    node: nodeIdParam.optional(),
    domain: domainParam.transform((d) => d.toLowerCase()).optional(),
    vmta: name.optional(),
    job: name.optional(),
  })
  .refine((q) => q.from === undefined || q.to === undefined || q.from < q.to, { message: 'from must be before to', path: ['from'] });

export const exportParams = bounceFilterParams.and(z.object({ by: z.enum(['domain', 'vmta', 'node', 'job', 'category', 'hour']).default('domain') }));
