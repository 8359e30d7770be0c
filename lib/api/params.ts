// Shared zod pieces for query strings (every parameter arrives as a string).
import { z } from 'zod';

export const nodeIdParam = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'a node id');

/** `true|false|1|0|yes|no` → boolean. */
export const boolParam = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'expected true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

export const intParam = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, 'expected a whole number')
    .transform(Number)
    .pipe(z.number().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`));

/**
 * A destination domain as PowerMTA names queues (letters, digits, dots, hyphens; punycode;
 * rollups), or a Unicode IDN as a node may list it (guide §11.2.5 `bücher.de/vmta29`).
 */
export const domainParam = z
  .string()
  .min(1)
  .max(253)
  .regex(/^[\p{L}\p{N}]([\p{L}\p{M}\p{N}.-]*[\p{L}\p{M}\p{N}])?$/u, 'expected a domain name');
