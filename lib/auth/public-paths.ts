// Paths proxy.ts lets through without a session. Everything else needs one.
// /api/metrics is here only so its bearer token can reach the guard, which still requires
// a session or the token; /api/auth/logout so an expired session can still clear cookies.
// /api/accounting/webhook/{node}[/{secret}] is called by PowerMTA itself (`http-webhook-url`),
// never by a browser: it has no session and checks its own per-node secret in the route.
// /api/internal/nodes/{id}/snapshot is called by another console replica (lib/cluster/):
// no session either; the route itself demands the shared secret and a loopback/private peer.
const PUBLIC = new Set(['/login', '/api/auth/login', '/api/auth/logout', '/api/health', '/api/health/ready', '/api/metrics']);
const WEBHOOK = /^\/api\/accounting\/webhook\/[^/]+(?:\/[^/]+)?$/;
const INTERNAL_SNAPSHOT = /^\/api\/internal\/nodes\/[^/]+\/snapshot$/;

export function isPublicPath(pathname: string): boolean {
  const p = pathname.length > 1 && pathname.endsWith('/') ? pathname.slice(0, -1) : pathname;
  return PUBLIC.has(p) || WEBHOOK.test(p) || INTERNAL_SNAPSHOT.test(p);
}
