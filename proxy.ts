import { serverLog } from '@/lib/log/logger';
// Next 16's request proxy (formerly middleware): nobody reaches a page or API route without
// being signed in, except the paths in lib/auth/public-paths.ts and Next's static assets.
// In 16.4.6 the proxy runs on the Node.js runtime (its only runtime; checked with a build:
// node:crypto and node:fs work here), so it verifies the session signature, expiry and user
// fully rather than just checking that a cookie exists. Still, apiRoute's guard is the real
// enforcement for the API (roles, CSRF); this keeps pages and their data from anonymous eyes.
// Every answer that passes through here gets the security headers (lib/security/headers.ts),
// and a Host outside `auth.allowedHosts` is refused first (DNS rebinding).
import { NextResponse, type NextRequest } from 'next/server';
import { ApiError } from '@/lib/api/errors';
import { decodePathSegment } from '@/lib/api/params';
import { HOST_REFUSED, hostAllowed } from '@/lib/auth/allowed-hosts';
import { authenticate } from '@/lib/auth/authenticate';
import { resolveClient } from '@/lib/auth/client-address';
import { loginPath } from '@/lib/auth/next-path';
import { isPublicPath } from '@/lib/auth/public-paths';
import { getAuthSettings, type AuthSettings } from '@/lib/auth/settings';
import { currentRuntime } from '@/lib/runtime/current';
import { isStoreError } from '@/lib/store/health';
import { API_CSP, newNonce, pageCsp, setSecurityHeaders } from '@/lib/security/headers';

const NO_STORE = { 'cache-control': 'no-store' };

export async function proxy(req: NextRequest): Promise<Response> {
  const isApi = req.nextUrl.pathname === '/api' || req.nextUrl.pathname.startsWith('/api/');
  if (isApi) {
    // An API answer runs no script, so it needs no nonce: its request goes on unchanged (copying
    // and overriding the request's headers is a measurable share of a polled read's cost, B10).
    const res = await decide(req, true, () => NextResponse.next());
    setSecurityHeaders(res.headers, API_CSP);
    return res;
  }
  const nonce = newNonce();
  const csp = pageCsp(nonce);
  // Next reads the nonce for its own scripts from the policy on the request.
  const forwarded = new Headers(req.headers);
  forwarded.set('x-nonce', nonce);
  forwarded.set('content-security-policy', csp);
  const res = await decide(req, false, () => NextResponse.next({ request: { headers: forwarded } }));
  setSecurityHeaders(res.headers, csp);
  return res;
}

async function decide(req: NextRequest, isApi: boolean, pass: () => Response): Promise<Response> {
  const { pathname, search } = req.nextUrl;
  // Next's route matcher throws on a segment it cannot percent-decode (`/domains/%E0%A4%A`)
  // and answers a bare 500 before any route code runs: refuse such an address here instead.
  if (pathname.split('/').some((seg) => decodePathSegment(seg) === null)) {
    const err = new ApiError('bad_request', 'path: malformed percent-encoding');
    return isApi
      ? err.toResponse(NO_STORE)
      : new Response('Bad request: the address contains a malformed %-escape.', {
          status: 400,
          headers: { ...NO_STORE, 'content-type': 'text/plain; charset=utf-8' },
        });
  }
  let s: AuthSettings;
  let signedIn: boolean;
  try {
    s = getAuthSettings();
    if (!hostAllowed(resolveClient(req, s.isTrustedProxy).host, s.auth.allowedHosts)) {
      return isApi ? new ApiError('forbidden', HOST_REFUSED).toResponse(NO_STORE) : new Response(HOST_REFUSED, { status: 421, headers: NO_STORE });
    }
    if (isPublicPath(pathname)) return pass();
    // Usually answered from the registry's memo (lib/auth/session-registry.ts): no store round trip.
    signedIn = (await authenticate(req, s)) !== null;
  } catch (e) {
    // Public paths work without the auth config (health must be able to say what is wrong).
    if (isPublicPath(pathname)) return pass();
    if (isStoreError(e)) {
      // The session could not be looked up (the store is down): refused, not "misconfigured";
      // the store banner and readiness say why.
      currentRuntime()?.storeHealth.failed(e);
      const err = new ApiError('unavailable', 'the store is unavailable: sessions cannot be checked until it recovers', { retryAfterSeconds: 5 });
      return isApi
        ? err.toResponse({ ...NO_STORE, 'retry-after': '5' })
        : new Response(err.message, { status: 503, headers: { ...NO_STORE, 'retry-after': '5' } });
    }
    // A broken config must not fail open; say so once per request and refuse.
    serverLog().error({ err: e }, '[auth] proxy could not load the auth configuration');
    const err = new ApiError('unavailable', 'the console is misconfigured; see the server log');
    return isApi ? err.toResponse(NO_STORE) : new Response(err.message, { status: 503, headers: NO_STORE });
  }
  if (signedIn) return pass();
  if (isApi) return new ApiError('unauthorized', 'sign in first').toResponse(NO_STORE);
  // Next's proxy adapter needs an absolute Location, and rewrites one on req.nextUrl's own
  // host to a relative path; that matters because nextUrl's host is the name Next was
  // started with (e.g. localhost), not necessarily the one the browser used.
  const res = NextResponse.redirect(new URL(loginPath(`${pathname}${search}`), req.nextUrl), 307);
  res.headers.set('cache-control', 'no-store');
  return res;
}

// Static files any visitor may fetch (icons, robots.txt) skip the proxy: an anonymous
// browser on the login page asks for them, and a redirect to /login would be a broken icon.
export const config = {
  matcher: ['/((?!_next/static|_next/image|favicon\\.ico|icon\\.svg|robots\\.txt).*)'],
};
