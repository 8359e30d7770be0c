import 'server-only';
// Cross-site request forgery defence for state-changing requests, in two layers:
//  1. Same origin: the browser-set Origin header must equal our own origin (scheme and host
//     the browser used; see client-address.ts), or, with no Origin, Sec-Fetch-Site must be
//     "same-origin". Clients sending neither (curl) must add an Origin header.
//  2. A token bound to the session: x-csrf-token must equal HMAC(csrf key, session id). The
//     browser gets it from the non-httpOnly `pmta_csrf` cookie or GET /api/auth/me. Because
//     it is derived from the sid, a cookie planted by a sibling subdomain cannot forge it.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { ApiError } from '@/lib/api/errors';
import type { ClientInfo } from './client-address';
import { CSRF_HEADER } from './cookie-names';

export { CSRF_HEADER };

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** POST/PUT/PATCH/DELETE (anything not GET/HEAD/OPTIONS) changes state. */
export function isStateChanging(method: string): boolean {
  return !SAFE_METHODS.has(method.toUpperCase());
}

/** `subject` identifies what the token is bound to, e.g. "sid:<session id>". */
export function csrfTokenFor(subject: string, key: Buffer): string {
  return createHmac('sha256', key).update(subject).digest('base64url');
}

export function expectedOrigin(client: Pick<ClientInfo, 'protocol' | 'host'>): string | null {
  if (!client.host) return null;
  try {
    return new URL(`${client.protocol}//${client.host}`).origin;
  } catch {
    return null;
  }
}

export function checkSameOrigin(headers: Headers, client: Pick<ClientInfo, 'protocol' | 'host'>): void {
  const origin = headers.get('origin');
  if (origin !== null) {
    const expected = expectedOrigin(client);
    let actual: string | null = null;
    try {
      actual = origin === 'null' ? null : new URL(origin).origin;
    } catch {
      actual = null;
    }
    if (expected === null || actual !== expected) throw new ApiError('csrf', `cross-origin request refused (Origin ${origin})`);
    return;
  }
  const site = headers.get('sec-fetch-site');
  if (site !== 'same-origin') throw new ApiError('csrf', 'cross-site request refused: send an Origin header');
}

export function checkCsrfToken(headers: Headers, expected: string): void {
  const given = Buffer.from(headers.get(CSRF_HEADER) ?? '');
  const want = Buffer.from(expected);
  if (given.length === 0) throw new ApiError('csrf', `missing ${CSRF_HEADER} header`);
  if (given.length !== want.length || !timingSafeEqual(given, want)) throw new ApiError('csrf', `invalid ${CSRF_HEADER} header`);
}
