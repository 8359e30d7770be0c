// Shared zod pieces for query strings (every parameter arrives as a string).
import { z } from 'zod';
import { parseDurationSeconds } from '@/lib/config/duration';

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

/**
 * A path segment as text, or null when its percent-encoding is malformed (`%E0%A4%A`). Next
 * hands a segment over decoded, or as it came when it could not decode it; a `%` left over is
 * decoded here. Shared by apiRoute and the pages with dynamic segments.
 */
export function decodePathSegment(segment: string): string | null {
  if (!segment.includes('%')) return segment;
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

/**
 * Milliseconds for a time parameter, or null when it is not one: epoch ms, ISO-8601 text, or
 * relative to now (`now`, `now-6h`, `-6h`).
 */
export function parseTime(text: string, now: number): number | null {
  const s = text.trim();
  if (s === 'now') return now;
  const rel = /^(?:now)?-(.+)$/.exec(s);
  if (rel) {
    const sec = parseDurationSeconds(rel[1]!);
    return sec === null ? null : now - sec * 1000;
  }
  if (/^\d{1,15}$/.test(s)) return Number(s);
  if (/^\d{4}-\d{2}-\d{2}/.test(s)) {
    const t = Date.parse(s);
    return Number.isNaN(t) ? null : t;
  }
  return null;
}

/** The one time parameter of every range query (history, bounces, audit) → epoch ms. */
export const timeParam = z.string().transform((s, ctx) => {
  const ms = parseTime(s, Date.now());
  if (ms === null) {
    ctx.addIssue({ code: 'custom', message: 'expected epoch milliseconds, an ISO-8601 time, or now-<duration> like now-6h' });
    return z.NEVER;
  }
  return ms;
});

/** `from` / `to` of a range query; both optional (each route picks its default range). */
export const timeRangeParams = { from: timeParam.optional(), to: timeParam.optional() };
