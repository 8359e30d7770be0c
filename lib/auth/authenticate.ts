import 'server-only';
// Who is making this request? In order: a trusted proxy's user header (only when the
// verified peer is a configured proxy), a valid session cookie, or — for routes that opt
// in — the metrics bearer token. A session cookie counts only while its session is live in
// the store (lib/auth/session-registry.ts). Used by the API guard and by proxy.ts.
import { createHash, timingSafeEqual } from 'node:crypto';
import { readCookie } from './cookies';
import { csrfTokenFor } from './csrf';
import { resolveClient, type ClientInfo } from './client-address';
import { isRole, type AuthUser } from './roles';
import { cookieNames, secureCookies } from './session';
import type { AuthSettings } from './settings';

export type Principal =
  { via: 'session'; user: AuthUser; sid: string; expiresAt: number } | { via: 'proxy'; user: AuthUser } | { via: 'token'; user: AuthUser };

/** The identity a metrics scraper gets: read-only. */
export const METRICS_TOKEN_USER: AuthUser = { username: 'metrics-token', role: 'viewer' };

export interface RequestLike {
  headers: Pick<Headers, 'get'>;
  url: string;
}

/** Constant-time equality of two secrets, whatever their lengths. */
export function sameSecret(given: string, expected: string): boolean {
  // Hash first so the comparison is constant-time whatever the lengths.
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

function fromProxy(headers: Pick<Headers, 'get'>, s: AuthSettings): Principal | null {
  const proxy = s.auth.trustedProxy;
  const username = proxy ? headers.get(proxy.header)?.trim() : undefined;
  if (!proxy || !username || username.length > 256 || /[\u0000-\u001f\u007f]/.test(username)) return null;
  const asserted = proxy.roleHeader ? headers.get(proxy.roleHeader)?.trim().toLowerCase() : undefined;
  // The proxy's role header wins (it reflects the identity provider's groups), then the
  // user's entry in `users`, then the configured default.
  const role = isRole(asserted) ? asserted : (s.users.get(username)?.role ?? proxy.defaultRole);
  return { via: 'proxy', user: { username, role } };
}

/**
 * Async because a session's liveness is the store's answer; a session checked within the last
 * second (ACTIVE_CHECK_CACHE_MS) is answered from memory, so a polled request usually makes
 * no store round trip.
 */
export async function authenticate(
  req: RequestLike,
  s: AuthSettings,
  opts: { allowMetricsToken?: boolean; client?: ClientInfo } = {},
): Promise<Principal | null> {
  const client = opts.client ?? resolveClient(req, s.isTrustedProxy);
  if (client.fromTrustedProxy) {
    const p = fromProxy(req.headers, s);
    if (p) return p;
  }
  // Over https only the `__Host-` cookie counts: an unprefixed one may have been planted.
  for (const token of readCookie(req.headers, cookieNames(secureCookies(s, client)).session)) {
    const check = s.verifiedTokens.verify(token, s.keys.session, s.users);
    // The signature proves who; the registry says whether the session is still live (not
    // signed out, revoked by an admin or idle).
    if (check.ok && (await s.sessions.check(check.payload.sid)) === 'active')
      return { via: 'session', user: check.user, sid: check.payload.sid, expiresAt: check.payload.exp * 1000 };
  }
  const authz = req.headers.get('authorization');
  if (opts.allowMetricsToken && s.auth.metricsToken && authz?.toLowerCase().startsWith('bearer ')) {
    if (sameSecret(authz.slice(7).trim(), s.auth.metricsToken)) return { via: 'token', user: METRICS_TOKEN_USER };
  }
  return null;
}

/** The CSRF token the principal must echo in x-csrf-token; null for bearer tokens (not ambient). */
export function csrfTokenForPrincipal(p: Principal, s: AuthSettings): string | null {
  if (p.via === 'session') return csrfTokenFor(`sid:${p.sid}`, s.keys.csrf);
  if (p.via === 'proxy') return csrfTokenFor(`proxy:${p.user.username}`, s.keys.csrf);
  return null;
}
