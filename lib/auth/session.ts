import 'server-only';
// Stateless signed sessions: cookie `pmta_session` = base64url(JSON payload) "." HMAC-SHA256.
// Nothing is stored server-side, so logout only deletes the browser's copy: a stolen cookie
// stays valid until `exp` unless the secret is rotated (secret.ts) or the user's password
// hash changes (the hash is part of the signed input, so a password reset signs them out).
// The role is read from the current config, never trusted from the cookie.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { UserConfig } from '@/lib/config/auth-schema';
import { ROLES, type AuthUser } from './roles';
import { serializeCookie } from './cookies';
import { CSRF_COOKIE, SESSION_COOKIE } from './cookie-names';
import type { ClientInfo } from './client-address';
import type { AuthSettings } from './settings';

export { SESSION_COOKIE };
/** Readable by the page's JavaScript: carries the CSRF token to send back in x-csrf-token. */
export { CSRF_COOKIE };
/**
 * Over https the cookies carry the `__Host-` prefix: the browser then only accepts them with
 * Secure, Path=/ and no Domain, so a sibling subdomain (or plain-http man in the middle) can
 * neither plant a session of its choosing nor shadow ours.
 */
export const HOST_PREFIX = '__Host-';

export function cookieNames(secure: boolean): { session: string; csrf: string } {
  const p = secure ? HOST_PREFIX : '';
  return { session: `${p}${SESSION_COOKIE}`, csrf: `${p}${CSRF_COOKIE}` };
}

/** Whether this request's cookies are Secure (and so `__Host-` prefixed). */
export function secureCookies(s: Pick<AuthSettings, 'auth'>, client: Pick<ClientInfo, 'protocol'>): boolean {
  return s.auth.cookieSecure === 'auto' ? client.protocol === 'https:' : s.auth.cookieSecure;
}

const payloadSchema = z
  .object({
    sid: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/),
    u: z.string().min(1).max(64),
    r: z.enum(ROLES),
    iat: z.number().int(),
    exp: z.number().int(),
  })
  .strict();

export type SessionPayload = z.infer<typeof payloadSchema>;

export type SessionCheck =
  { ok: true; user: AuthUser; payload: SessionPayload } | { ok: false; reason: 'malformed' | 'signature' | 'expired' | 'unknown_user' | 'role_changed' };

// Cookies are small; refusing big ones early bounds the work an anonymous request can cause.
const MAX_TOKEN_LENGTH = 1024;
const CLOCK_SKEW_SECONDS = 60;

function mac(key: Buffer, payloadB64: string, passwordHash: string): Buffer {
  return createHmac('sha256', key).update(payloadB64).update('\n').update(passwordHash).digest();
}

export function signSession(payload: SessionPayload, key: Buffer, passwordHash: string): string {
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
  return `${body}.${mac(key, body, passwordHash).toString('base64url')}`;
}

export function issueSession(user: UserConfig, key: Buffer, hours: number, now = Date.now()): { token: string; payload: SessionPayload } {
  const iat = Math.floor(now / 1000);
  const payload: SessionPayload = { sid: randomBytes(18).toString('base64url'), u: user.username, r: user.role, iat, exp: iat + Math.round(hours * 3600) };
  return { token: signSession(payload, key, user.passwordHash), payload };
}

/** Exactly the unpadded base64url that Buffer writes: Node's decoder also takes padding, `+`, `/` and stray bits. */
function canonicalBase64url(text: string): boolean {
  return /^[A-Za-z0-9_-]+$/.test(text) && Buffer.from(text, 'base64url').toString('base64url') === text;
}

export function verifySession(token: string, key: Buffer, users: ReadonlyMap<string, UserConfig>, now = Date.now()): SessionCheck {
  if (token.length > MAX_TOKEN_LENGTH) return { ok: false, reason: 'malformed' };
  const [body, sig, extra] = token.split('.');
  if (!body || !sig || extra !== undefined) return { ok: false, reason: 'malformed' };
  // One encoding only: a token is accepted in exactly the form we issued it.
  if (!canonicalBase64url(body) || !canonicalBase64url(sig)) return { ok: false, reason: 'malformed' };
  let payload: SessionPayload;
  try {
    const parsed = payloadSchema.safeParse(JSON.parse(Buffer.from(body, 'base64url').toString('utf8')));
    if (!parsed.success) return { ok: false, reason: 'malformed' };
    payload = parsed.data;
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  const user = users.get(payload.u);
  if (!user) return { ok: false, reason: 'unknown_user' };
  const expected = mac(key, body, user.passwordHash);
  const given = Buffer.from(sig, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'signature' };
  const nowSec = Math.floor(now / 1000);
  if (payload.exp <= nowSec || payload.iat > nowSec + CLOCK_SKEW_SECONDS) return { ok: false, reason: 'expired' };
  // A changed role (either way) ends the session: demotions take effect on the next request.
  if (payload.r !== user.role) return { ok: false, reason: 'role_changed' };
  return { ok: true, user: { username: user.username, role: user.role }, payload };
}

/** Past this many remembered tokens the memo starts over (a bound, not an eviction policy). */
const MAX_VERIFIED = 10_000;

/**
 * Tokens already verified by this process: a polling page sends the same cookie several times
 * a second, each checked twice (proxy and route guard), and the decode, schema check and HMAC
 * are the same every time — the keys and users are fixed for the process's life (settings.ts),
 * so only the expiry is looked at again. Whether the session is still live is the registry's
 * question, asked every time (lib/auth/session-registry.ts).
 */
export class VerifiedTokens {
  private readonly ok = new Map<string, Extract<SessionCheck, { ok: true }>>();

  verify(token: string, key: Buffer, users: ReadonlyMap<string, UserConfig>, now = Date.now()): SessionCheck {
    const hit = this.ok.get(token);
    if (hit) {
      if (hit.payload.exp > Math.floor(now / 1000)) return hit;
      this.ok.delete(token);
      return { ok: false, reason: 'expired' };
    }
    const check = verifySession(token, key, users, now);
    if (check.ok) {
      if (this.ok.size >= MAX_VERIFIED) this.ok.clear();
      this.ok.set(token, check);
    }
    return check;
  }
}

/** Set-Cookie values for a new session: the httpOnly session and the script-readable CSRF token. */
export function sessionCookies(token: string, csrfToken: string, o: { secure: boolean; maxAgeSeconds: number }): string[] {
  const n = cookieNames(o.secure);
  return [
    serializeCookie(n.session, token, { httpOnly: true, secure: o.secure, maxAge: o.maxAgeSeconds }),
    serializeCookie(n.csrf, csrfToken, { httpOnly: false, secure: o.secure, maxAge: o.maxAgeSeconds }),
  ];
}

export function clearedSessionCookies(secure: boolean): string[] {
  const n = cookieNames(secure);
  return [serializeCookie(n.session, '', { httpOnly: true, secure, maxAge: 0 }), serializeCookie(n.csrf, '', { httpOnly: false, secure, maxAge: 0 })];
}
