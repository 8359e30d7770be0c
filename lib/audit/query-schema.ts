// Query string of the audit list and export (every parameter arrives as a string).
import { z } from 'zod';
import { domainParam, intParam } from '@/lib/api/params';

/** ISO time or ms since the epoch. */
const timeParam = z
  .string()
  .transform((s) => (/^\d+$/.test(s) ? Number(s) : Date.parse(s)))
  .refine((n) => Number.isFinite(n), 'an ISO time or ms since the epoch');

export const auditQuerySchema = z
  .object({
    from: timeParam.optional(),
    to: timeParam.optional(),
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
