// Pieces every contract uses. Pure zod (no server-only): the browser imports the inferred
// types with `import type`, the OpenAPI document and the tests import the schemas.
import { z } from 'zod';

/** A value PowerMTA may not have sent: null = unknown, never a silent 0 (lib/pmta/types.ts). */
export const maybe = <T extends z.ZodType>(t: T) => t.nullable();

export const num = z.number();
export const str = z.string();

/** The one JSON error shape of every API route (lib/api/errors.ts). */
export const errorBodySchema = z.object({
  error: z.object({
    code: z.enum([
      'bad_request',
      'unauthorized',
      'forbidden',
      'csrf',
      'not_found',
      'conflict',
      'too_large',
      'rate_limited',
      'upstream',
      'unavailable',
      'internal',
    ]),
    message: z.string(),
    status: z.number().int(),
    details: z.unknown().optional(),
  }),
});

export const okSchema = z.object({ ok: z.literal(true) });
