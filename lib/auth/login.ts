import 'server-only';
import { serverLog } from '@/lib/log/logger';
// POST /api/auth/login and /api/auth/logout. Failures are indistinguishable: the same
// message and (by hashing against a dummy when the user is unknown) roughly the same time,
// so the form cannot be used to discover which usernames exist.
import type { z } from 'zod';
import { ApiError } from '@/lib/api/errors';
import { loginBodySchema, type loginResponseSchema, type meResponseSchema } from '@/lib/api/contracts/auth';
import { jsonResponse, type JsonResponse } from '@/lib/api/json-response';
import { resolveClient } from './client-address';
import { csrfTokenFor } from './csrf';
import { verifyPassword } from './password';
import { clearedSessionCookies, cookieNames, issueSession, secureCookies, sessionCookies, verifySession } from './session';
import { readCookie, serializeCookie } from './cookies';
import type { Principal } from './authenticate';
import { getAuthSettings, type AuthSettings } from './settings';

export { loginBodySchema };

export type LoginBody = z.infer<typeof loginBodySchema>;

export type LoginResponse = z.infer<typeof loginResponseSchema>;

export const INVALID_LOGIN = 'invalid username or password';

// A valid hash of a random password, verified against when the username is unknown.
const DUMMY_HASH = 'scrypt$16384$8$1$1o0ndBGxnV6d1w2lT0Q8Ow==$0Sr3Kt9a2C2m8jU8nF9lBzv3hW0lM2y4Zt1fJmQkYq8=';

export { secureCookies } from './session';

function withCookies<T>(body: T, cookies: string[], status = 200): JsonResponse<T> {
  const headers = new Headers({ 'content-type': 'application/json' });
  for (const c of cookies) headers.append('set-cookie', c);
  return jsonResponse(body, { status, headers });
}

export async function performLogin(body: LoginBody, req: Request, s: AuthSettings = getAuthSettings()): Promise<JsonResponse<LoginResponse>> {
  const client = resolveClient(req, s.isTrustedProxy);
  const attempt = s.loginLimiter.begin(client.address, body.username);
  if (!attempt.ok) {
    const err = new ApiError('rate_limited', `too many failed sign-ins; try again in ${attempt.retryAfterSeconds} s`, {
      retryAfterSeconds: attempt.retryAfterSeconds,
    });
    return err.toResponse({ 'retry-after': String(attempt.retryAfterSeconds) });
  }
  const release = s.passwordChecks.tryEnter();
  if (!release) {
    // Not a failure of this user: nothing is counted against them.
    attempt.abandon();
    return new ApiError('unavailable', 'too many sign-ins at once; try again in a moment', { retryAfterSeconds: 1 }).toResponse({ 'retry-after': '1' });
  }
  const user = s.users.get(body.username);
  let ok = false;
  try {
    ok = await verifyPassword(body.password, user?.passwordHash ?? DUMMY_HASH);
  } finally {
    release();
    attempt.finish(ok && user !== undefined);
  }
  if (!user || !ok) {
    // JSON-quoted so a username with control characters cannot forge log lines.
    serverLog().warn({ username: body.username.slice(0, 64), client: client.address }, '[auth] failed sign-in');
    throw new ApiError('unauthorized', INVALID_LOGIN);
  }
  const { token, payload } = issueSession(user, s.keys.session, s.auth.sessionHours);
  try {
    await s.sessions.create({ sid: payload.sid, username: user.username, expiresAt: payload.exp * 1000, client: client.address });
  } catch (e) {
    // A session that is not on record would not be accepted: say why instead of a 500.
    serverLog().error({ err: e, user: user.username }, '[auth] cannot record the session');
    throw new ApiError('unavailable', 'cannot sign in: the console cannot write to its store (see the server log)', { retryAfterSeconds: 5 });
  }
  const csrfToken = csrfTokenFor(`sid:${payload.sid}`, s.keys.csrf);
  const result: LoginResponse = { user: { username: user.username, role: user.role }, csrfToken };
  serverLog().info({ user: user.username, role: user.role, client: client.address }, '[auth] signed in');
  return withCookies(result, sessionCookies(token, csrfToken, { secure: secureCookies(s, client), maxAgeSeconds: payload.exp - payload.iat }));
}

/**
 * Ends the session on the server (so a copied cookie stops working too) and clears both
 * cookies. Only a correctly signed cookie names a session to revoke.
 */
export async function performLogout(req: Request, s: AuthSettings = getAuthSettings()): Promise<JsonResponse<{ ok: true }>> {
  const client = resolveClient(req, s.isTrustedProxy);
  for (const token of readCookie(req.headers, cookieNames(secureCookies(s, client)).session)) {
    const check = verifySession(token, s.keys.session, s.users);
    if (check.ok && (await s.sessions.revoke(check.payload.sid, check.user.username))) {
      serverLog().info({ user: check.user.username, client: client.address }, '[auth] signed out');
    }
  }
  const res = withCookies({ ok: true as const }, clearedSessionCookies(secureCookies(s, client)));
  // The polled fleet reads are kept in the browser's cache for revalidation (lib/api/route.ts):
  // signing out drops them (honoured over https and on localhost).
  res.headers.set('clear-site-data', '"cache"');
  return res;
}

/**
 * GET /api/auth/me. Also (re)sets the `pmta_csrf` cookie, so users signed in by a trusted
 * proxy — who never see the login response — get a token the browser's fetch wrapper can
 * read, and a cookie the user deleted comes back.
 */
export function performMe(
  principal: Principal,
  csrfToken: string | null,
  req: Request,
  s: AuthSettings = getAuthSettings(),
): JsonResponse<NonNullable<z.infer<typeof meResponseSchema>>> {
  const body = { user: principal.user, csrfToken, demo: isDemoMode() };
  if (csrfToken === null) return withCookies(body, []);
  const secure = secureCookies(s, resolveClient(req, s.isTrustedProxy));
  const maxAge = principal.via === 'session' ? Math.floor((principal.expiresAt - Date.now()) / 1000) : undefined;
  return withCookies(body, [serializeCookie(cookieNames(secure).csrf, csrfToken, { httpOnly: false, secure, maxAge })]);
}

export function isDemoMode(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.PMTA_CONSOLE_DEMO === '1';
}
