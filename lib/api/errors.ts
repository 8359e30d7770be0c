// The one JSON error shape of every API route: `{ "error": { "code", "message", "status" } }`,
// plus `details` where a caller can act on them (e.g. which parameter was wrong).
import type { JsonResponse } from './json-response';

export type ApiErrorCode =
  'bad_request' | 'unauthorized' | 'forbidden' | 'csrf' | 'not_found' | 'conflict' | 'too_large' | 'rate_limited' | 'upstream' | 'unavailable' | 'internal';

const STATUS: Record<ApiErrorCode, number> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  csrf: 403,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  rate_limited: 429,
  upstream: 502,
  unavailable: 503,
  internal: 500,
};

export interface ApiErrorBody {
  error: { code: ApiErrorCode; message: string; status: number; details?: unknown };
}

export class ApiError extends Error {
  readonly status: number;
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.status = STATUS[code];
    this.name = 'ApiError';
  }

  toBody(): ApiErrorBody {
    return { error: { code: this.code, message: this.message, status: this.status, ...(this.details === undefined ? {} : { details: this.details }) } };
  }

  /** Typed `never`: an error answer fits every route's success type (it has none). */
  toResponse(headers?: HeadersInit): JsonResponse<never> {
    return Response.json(this.toBody(), { status: this.status, headers }) as JsonResponse<never>;
  }
}

const CODES = new Set<string>(Object.keys(STATUS));

/**
 * The ApiError an error thrown by a handler stands for, or null for a bug (500). Matched by its
 * `code` (an ApiError or a lib/domain-error.ts DomainError, from whichever chunk), not by
 * `instanceof`, which fails across Next's separately bundled chunks.
 */
export function apiErrorFrom(e: unknown): ApiError | null {
  if (e instanceof ApiError) return e;
  if (typeof e !== 'object' || e === null || !(e instanceof Error)) return null;
  const { code, details } = e as Error & { code?: unknown; details?: unknown };
  if (typeof code !== 'string' || !CODES.has(code) || code === 'internal') return null;
  return new ApiError(code as ApiErrorCode, e.message, details);
}
