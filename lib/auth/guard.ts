import 'server-only';
// The API's enforcement point, run by apiRoute before any validation or handler code:
// 401 without a principal, 403 below the route's role, 403 `csrf` for state-changing
// requests that are cross-site or lack the session-bound token. proxy.ts only keeps
// anonymous visitors away from pages; this is what actually protects the API.
import { ApiError } from '@/lib/api/errors';
import { HOST_REFUSED, hostAllowed } from './allowed-hosts';
import { authenticate, csrfTokenForPrincipal, type Principal } from './authenticate';
import { resolveClient, type ClientInfo } from './client-address';
import { checkCsrfToken, checkSameOrigin, isStateChanging } from './csrf';
import { roleAtLeast, type AuthUser, type Role } from './roles';
import { getAuthSettings, type AuthSettings } from './settings';

export interface GuardOptions {
  /** Least role allowed, or 'public' (login, health): no identity needed, Origin still checked. */
  role: Role | 'public';
  /** Accept `Authorization: Bearer <auth.metricsToken>` (GET /api/metrics only). */
  allowMetricsToken?: boolean;
  /**
   * A public route whose caller is a machine presenting the route's own secret (the accounting
   * webhook): no Origin check, as nothing ambient authenticates it; the handler checks the secret.
   */
  ownSecret?: boolean;
}

export interface GuardResult {
  user: AuthUser | null;
  principal: Principal | null;
  client: ClientInfo;
  /** Token to send back in x-csrf-token; null for public routes and bearer tokens. */
  csrfToken: string | null;
}

export async function guardRequest(req: Request, opts: GuardOptions, s: AuthSettings = getAuthSettings()): Promise<GuardResult> {
  const client = resolveClient(req, s.isTrustedProxy);
  // Before anything else, and before the Origin comparison (which trusts the Host).
  if (!hostAllowed(client.host, s.auth.allowedHosts)) throw new ApiError('forbidden', HOST_REFUSED);
  const changing = isStateChanging(req.method);
  if (opts.role === 'public') {
    // Login has no session to bind a token to, but a cross-site form must still not be able
    // to sign a victim into an account of the attacker's choosing.
    if (changing && !opts.ownSecret) checkSameOrigin(req.headers, client);
    return { user: null, principal: null, client, csrfToken: null };
  }
  const principal = await authenticate(req, s, { allowMetricsToken: opts.allowMetricsToken, client });
  if (!principal) throw new ApiError('unauthorized', 'sign in first');
  if (!roleAtLeast(principal.user.role, opts.role)) {
    throw new ApiError('forbidden', `requires the ${opts.role} role; you are ${principal.user.role}`);
  }
  const csrfToken = csrfTokenForPrincipal(principal, s);
  if (changing && csrfToken !== null) {
    checkSameOrigin(req.headers, client);
    checkCsrfToken(req.headers, csrfToken);
  }
  return { user: principal.user, principal, client, csrfToken };
}
