// Query string of the audit list and export (every parameter arrives as a string).
import { z } from 'zod';
import { domainParam, intParam, timeRangeParams } from '@/lib/api/params';

export const auditQuerySchema = z
  .object({
    ...timeRangeParams,
    user: z.string().min(1).max(200).optional(),
    domain: z
      .string()
      .transform((s) => s.toLowerCase())
      .pipe(domainParam)
      .optional(),
    limit: intParam(1, 10_000).optional(),
    before: intParam(1, Number.MAX_SAFE_INTEGER).optional(),
  })
  .strict();
